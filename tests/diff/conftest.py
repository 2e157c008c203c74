"""Helpers of the diff tests: run the command in-process, and make throw-away git repos."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main
from tests.git_identity import GIT_IDENTITY

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "base").is_dir())
MEASURED = FIXTURES / "measured"
# A month whose NPS (-9.4) misses its target (>= 30) and drops significantly from 21.2.
MISSING_MONTH = "nps-purchase,2026-02,phone-purchase,,,1204,402,515,Post-purchase survey\n"


def measured_pair(tmp_path: Path) -> tuple[Path, Path]:
    """BASE = the measured fixture's BASE; HEAD = BASE plus a month whose NPS misses its
    target (`MISSING_MONTH`)."""
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(MEASURED / "base", base)
    shutil.copytree(MEASURED / "base", head)
    with (head / "_metrics" / "surveys.csv").open("a", encoding="utf-8") as f:
        f.write(MISSING_MONTH)
    return base, head


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`cli(*argv)` -> (exit code, stdout, stderr) of `mkdocs-touchpoints`."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment where git ignores the user's configuration and can commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in GIT_IDENTITY.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **GIT_IDENTITY}


class Repo:
    """A temporary git repository driven by the git command."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.env = env
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=True
        )
        return done.stdout

    def put(self, source: Path, folder: str = "journeys") -> None:
        """Make `folder` hold exactly the files of `source`."""
        target = self.root / folder
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Repo:
    """An empty git repository in tmp_path/repo."""
    root = tmp_path / "repo"
    root.mkdir()
    return Repo(root, git_env)
