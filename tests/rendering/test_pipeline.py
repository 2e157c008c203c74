"""The site pipeline: one call gives pages, nav, assets and diagnostics; one list of generators."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.rendering import pipeline
from mkdocs_touchpoints.rendering.pages import GeneratedPage
from mkdocs_touchpoints.rendering.pipeline import SiteError, SiteInput, SiteSettings, build_site

GOLDEN_JOURNEYS = Path(__file__).parent / "golden" / "journeys"


def test_a_generator_appended_to_the_list_adds_a_page_and_its_nav_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def extra_pages(site: SiteInput) -> Iterable[GeneratedPage]:
        yield GeneratedPage("extra.md", "Extra <all>", "# Extra\n", "extra")

    monkeypatch.setattr(pipeline, "PAGE_GENERATORS", [*pipeline.PAGE_GENERATORS, extra_pages])
    site = build_site(load_folder(GOLDEN_JOURNEYS), SiteSettings())
    assert site.pages[-1].src_uri == "extra.md"
    assert site.nav.sections[-1] == {"Extra &lt;all&gt;": "extra.md"}


def test_the_touchpoint_table_carries_its_id_in_the_markdown() -> None:
    site = build_site(load_folder(GOLDEN_JOURNEYS), SiteSettings())
    page = next(p for p in site.pages if p.kind == "journey")
    assert '<table id="tp-table">' in page.markdown
    assert {"touchpoints.js", "touchpoints.css", "plotly-cartesian.min.js"} <= set(site.assets)


def test_the_same_folder_for_journeys_and_teams_is_a_site_error() -> None:
    with pytest.raises(SiteError, match="must differ"):
        build_site(load_folder(GOLDEN_JOURNEYS), SiteSettings(teams_url="journeys"))
