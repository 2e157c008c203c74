"""Golden tests: each folder under golden/ is a journeys folder; its .expected file is the output.

Each .expected file holds `validate --strict` as text, its exit code, then the same
diagnostics as JSON (with their `code`). A missing file fails; after an intended change,
rewrite them with `pytest tests/core --update-goldens` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.goldens import Golden, validate_output

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_validate_output_matches_golden(
    case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, golden: Golden
) -> None:
    golden.check(GOLDEN / f"{case}.expected", validate_output(GOLDEN, case, capsys, monkeypatch))


def test_every_case_has_an_expected_file() -> None:
    missing = [c for c in CASES if not (GOLDEN / f"{c}.expected").exists()]
    assert missing == []


def test_a_missing_golden_fails_and_is_not_written(tmp_path: Path) -> None:
    missing = tmp_path / "none.expected"
    with pytest.raises(AssertionError, match="missing golden file"):
        Golden(update=False).check(missing, "output\n")
    assert not missing.exists()
