"""Helpers of the exchange tests: the command in-process (bytes out), goldens, git repos."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main
from tests.diff.conftest import Repo, git_env  # noqa: F401  (fixture re-exported)

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"
GOLDEN = HERE / "golden"

Run = Callable[..., tuple[int, bytes, str]]


@pytest.fixture
def cli(capsysbinary: pytest.CaptureFixture[bytes]) -> Run:
    """`cli(*argv)` -> (exit code, stdout bytes, stderr text) of `mkdocs-touchpoints`."""

    def run(*argv: str) -> tuple[int, bytes, str]:
        code = main(list(argv))
        captured = capsysbinary.readouterr()
        return code, captured.out, captured.err.decode("utf-8")

    return run


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Repo:  # noqa: F811
    """An empty git repository in tmp_path/repo."""
    root = tmp_path / "repo"
    root.mkdir()
    return Repo(root, git_env)
