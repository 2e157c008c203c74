"""The charts before Plotly: drawn at build time, readable with JavaScript off, following the
palette, and replaced by the interactive chart without a layout shift. (No timing here: the
first-paint times are measured by `make bench`, benchmarks/firstpaint.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, Served, Watch, watched_page
from .test_charts import CHECKOUT, HEATMAP, TOUCHPOINTS, open_journey

pytestmark = pytest.mark.browser

STATIC_TEXT = """([sel, cls]) => Array.from(
    document.querySelectorAll(`${sel} .tp-static text.${cls}`))
  .filter(t => { const b = t.getBoundingClientRect(); return b.width > 0 && b.height > 0; })
  .map(t => t.querySelector("tspan")
    ? Array.from(t.querySelectorAll("tspan"), s => s.textContent).join(" ") : t.textContent)"""
CELL_TEXTS = """sel => Array.from(document.querySelectorAll(`${sel} .tp-static .tp-cell text`))
  .map(t => t.textContent)"""
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def test_without_javascript_the_heatmap_shows_names_and_values(
    browser: Any, fixture_site: Served
) -> None:
    ctx, page, watch = watched_page(browser, fixture_site.origin, java_script_enabled=False)
    try:
        page.goto(fixture_site.url(CHECKOUT))
        assert not [url for url in watch.requests if "plotly" in url]
        names = page.evaluate(STATIC_TEXT, [HEATMAP, "ytick"])
        assert names[0] == TOUCHPOINTS[0] and len(names) == len(TOUCHPOINTS)
        assert names[1].startswith("Shop <b>web</b>")  # shortened as on Plotly's axis
        assert page.evaluate(STATIC_TEXT, [HEATMAP, "xtick"]) == [
            "Need",
            "Discovery",
            "Purchase decision",
            "Support",
        ]
        assert sorted(page.evaluate(CELL_TEXTS, HEATMAP)) == ["1", "1", "1", "1", "1", "2"]
        for chart in ("breakdown", "channels"):
            assert page.eval_on_selector(f"[data-tp-chart={chart}] .tp-static", "s => !!s")
    finally:
        ctx.close()


def test_plotly_takes_the_static_drawing_s_place_without_a_shift(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    assert page.eval_on_selector_all(".tp-plot .tp-static", "s => s.length") == 0
    for chart in ("heatmap", "breakdown", "channels"):
        reserved, height = page.eval_on_selector(
            f".tp-plot[data-tp-chart={chart}]",
            "gd => [parseFloat(gd.style.minHeight), gd.getBoundingClientRect().height]",
        )
        assert height == pytest.approx(reserved, abs=1), chart
    assert page.evaluate(LAYOUT_SHIFT) < 0.05
    watch.assert_clean()


def test_the_static_drawing_follows_the_palette(browser: Any, fixture_site: Served) -> None:
    ctx, page, watch = watched_page(browser, fixture_site.origin)
    try:
        page.route("**/plotly-cartesian.min.js", lambda route: route.abort())
        page.goto(fixture_site.url(CHECKOUT))
        page.wait_for_selector(".tp-charts[data-tp-palette=light]", state="attached")
        fill = f"document.querySelector('{HEATMAP} .tp-cell path')"
        light = page.evaluate(f"getComputedStyle({fill}).fill")
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        page.wait_for_selector(".tp-charts[data-tp-palette=dark]", state="attached")
        dark = page.evaluate(f"getComputedStyle({fill}).fill")
        assert dark != light
        assert page.eval_on_selector(f"{HEATMAP} .tp-static", "s => !!s")  # still there
        watch.errors.clear()  # the aborted plotly request is this test's own doing
        watch.assert_clean()
    finally:
        ctx.close()


def test_the_first_paint_benchmark_runs(browser: Any, tmp_path: Path) -> None:
    """benchmarks/firstpaint.py end to end, once (its numbers are `make bench`'s, not a test's)."""
    command = [sys.executable, str(ROOT / "benchmarks" / "firstpaint.py")]
    command += ["--repeats", "1", "--out", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if "heatmap visible" in line]
    assert len(lines) == 4, result.stdout
    runs = json.loads((tmp_path / "firstpaint.json").read_text(encoding="utf-8"))
    for path in ("direct load", "instant navigation"):
        for state in ("cold", "warm"):
            [run] = runs[path][state]
            assert run["visible"] > 0 and run["interactive"] > 0 and run["cls"] >= 0
