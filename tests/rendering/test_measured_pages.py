"""Golden pages of the measured metrics (the example handbook's `journeys/_metrics*`), through
the site pipeline: the Measured section, the touchpoint table's measured columns, the team
page's metrics. The suite builds as of `SOURCE_DATE_EPOCH` (tests/conftest.py), so the stale
marks do not age. Rewrite with `--update-goldens` after an intended change and review."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.figures import MeasuredLayer
from mkdocs_touchpoints.rendering.pipeline import GeneratedSite, SiteSettings, build_site
from tests.goldens import Golden

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).parent / "golden" / "measured"
PAGES = [
    "journeys/support-case.md",
    "journeys/click-and-collect.md",
    "journeys/late-delivery.md",
    "teams/customer-care.md",
]


def layer_charts(
    journey: Journey, labels: Mapping[str, str], /, *, measured: Sequence[MeasuredLayer] = ()
) -> str:
    """Stands in for the charts block: the measured layers the heatmap switch would offer."""
    keys = " ".join(layer.key for layer in measured)
    return f'<div class="tp-charts" data-tp-journey="{journey.id}" data-layers="{keys}"></div>'


def generated(language: str) -> GeneratedSite:
    journeys = ROOT / "journeys"
    handbook = load_folder(journeys, display_base="journeys")
    assert not handbook.errors
    settings = SiteSettings(language=language, journeys_dir=journeys)
    return build_site(handbook, settings, charts=layer_charts)


@pytest.mark.parametrize("language", ["en", "es"])
def test_measured_pages_match_golden(language: str, golden: Golden) -> None:
    pages = {page.src_uri: page for page in generated(language).pages}
    for src in PAGES:
        golden.check(EXPECTED / language / src, pages[src].markdown)


def test_only_cell_level_metrics_are_heatmap_layers() -> None:
    pages = {page.src_uri: page.markdown for page in generated("en").pages}
    assert 'data-layers="csat-support ces-support"' in pages["journeys/support-case.md"]
    assert 'data-layers=""' in pages["journeys/phone-purchase.md"]  # touchpoint level only
    assert "tp-measured" not in pages["journeys/store-event.md"]  # no metric rows


def test_the_ranking_shows_the_change_it_ranks_on(tmp_path: Path) -> None:
    """A pair ranked as a significant drop shows that drop, even when its latest period is
    hidden: the ranking row is the latest *shown* score, and its change."""
    journeys = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", journeys, ignore=shutil.ignore_patterns("_metrics*"))
    (journeys / "_metrics.yml").write_text(
        "metrics:\n  - {id: zz, name: Conversion, type: ratio}\n", encoding="utf-8"
    )
    (journeys / "_metrics").mkdir()
    (journeys / "_metrics" / "web.csv").write_text(
        "metric,period,journey,n,positive\n"
        "zz,2026-01,phone-purchase,1000,900\n"
        "zz,2026-02,phone-purchase,1000,100\n"
        "zz,2026-03,phone-purchase,5,1\n",  # hidden: n under hide_below
        encoding="utf-8",
    )
    handbook = load_folder(journeys, display_base="journeys")
    assert not handbook.errors
    site = build_site(handbook, SiteSettings(journeys_dir=journeys), charts=layer_charts)
    insights = next(page.markdown for page in site.pages if page.src_uri == "insights/index.md")
    row = next(line for line in insights.splitlines() if 'data-tp-metric="zz"' in line)
    assert "<td>2026-02</td>" in row
    assert 'class="tp-change tp-significant">▼ −80.0' in row
    journey = next(p.markdown for p in site.pages if p.src_uri == "journeys/phone-purchase.md")
    measured = next(line for line in journey.splitlines() if 'data-tp-metric="zz"' in line)
    assert "tp-significant" not in measured  # that row shows 2026-03, which has no change
