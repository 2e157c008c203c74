"""Golden tests of the generated Markdown and nav (pure functions, no MkDocs build).

golden/journeys/ is the input; golden/expected/ holds the pages as generated.
Regenerate after an intended change with `UPDATE_GOLDEN=1 make test` and review the diff.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.nav import plan_nav
from mkdocs_touchpoints.rendering.pages import (
    GeneratedPage,
    PageContext,
    SiteLayout,
    holdings_by_team,
    journey_page,
    journeys_index_page,
    team_page,
    teams_index_page,
)

GOLDEN = Path(__file__).parent / "golden"
EXPECTED = GOLDEN / "expected"
DOCS = {"index.md", "concepts.md", "img/logo.png"}


def stub_charts(journey: Journey, labels: Mapping[str, str]) -> str:
    """Stands in for the charts block, so these files do not change with the charts."""
    return f'<div class="tp-charts" data-tp-journey="{journey.id}"></div>'


def generated(language: str) -> list[GeneratedPage]:
    handbook = load_folder(GOLDEN / "journeys", display_base="journeys")
    assert not handbook.errors
    layout = SiteLayout()
    known = DOCS | {layout.journey(f.id) for f in handbook.journeys}
    known |= {layout.team(t.id) for t in handbook.teams}
    ctx = PageContext(
        labels_for(language), layout, {t.id: t for t in handbook.teams}, stub_charts, known
    )
    holdings = holdings_by_team(handbook.journeys)
    pages = [journeys_index_page(handbook.journeys, ctx)]
    pages += [journey_page(f, ctx) for f in handbook.journeys]
    pages.append(teams_index_page(handbook.teams, holdings, ctx))
    pages += [team_page(t, holdings.get(t.id), ctx) for t in handbook.teams]
    return pages


def golden_text(page: GeneratedPage) -> str:
    broken = "".join(f"<!-- broken link {b.field} {b.target} -->\n" for b in page.broken_links)
    return broken + page.markdown


def check(name: str, actual: str) -> None:
    expected_file = EXPECTED / name
    if os.environ.get("UPDATE_GOLDEN") or not expected_file.exists():
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_match_golden(language: str) -> None:
    pages = generated(language)
    assert len(pages) == 6
    for page in pages:
        check(f"{language}/{page.src_uri}", golden_text(page))


@pytest.mark.parametrize("threshold", [0, 50])
def test_nav_matches_golden(threshold: int) -> None:
    handbook = load_folder(GOLDEN / "journeys", display_base="journeys")
    plan = plan_nav(
        handbook.journeys, handbook.teams, labels_for("en"), SiteLayout(), threshold=threshold
    )
    data = {"sections": plan.sections, "folder_links": plan.folder_links}
    check(f"nav-threshold-{threshold}.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def test_every_expected_file_is_generated() -> None:
    names = {f"{lang}/{p.src_uri}" for lang in ("en", "es") for p in generated(lang)}
    names |= {"nav-threshold-0.json", "nav-threshold-50.json"}
    on_disk = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert on_disk == names
