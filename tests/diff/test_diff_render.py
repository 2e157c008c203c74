"""Renderers: the summary line, Markdown safety and size, GitHub escaping, the docs example."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_touchpoints.diff.compare import compare
from mkdocs_touchpoints.diff.model import Change, HandbookDiff, Kind, Location, rule_for
from mkdocs_touchpoints.diff.render import (
    COMMENT_MARKER,
    as_github,
    as_markdown,
    md_text,
    summary_line,
)
from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook
from tests.diff.conftest import FIXTURES

DOCS = Path(__file__).parents[2] / "docs" / "diff.md"


def journey(name: str, touchpoint_name: str = "Web") -> bytes:
    return f"""\
title: {name}
owner: shop
phases: [Need]
touchpoints:
  - {{id: web, name: "{touchpoint_name}", channel: web, type: reactive}}
steps:
  - {{phase: need, touchpoint: web, action: Looks}}
""".encode()


def book(*files: tuple[str, bytes]):
    return build_handbook([SourceFile(n, n, d) for n, d in files], TeamsSource())


def changed(kind: Kind, journey_id: str | None = "j", field: str | None = None) -> Change:
    return Change(kind, rule_for(kind, field), journey_id, "x", "m", field=field)


def test_summary_line_reads_like_the_issue_example() -> None:
    diff = HandbookDiff(
        [
            changed(Kind.TOUCHPOINT_REMOVED, "a"),
            changed(Kind.TOUCHPOINT_CHANGED, "a", "type"),
            changed(Kind.JOURNEY_CHANGED, "b", "owner"),
            changed(Kind.PHASE_CHANGED, "b", "name"),
            changed(Kind.TOUCHPOINT_CHANGED, "b", "channel"),
            changed(Kind.JOURNEY_ADDED, "c"),
        ]
    )
    assert summary_line(diff) == "2 journeys changed, 1 added · 1 breaking, 3 warnings, 2 info"


def test_summary_line_of_teams_and_of_nothing() -> None:
    diff = HandbookDiff([changed(Kind.TEAM_ADDED, None), changed(Kind.TEAM_REMOVED, None)])
    assert summary_line(diff) == "1 team added, 1 removed · 0 breaking, 0 warnings, 2 info"
    assert summary_line(HandbookDiff()) == "no changes to the journey maps"


def test_markdown_cells_cannot_inject_markup() -> None:
    hostile = "<img src=x onerror=alert(1)> | *bold* [link](javascript:x) `code`"
    diff = compare(book(("j.yml", journey("J"))), book(("j.yml", journey("J", hostile))))
    out = as_markdown(diff)
    row = next(line for line in out.splitlines() if "· name" in line)
    assert row.count(" | ") == 4  # five cells: the pipe inside the name is escaped
    assert "<img" not in out and "&lt;img" in row
    assert r"\*bold\*" in row and r"\[link\]" in row and r"\`code\`" in row


def test_md_text_is_one_short_line() -> None:
    text = md_text("line one\nline two " + "x" * 200)
    assert "\n" not in text and len(text) <= 80 and text.endswith("…")


def test_a_huge_diff_is_cut_below_the_comment_limit() -> None:
    before = [(f"j{n}.yml", journey(f"J{n}")) for n in range(400)]
    diff = compare(book(*before), book())
    out = as_markdown(diff, limit=5_000)
    assert len(out) < 5_300
    assert out.startswith(COMMENT_MARKER)
    assert re.search(r"\*\d+ more lines left out to fit a comment", out)
    full = as_markdown(diff)
    assert "left out" not in full and "`j399`" in full


def test_github_annotations_escape_data_and_properties() -> None:
    change = Change(
        Kind.TOUCHPOINT_CHANGED,
        rule_for(Kind.TOUCHPOINT_CHANGED, "name"),
        "j",
        "web",
        "name changed from 'a%b' to 'c\nd'",
        field="name",
        location=Location("journeys/a,b:c.yml", 3, 5),
    )
    out = as_github(HandbookDiff([change]))
    assert out == (
        "::notice file=journeys/a%2Cb%3Ac.yml,line=3,col=5,title=TP-I006 touchpoint changed"
        "::j: name changed from 'a%25b' to 'c%0Ad'\n"
    )


def test_a_team_change_without_a_teams_file_has_no_file() -> None:
    diff = compare(
        book(("j.yml", journey("J"))),
        book(("j.yml", journey("J").replace(b"owner: shop", b"owner: web"))),
    )
    lines = [line for line in as_github(diff).splitlines() if "team" in line]
    assert lines and all(line.startswith("::notice title=") for line in lines)


def test_the_docs_show_the_real_markdown_of_the_example() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    example = (FIXTURES / "docs-example" / "expected.md").read_text(encoding="utf-8")
    assert f"```markdown\n{example}```" in docs
