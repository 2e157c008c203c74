"""`diff --format markdown --mermaid`: HEAD's map of each changed journey, within GitHub's limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_touchpoints.diff.render import GITHUB_COMMENT_LIMIT, with_diagrams
from tests.diff.conftest import FIXTURES as DIFF_FIXTURES
from tests.exchange.conftest import GOLDEN, Run

EXAMPLE = DIFF_FIXTURES / "docs-example"
BLOCK = re.compile(
    r"<details>\n<summary><code>([a-z0-9-]+)</code> — [^\n]*</summary>\n\n"
    r"```mermaid\n%% journey: \1\njourney\n.*?\n```\n\n</details>",
    re.S,
)


def test_markdown_with_mermaid_matches_golden(golden, cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    code, out, err = cli("diff", "base", "head", "--format", "markdown", "--mermaid")
    assert code == 0, err
    golden.check_bytes(GOLDEN / "docs-example-diff-mermaid.md", out)
    _, plain, _ = cli("diff", "base", "head", "--format", "markdown")
    text = out.decode("utf-8")
    assert text.startswith(plain.decode("utf-8"))  # the comment as before, maps after it
    changed = sorted(set(BLOCK.findall(text)))
    assert changed == ["late-delivery", "phone-purchase"]  # a team change has no map


def test_removed_journeys_get_no_map_and_other_formats_refuse(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(DIFF_FIXTURES / "everything")
    code, out, _ = cli("diff", "base", "head", "--mermaid")
    assert code == 0
    text = out.decode("utf-8")
    assert "<code>gone</code>" not in text
    assert "<code>returns</code>" in text  # an added journey has a map
    code, out, err = cli("diff", "base", "head", "--format", "json", "--mermaid")
    assert (code, out) == (2, b"")
    assert "--mermaid needs --format markdown" in err


def _journey(number: int, first: str) -> str:
    """A journey of 60 long steps; only the first step's action differs between sides."""
    filler = "x" * 150
    steps = "".join(
        f"  - {{phase: a, touchpoint: w, action: '{first if n == 0 else 'Step'} {n} {filler}'}}\n"
        for n in range(60)
    )
    return (
        f"title: Journey {number}\nowner: crm\nphases: [A]\n"
        "touchpoints: [{id: w, name: Web, channel: web, type: reactive}]\n"
        f"steps:\n{steps}"
    )


def test_past_githubs_limit_maps_are_dropped_and_the_comment_says_so(
    cli: Run, monkeypatch, tmp_path: Path
) -> None:
    for side, action in (("base", "Before"), ("head", "After")):
        folder = tmp_path / side
        folder.mkdir()
        for number in range(12):
            (folder / f"j{number:02}.yml").write_text(_journey(number, action), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("diff", "base", "head", "--mermaid")
    assert code == 0, err
    text = out.decode("utf-8")
    size = len(text.encode("utf-16-le")) // 2
    assert size < GITHUB_COMMENT_LIMIT
    maps = len(BLOCK.findall(text))
    assert 0 < maps < 12
    assert f"*{12 - maps} of 12 journey maps left out to keep the comment under GitHub's" in text


@pytest.mark.parametrize("limit", [500, 2_000])
def test_with_diagrams_never_passes_the_limit(limit: int) -> None:
    diagrams = [(f"j{n}", "T", "journey\n  title T\n  A: 3: 🙂 Me\n") for n in range(20)]
    result = with_diagrams("comment\n", diagrams, limit=limit)
    assert len(result.encode("utf-16-le")) // 2 < limit
    assert "journey maps left out" in result


def test_a_diagram_with_backticks_gets_a_longer_fence() -> None:
    result = with_diagrams("c\n", [("j", "T", "journey\n  A ``` b: 3: Me\n")])
    assert "\n````mermaid\n" in result and "\n````\n" in result
