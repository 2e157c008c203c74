"""The payload site in Chromium: every page opened, every heatmap cell hovered, cells
clicked, metrics switched, bars hovered, the search used, instant navigation taken.

Nothing may open a dialog, no element a payload describes may reach the DOM, and
the payloads must read as text where the page shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from browser.conftest import CELL_CENTRE

from .conftest import BrowserThread, BuiltPayloadSite, generated_urls
from .html_scan import MATERIAL_INLINE_SCRIPTS
from .payloads import PAYLOADS

pytestmark = pytest.mark.browser

HEATMAP = ".tp-plot[data-tp-chart=heatmap]"
PLOTS = ("heatmap", "breakdown", "channels")

DOM_PROBLEMS = """(materialScripts) => {
  const found = [];
  const origin = location.origin;
  const urlAttributes = ["href", "src", "xlink:href", "action", "formaction", "data", "srcdoc"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${el.localName} ${name}>`);
      if (urlAttributes.includes(name)) {
        const value = attr.value.replace(/[\\x00-\\x20]/g, "");
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value);
        const plotlyRaster = el.localName === "image" && el.closest(".js-plotly-plot") &&
          value.startsWith("data:image/png;base64,");  // how Plotly draws a heatmap
        if (scheme && !["http", "https", "mailto"].includes(scheme[1].toLowerCase()) &&
            !plotlyRaster)
          found.push(`<${el.localName} ${name}=${attr.value}>`);
      }
    }
  }
  const banned = "iframe, frame, object, embed, base, meta[http-equiv]";
  for (const el of document.querySelectorAll(banned)) found.push(`<${el.localName}>`);
  for (const img of document.images)
    if (!/\\.(png|svg)$/.test(img.getAttribute("src") || "")) found.push(`<img ${img.src}>`);
  for (const el of document.querySelectorAll(".js-plotly-plot a, .js-plotly-plot foreignObject"))
    found.push(`plotly <${el.localName}>`);
  for (const s of document.scripts) {
    const type = (s.type || "").toLowerCase();
    if (s.src) {
      if (new URL(s.src).origin !== origin) found.push(`script from ${s.src}`);
    } else if (["", "text/javascript", "module", "application/javascript"].includes(type)) {
      if (!materialScripts.some(start => s.text.trimStart().startsWith(start)))
        found.push(`inline script ${s.text.slice(0, 60)}`);
    }
  }
  return found;
}"""


HOVER_BAR = """([chart, curve, point, expected]) => {
  const gd = document.querySelector(`.tp-plot[data-tp-chart=${chart}]`);
  const layer = gd.querySelector(".hoverlayer");
  const text = layer ? layer.textContent.replace(/\\s+/g, " ") : "";
  if (expected !== null && text.includes(expected)) return text;
  Plotly.Fx.hover(gd, [{curveNumber: curve, pointNumber: point}]);  // throttled: poll again
  return expected === null ? text : null;
}"""


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Observed:
    """What a page did: dialogs, requests leaving the origin, page errors."""

    origin: str
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Any) -> None:
        url = request.url
        if not url.startswith(self.origin + "/") and not url.startswith("data:"):
            self.outside.append(url)


@dataclass
class Tab:
    page: Any
    seen: Observed
    site: BuiltPayloadSite
    pages_opened: int = 0
    cells_hovered: int = 0
    bars_hovered: int = 0

    def open(self, url: str) -> None:
        self.page.goto(self.site.served.url(url))
        self.pages_opened += 1

    def problems(self) -> list[str]:
        return self.page.evaluate(DOM_PROBLEMS, list(MATERIAL_INLINE_SCRIPTS))

    def assert_clean(self, where: str) -> None:
        assert self.seen.dialogs == [], (where, self.seen.dialogs)
        assert self.problems() == [], where
        assert self.seen.outside == [], (where, self.seen.outside)
        assert self.seen.errors == [], (where, self.seen.errors)

    def article_text(self) -> str:
        return squash(self.page.inner_text("article"))

    def wait_charts(self, journey_id: str) -> None:
        for chart in PLOTS:
            self.page.wait_for_selector(
                f".tp-charts[data-tp-journey={journey_id}] "
                f".tp-plot[data-tp-chart={chart}][data-tp-rendered=true]",
                state="attached",
            )

    def hover_cell(self, column: int, row: int) -> str:
        self.page.eval_on_selector(HEATMAP, "gd => gd.scrollIntoView({block: 'center'})")
        x, y = self.page.evaluate(CELL_CENTRE, [HEATMAP, column, row])
        self.page.mouse.move(1, 1)
        self.page.mouse.move(x, y)
        self.page.wait_for_function(
            "sel => (document.querySelector(sel + ' .hoverlayer') || {}).textContent",
            arg=HEATMAP,
        )
        self.cells_hovered += 1
        return squash(self.page.eval_on_selector(f"{HEATMAP} .hoverlayer", "l => l.textContent"))

    def hover_bar(self, chart: str, curve: int, point: int, expected: str) -> str:
        """Hover one bar through Plotly.Fx.hover (throttled: wait for its label)."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        arg = [chart, curve, point, squash(expected)]
        try:
            handle = self.page.wait_for_function(HOVER_BAR, arg=arg, polling=60, timeout=5_000)
        except PlaywrightTimeout:
            shown = self.page.evaluate(HOVER_BAR, [chart, curve, point, None])
            pytest.fail(f"{self.page.url}: {chart} hover shows {shown!r}, not {expected!r}")
        self.bars_hovered += 1
        return squash(handle.json_value())


def new_tab(browser: Any, site: BuiltPayloadSite, plotly: bool) -> tuple[Any, Tab]:
    """A fresh context and page recording dialogs, outside requests and page errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    if not plotly:  # the static sweep: the page as shipped, no charts drawn, no search index
        page.route("**/plotly-cartesian.min.js", lambda route: route.abort())
        page.route("**/workers/search.*.js", lambda route: route.abort())
    seen = Observed(site.served.origin)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(f"{dialog.type}: {dialog.message} on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", seen.on_request)
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    return context, Tab(page, seen, site)


@pytest.fixture(scope="module")
def tab(chromium: BrowserThread, payload_built: BuiltPayloadSite) -> Iterator[Tab]:
    """A tab that draws the charts (used only through `chromium.run`)."""
    context, tab = chromium.run(new_tab, payload_built, True)
    yield tab
    chromium.run(lambda _: context.close())


def in_tab(chromium: BrowserThread, scenario: Callable[[Tab], None], tab: Tab) -> None:
    chromium.run(lambda _: scenario(tab))


def test_every_page_loads_with_its_payloads_as_text(
    chromium: BrowserThread, payload_built: BuiltPayloadSite
) -> None:
    chromium.run(every_page_loads, payload_built)


def every_page_loads(browser: Any, payload_built: BuiltPayloadSite) -> None:
    """A full load of every page (charts not drawn: that is the next test's business)."""
    context, tab = new_tab(browser, payload_built, False)
    source = payload_built.source
    urls = ["", *generated_urls(payload_built.site_dir)]
    try:
        for url in urls:
            tab.open(url)
            text = tab.article_text()
            key = url.split("/")[1] if url.count("/") == 2 else ""
            if url.startswith("journeys/") and key:
                payload = source.journeys[key]
                shown = [payload, f"tag {payload}", f"B {payload}", f"Fourth {payload}"]
            elif url.startswith("teams/") and key:
                payload = source.teams[key]
                shown = [payload]
            else:
                payload, shown = "", list(PAYLOADS) if url else []
            if payload:
                assert tab.page.title() == f"{payload} - Payloads", url
            for item in shown:
                assert squash(item) in text, (url, item)
            tab.assert_clean(url)
    finally:
        context.close()
    assert tab.pages_opened == len(urls) == 3 + len(source.journeys) + len(source.teams)


def test_every_heatmap_cell_hovered_clicked_and_switched(chromium: BrowserThread, tab: Tab) -> None:
    in_tab(chromium, every_heatmap_cell_hovered_clicked_and_switched, tab)


def every_heatmap_cell_hovered_clicked_and_switched(tab: Tab) -> None:
    """Every journey page through instant navigation: hover all cells, switch every
    metric, click a cell, hover every bar; the payloads read as text in the labels."""
    journeys = tab.site.source.journeys
    tab.open("journeys/")
    for journey_id, payload in journeys.items():
        where = f"journeys/{journey_id}/"
        tab.page.eval_on_selector(f"nav a.md-nav__link[href$='/{journey_id}/']", "a => a.click()")
        tab.page.wait_for_url(f"**/{where}")
        tab.wait_charts(journey_id)
        assert tab.page.title() == f"{payload} - Payloads", where
        for column in range(2):
            for row in range(2):
                hover = tab.hover_cell(column, row)
                phase = payload if column == 0 else f"2 {payload}"
                touchpoint = payload if row == 0 else f"B {payload}"
                assert squash(f"Phase: {phase}") in hover, (where, hover)
                assert squash(f"Touchpoint: {touchpoint}") in hover, (where, hover)
        for metric in ("friction", "sentiment", "volume", "count"):
            tab.page.eval_on_selector(f"button[data-tp-metric={metric}]", "b => b.click()")
            tab.page.wait_for_selector(
                f"{HEATMAP}[data-tp-current-metric={metric}]", state="attached"
            )
            if metric in ("friction", "count"):
                assert squash(payload) in tab.hover_cell(0, 0), (where, metric)
        tab.page.mouse.down()
        tab.page.mouse.up()
        tab.page.wait_for_function("location.hash === '#tp-a'")
        for curve, kind in enumerate(("Proactive", "Reactive")):
            for point in range(2):
                phase = payload if point == 0 else f"2 {payload}"
                hover = tab.hover_bar("breakdown", curve, point, f"{phase}{kind}: ")
                assert hover.startswith(squash(phase)), (where, hover)
        ticks = tab.page.eval_on_selector_all(
            f"{HEATMAP} .xtick text, {HEATMAP} .ytick text", "ts => ts.map(t => t.textContent)"
        )
        names = (payload, f"2 {payload}", f"B {payload}")
        assert len(ticks) == 4, (where, ticks)
        for tick in ticks:  # long names are shortened with an ellipsis, never turned into markup
            assert any(name.startswith(tick.rstrip("…").strip()) for name in names), (where, tick)
        tab.assert_clean(where)
    assert tab.cells_hovered == len(journeys) * 6
    assert tab.bars_hovered == len(journeys) * 4


def test_search_results_show_payloads_as_text(chromium: BrowserThread, tab: Tab) -> None:
    in_tab(chromium, search_results_show_payloads_as_text, tab)


def search_results_show_payloads_as_text(tab: Tab) -> None:
    tab.open("journeys/")
    tab.page.keyboard.press("/")  # Material's shortcut: open the search
    for query in ("onerror", "onload", "onmouseover", "javascript"):
        tab.page.fill(".md-search__input", "")
        tab.page.keyboard.type(query)
        # The previous query's results stay attached until the new ones arrive: wait for them.
        tab.page.wait_for_function(
            "q => (document.querySelector('.md-search-result')?.innerText || '').includes(q)",
            arg=query,
        )
        results = squash(tab.page.inner_text(".md-search-result"))
        assert query in results, query
        tab.assert_clean(f"search {query}")


def test_a_full_load_draws_charts_that_hover_too(chromium: BrowserThread, tab: Tab) -> None:
    in_tab(chromium, a_full_load_draws_charts_that_hover_too, tab)


def a_full_load_draws_charts_that_hover_too(tab: Tab) -> None:
    """The previous test reached every journey by instant navigation; a full load of one."""
    tab.open("journeys/p00/")
    tab.wait_charts("p00")
    assert squash(PAYLOADS[0]) in tab.hover_cell(1, 1)
    tab.assert_clean("journeys/p00/ (full load)")
