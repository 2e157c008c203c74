"""Golden Markdown of the insights page of the example handbook (journeys/), through the
site pipeline. A missing golden file fails; `pytest --update-goldens` rewrites them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.rendering.pages.insights import INSIGHTS_PAGE
from mkdocs_touchpoints.rendering.pipeline import SiteSettings, build_site
from tests.goldens import Golden

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("language", ["en", "es"])
def test_insights_page_of_the_example_handbook(language: str, golden: Golden) -> None:
    handbook = load_folder(ROOT / "journeys")
    assert not handbook.errors
    site = build_site(handbook, SiteSettings(language=language, journeys_dir=ROOT / "journeys"))
    (page,) = [p for p in site.pages if p.kind == "insights"]
    assert page.src_uri == INSIGHTS_PAGE
    golden.check(GOLDEN / f"insights-{language}.md", page.markdown)
