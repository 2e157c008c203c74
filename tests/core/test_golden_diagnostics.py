"""Golden tests: each folder under golden/ is a journeys folder; its .expected file is the output.

Regenerate after an intended change with `UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def _run(case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(GOLDEN)
    code = main(["validate", case, "--strict"])
    out = capsys.readouterr().out
    return f"{out}exit {code}\n"


@pytest.mark.parametrize("case", CASES)
def test_validate_output_matches_golden(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    actual = _run(case, capsys, monkeypatch)
    expected_file = GOLDEN / f"{case}.expected"
    if os.environ.get("UPDATE_GOLDEN") or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_case_has_an_expected_file() -> None:
    missing = [c for c in CASES if not (GOLDEN / f"{c}.expected").exists()]
    assert missing == []
