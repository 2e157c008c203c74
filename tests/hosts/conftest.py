"""Fixtures of the `generate` tests: a copy of the example handbook in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main

ROOT = Path(__file__).resolve().parents[2]
ASSET_LINES = """
extra_css:
  - assets/touchpoints/touchpoints.css
extra_javascript:
  - assets/touchpoints/touchpoints.js
"""


@pytest.fixture
def handbook(tmp_path: Path) -> Path:
    """The example handbook (mkdocs.yml with the two asset lines, docs/, journeys/)."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "journeys", tmp_path / "journeys")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config + ASSET_LINES, encoding="utf-8")
    return tmp_path


@pytest.fixture
def generate(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., tuple[int, str]]:
    """Runs `mkdocs-touchpoints generate ARGS` in a folder; returns (exit code, stderr)."""

    def run(folder: Path, *args: str) -> tuple[int, str]:
        monkeypatch.chdir(folder)
        code = main(["generate", *args])
        return code, capsys.readouterr().err

    return run
