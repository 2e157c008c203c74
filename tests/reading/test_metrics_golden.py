"""Golden diagnostics of the metrics files: each folder under golden/ is a journeys folder.

As in tests/core: each .expected file holds `validate --strict` as text, its exit code,
then the same diagnostics as JSON (with their `code`). A missing file fails; after an
intended change, rewrite them with `pytest tests/reading --update-goldens` and review.
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


def test_the_many_errors_case_has_every_code() -> None:
    expected = (GOLDEN / "many-errors.expected").read_text(encoding="utf-8")
    for code in (
        "unknown-team",
        "duplicate-id",
        "out-of-range",
        "wrong-value",
        "unknown-key",
        "unknown-column",
        "duplicate-column",
        "missing-column",
        "missing-value",
        "duplicate-row",
        "over-n",
        "bad-period",
        "unknown-metric",
        "unknown-journey",
        "unknown-phase",
        "unknown-touchpoint",
        "wrong-type",
        "field-count",
        "empty-file",
        "mixed-levels",
        "mixed-granularity",
        "mixed-n",
        "csv-syntax",
    ):
        assert f'"code": "{code}"' in expected, code
