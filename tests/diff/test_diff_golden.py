"""Golden tests: every output format over fixture pairs that cover every change kind.

Regenerate after a deliberate change with `pytest tests/diff --update-goldens`, then
review the diff of the expected files (a missing one fails).
"""

from __future__ import annotations

import json

import pytest

from tests.diff.conftest import CASES, FIXTURES

SUFFIXES = {"markdown": "md", "text": "txt", "json": "json", "github": "github"}


@pytest.mark.parametrize("output", list(SUFFIXES))
@pytest.mark.parametrize("case", CASES)
def test_output_matches_golden(case, output, cli, monkeypatch, golden) -> None:
    monkeypatch.chdir(FIXTURES / case)
    code, out, err = cli("diff", "base", "head", "--format", output)
    assert code == 0, err
    golden.check(FIXTURES / case / f"expected.{SUFFIXES[output]}", out)


def test_every_change_kind_is_covered_by_the_fixtures() -> None:
    from mkdocs_touchpoints.diff.model import RULES, Kind

    seen_kinds, seen_codes = set(), set()
    for case in CASES:
        data = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
        seen_kinds |= {c["kind"] for c in data["changes"]}
        seen_codes |= {c["code"] for c in data["changes"]}
    assert seen_kinds == {k.value for k in Kind}
    assert seen_codes == {r.code for r in RULES}
