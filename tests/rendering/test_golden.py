"""Golden tests of the generated Markdown and nav, through the site pipeline (no MkDocs build).

golden/journeys/ is the input; golden/expected/ holds the pages as `build_site` generates
them. A missing file fails; after an intended change, rewrite them with
`pytest tests/rendering/test_golden.py --update-goldens` and review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.pages import GeneratedPage
from mkdocs_touchpoints.rendering.pipeline import GeneratedSite, SiteSettings, build_site
from tests.goldens import Golden

GOLDEN = Path(__file__).parent / "golden"
EXPECTED = GOLDEN / "expected"
DOCS = frozenset({"index.md", "concepts.md", "img/logo.png"})


def stub_charts(journey: Journey, labels: Mapping[str, str]) -> str:
    """Stands in for the charts block, so these files do not change with the charts."""
    return f'<div class="tp-charts" data-tp-journey="{journey.id}"></div>'


def generated(language: str = "en", threshold: int = 50) -> GeneratedSite:
    handbook = load_folder(GOLDEN / "journeys", display_base="journeys")
    assert not handbook.errors
    settings = SiteSettings(
        language=language, nav_threshold=threshold, journeys_dir=GOLDEN / "journeys"
    )
    return build_site(handbook, settings, DOCS, charts=stub_charts)


def golden_text(page: GeneratedPage) -> str:
    broken = "".join(f"<!-- broken link {b.field} {b.target} -->\n" for b in page.broken_links)
    return broken + page.markdown


@pytest.mark.parametrize("language", ["en", "es"])
def test_pages_match_golden(language: str, golden: Golden) -> None:
    pages = generated(language).pages
    assert len(pages) == 7
    for page in pages:
        golden.check(EXPECTED / language / page.src_uri, golden_text(page))


@pytest.mark.parametrize("threshold", [0, 50])
def test_nav_matches_golden(threshold: int, golden: Golden) -> None:
    plan = generated(threshold=threshold).nav
    data = {"sections": plan.sections, "folder_links": plan.folder_links}
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    golden.check(EXPECTED / f"nav-threshold-{threshold}.json", text)


def test_diagnostics_match_golden(golden: Golden) -> None:
    diagnostics = [d.as_dict() for d in generated().diagnostics if d.code != "no-plotly"]
    golden.check(EXPECTED / "diagnostics.json", json.dumps(diagnostics, indent=2) + "\n")


def test_pages_name_the_yaml_they_show() -> None:
    sources = {p.src_uri: p.source for p in generated().pages}
    assert sources["journeys/checkout.md"] == GOLDEN / "journeys" / "checkout.yml"
    assert sources["journeys/index.md"] is None


def test_every_expected_file_is_generated() -> None:
    names = {f"{lang}/{p.src_uri}" for lang in ("en", "es") for p in generated(lang).pages}
    names |= {"nav-threshold-0.json", "nav-threshold-50.json", "diagnostics.json"}
    on_disk = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert on_disk == names
