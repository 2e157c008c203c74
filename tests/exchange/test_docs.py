"""docs/exports.md shows what the commands print (its examples are cut from the goldens)."""

from __future__ import annotations

import re

from tests.exchange.conftest import GOLDEN, ROOT

DOC = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", DOC, re.S | re.M)


def test_the_import_example_is_the_golden_output() -> None:
    golden = (GOLDEN / "my-working-day.yml").read_text(encoding="utf-8")
    (shown,) = [b for b in _blocks("yaml") if b.startswith("# yaml-language-server")]
    for part in shown.split("  ...\n"):
        assert part in golden


def test_the_codeowners_and_mermaid_examples_are_real_output() -> None:
    owners = (GOLDEN / "example.codeowners").read_text(encoding="utf-8")
    mermaid = (GOLDEN / "example.mmd").read_text(encoding="utf-8")
    shown = _blocks("text")
    codeowners = next(b for b in shown if b.startswith("# BEGIN"))
    assert all(line in owners.splitlines() for line in codeowners.splitlines())
    diagram = next(b for b in shown if b.startswith("%% journey: click-and-collect"))
    assert diagram in mermaid


def test_the_csv_header_is_the_exported_one() -> None:
    header = (GOLDEN / "example.csv").read_bytes().split(b"\r\n")[0].decode()
    assert f"```text\n{header}\n```" in DOC
