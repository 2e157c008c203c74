"""The Changes page (`compare_to`): its Markdown, its heatmap data, and a real MkDocs build."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from mkdocs_touchpoints.diff.model import Level
from mkdocs_touchpoints.diff.sources import read_folder
from mkdocs_touchpoints.reading.diagnostics import JourneyValidationError, SourceError
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.pages import PageContext, SiteLayout
from mkdocs_touchpoints.rendering.pages.changes import CHANGES_PAGE, build_changes_page, read_base
from tests.diff.conftest import FIXTURES, MEASURED, Repo, measured_pair
from tests.goldens import Golden

EXAMPLE = FIXTURES / "docs-example"


def example_page(**kwargs):
    base = read_folder(EXAMPLE / "base", "base", "BASE").handbook
    head = read_folder(EXAMPLE / "head", "head", "HEAD").handbook
    ctx = PageContext(labels_for("en"), SiteLayout(), {t.id: t for t in head.teams})
    return build_changes_page("main", base, head, ctx, **kwargs)


def test_page_markdown_matches_golden(golden: Golden) -> None:
    """The page around the figures; the figures themselves are the charts module's business."""
    page = example_page()
    markdown = re.sub(r'data-tp-figure="[^"]*"', 'data-tp-figure="…"', page.page.markdown)
    golden.check(EXAMPLE / "expected-page.md", markdown)
    assert (page.page.src_uri, page.page.kind, page.page.title) == (
        CHANGES_PAGE,
        "changes",
        "Changes",
    )


def test_page_links_to_journeys_touchpoints_and_teams() -> None:
    markdown = example_page().page.markdown
    assert "## [Late delivery alert](../journeys/late-delivery.md) (`late-delivery`)" in markdown
    assert "[`delay-alert`](../journeys/late-delivery.md#tp-delay-alert)" in markdown
    assert "[`customer-care`](../teams/customer-care.md)" in markdown
    # A removed touchpoint has nowhere to link to.
    assert "touchpoint `courier-tracking` removed" in markdown
    assert "#tp-courier-tracking" not in markdown


def test_marks_and_heatmaps_of_the_changed_journeys() -> None:
    page = example_page()
    assert page.marks == {"late-delivery": Level.BREAKING, "phone-purchase": Level.INFO}
    assert page.added == frozenset()
    pair = next(p for p in page.heatmaps if p.journey == "late-delivery")
    before, after = pair.before["figure"]["data"][0], pair.after["figure"]["data"][0]
    assert "Courier tracking site" in before["y"] and "Courier tracking site" not in after["y"]
    assert before["zmax"] == after["zmax"] == pair.after["metrics"]["count"]["zmax"]
    # Empty cells are null, as on the journey pages.
    assert any(value is None for row in after["z"] for value in row)


def test_each_changed_journey_gets_two_plots_with_escaped_data() -> None:
    markdown = example_page(dark_schemes=["slate", "night"]).page.markdown
    figures = re.findall(r'data-tp-figure="([^"]*)"', markdown)
    assert len(figures) == 4
    payload = json.loads(html.unescape(figures[0]))
    assert payload["metric"] == "count" and payload["figure"]["data"][0]["type"] == "heatmap"
    assert markdown.count('data-tp-dark-schemes="slate night"') == 2
    assert "Before (main)" in markdown


def test_no_changes() -> None:
    base = read_folder(EXAMPLE / "base", "base", "BASE").handbook
    ctx = PageContext(labels_for("es"), SiteLayout())
    page = build_changes_page("v1", base, base, ctx)
    assert "No hay cambios en los mapas de recorrido." in html.unescape(page.page.markdown)
    assert page.marks == {} and page.heatmaps == []


def test_read_base_errors(repo, tmp_path) -> None:
    repo.put(EXAMPLE / "base")
    repo.commit("base")
    journeys = repo.root / "journeys"
    assert len(read_base("main", journeys, repo.root).journeys) == 6
    with pytest.raises(SourceError, match="not a folder nor a git revision: nope"):
        read_base("nope", journeys, repo.root)
    with pytest.raises(SourceError, match="outside"):
        read_base("main", tmp_path, repo.root)
    (journeys / "phone-purchase.yml").write_text("title: [broken\n")
    repo.commit("broken")
    with pytest.raises(JourneyValidationError):
        read_base("main", journeys, repo.root)


def built_comparison(repo: Repo, base: Path, head: Path, *, strict: bool = True):
    """A site with `compare_to: main`, whose journeys are `base` in `main` and `head` in the
    working tree, built."""
    from tests.plugin.conftest import build_site, make_site

    site = make_site(
        repo.root,
        journeys={},
        teams=None,
        options={"compare_to": "main"},
        extra="use_directory_urls: true\n",
    )
    repo.put(base)
    repo.commit("base")
    repo.put(head)
    return build_site(site, strict=strict)


def test_a_real_build_renders_the_page(repo) -> None:
    site = built_comparison(repo, EXAMPLE / "base", EXAMPLE / "head")
    built = site.page("changes/")
    assert built.count('class="tp-plot"') == 4
    assert 'href="../journeys/late-delivery/#tp-delay-alert"' in built
    assert 'href="../teams/customer-care/"' in built
    assert "Changes" in site.page("")  # appended to the nav
    assert Path(site.site_dir / "journeys" / "late-delivery" / "index.html").is_file()
    index = html.unescape(site.page("journeys/"))
    assert '<a href="../changes/">changed (breaking)</a>' in index


def test_compare_to_a_bad_revision_stops_the_build_cleanly(repo, caplog) -> None:
    from mkdocs.exceptions import Abort

    from tests.plugin.conftest import build_site, make_site

    site = make_site(repo.root, options={"compare_to": "no-such-rev"})
    repo.commit("site")
    with pytest.raises(Abort):
        build_site(site, strict=True)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == ["compare_to: not a folder nor a git revision: no-such-rev"]


def measured_page(tmp_path: Path, language: str = "en", *, metrics: bool = True):
    base_dir, head_dir = measured_pair(tmp_path)
    base = read_folder(base_dir, "base", "BASE").handbook
    head = read_folder(head_dir, "head", "HEAD").handbook
    ctx = PageContext(labels_for(language), SiteLayout(), {t.id: t for t in head.teams})
    return build_changes_page("main", base, head, ctx, metrics=metrics)


def test_measured_metrics_have_a_section_of_their_own(tmp_path: Path, golden: Golden) -> None:
    """A new month of numbers is no change to the map: no journey is marked and no heatmap
    drawn; the score's row says before, after, n, interval and a missed target in words."""
    page = measured_page(tmp_path)
    assert page.marks == {} and page.heatmaps == []
    markdown = page.page.markdown
    assert "1 measured score changed" in markdown
    golden.check(MEASURED / "expected-page.md", markdown)
    row = next(line for line in markdown.splitlines() if "TP-W009" in line)
    assert '<a href="../journeys/phone-purchase/"><code>phone-purchase</code></a>' in row
    assert "+21.2 (2026-01) → −9.4 (2026-02)" in row
    assert "<td>1,204</td>" in row and "−14.3 – −4.5" in row
    assert '<span aria-hidden="true">✗</span> missed</span>' in row
    assert "(≥ 30)</span> · a significant drop" in row


def test_measured_section_in_spanish(tmp_path: Path) -> None:
    markdown = html.unescape(measured_page(tmp_path, "es").page.markdown)
    assert "## Métricas medidas" in markdown
    assert "no cumplido" in markdown and "una bajada significativa" in markdown


def test_without_metrics_the_page_says_no_change(tmp_path: Path) -> None:
    page = measured_page(tmp_path, metrics=False)
    assert "Measured metrics" not in page.page.markdown
    assert "No changes to the journey maps." in html.unescape(page.page.markdown)


def test_a_real_build_compares_the_measured_metrics(repo: Repo, tmp_path: Path) -> None:
    # Not strict: the fixture has teams that own nothing (warnings).
    site = built_comparison(repo, *measured_pair(tmp_path), strict=False)
    built = html.unescape(site.page("changes/"))
    assert '<h2 id="measured-metrics">Measured metrics' in built
    assert "+21.2 (2026-01) → −9.4 (2026-02)" in built
    assert 'class="tp-plot"' not in built
