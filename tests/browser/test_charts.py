"""The journey charts in Chromium: values read from the Plotly graph divs, the metric switch,
hover and click, instant navigation, the palette toggle, a phone-sized screen, and a page
that logs no console error and requests nothing outside 127.0.0.1."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CELL_CENTRE, Served, Watch, watched_page

pytestmark = pytest.mark.browser

HEATMAP = ".tp-plot[data-tp-chart=heatmap]"
BREAKDOWN = ".tp-plot[data-tp-chart=breakdown]"
CHANNELS = ".tp-plot[data-tp-chart=channels]"
CHECKOUT = "journeys/checkout/"
RETURNS = "journeys/returns/"
SHOP = "Shop <b>web</b> & app, a touchpoint with a very long name indeed"

PHASES = ["Need", "Discovery", "Purchase decision", "Support"]
TOUCHPOINTS = ["Offer e-mail", SHOP, "Tech forum", "Support line"]
EXPECTED = {
    "count": [[1, None, 1, None], [None, 2, 1, None], [None, 1, None, None], [None, None, None, 1]],
    "friction": [
        [0, None, None, None],
        [None, 2.5, 1, None],
        [None, None, None, None],
        [None, None, None, 4],
    ],
    "sentiment": [
        [1, None, None, None],
        [None, -0.5, 1, None],
        [None, 2, None, None],
        [None, None, None, -2],
    ],
    "volume": [
        [1000, None, None, None],
        [None, 550, 200, None],
        [None, None, None, None],
        [None, None, None, 30],
    ],
}

READ_TRACES = """sel => document.querySelector(sel).data.map(t => ({
  type: t.type, name: t.name, x: t.x, y: t.y, z: t.z === undefined ? null : t.z,
  zmid: t.zmid === undefined ? null : t.zmid}))"""
READ_THEME = """sel => {
  const gd = document.querySelector(sel);
  return {font: gd._fullLayout.font.color, paper: gd._fullLayout.paper_bgcolor,
          plot: gd._fullLayout.plot_bgcolor, scale: JSON.stringify(gd._fullData[0].colorscale),
          tick: (gd.querySelector('.xtick text') || {}).style?.fill || null};
}"""


def open_journey(page: Any, site: Served, path: str = CHECKOUT) -> None:
    page.goto(site.url(path))
    wait_rendered(page)


def wait_rendered(page: Any) -> None:
    for selector in (HEATMAP, BREAKDOWN, CHANNELS):
        page.wait_for_selector(f"{selector}[data-tp-rendered=true]", state="attached")


def follow_instantly(page: Any, path: str) -> None:
    """Click the link to `path` and wait for its charts; fails unless the page stayed loaded
    (Material's instant navigation replaced the content)."""
    page.evaluate("window.__tpSamePage = true")
    page.eval_on_selector(f"a[href$='{path.split('/')[1]}/']", "a => a.click()")
    page.wait_for_url(f"**/{path}")
    wait_rendered(page)
    assert page.evaluate("window.__tpSamePage") is True, "not an instant navigation"


def traces(page: Any, selector: str) -> list[dict[str, Any]]:
    return page.evaluate(READ_TRACES, selector)


def switch_metric(page: Any, metric: str) -> None:
    page.click(f"button[data-tp-metric={metric}]")
    page.wait_for_selector(f"{HEATMAP}[data-tp-current-metric={metric}]", state="attached")


def hover_cell(page: Any, column: int, row: int) -> str:
    page.eval_on_selector(HEATMAP, "gd => gd.scrollIntoView({block: 'center'})")
    x, y = page.evaluate(CELL_CENTRE, [HEATMAP, column, row])
    page.mouse.move(x, y)
    page.wait_for_function(
        "sel => (document.querySelector(sel + ' .hoverlayer') || {}).textContent",
        arg=HEATMAP,
    )
    return page.eval_on_selector(f"{HEATMAP} .hoverlayer", "layer => layer.textContent")


def test_heatmap_values_read_from_the_graph_div(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    heatmap = page.query_selector(HEATMAP)
    assert "js-plotly-plot" in (heatmap.get_attribute("class") or "")
    first = traces(page, HEATMAP)[0]
    assert first["type"] == "heatmap"
    assert first["x"] == PHASES
    assert first["y"] == TOUCHPOINTS
    assert first["z"] == EXPECTED["count"]
    # The first touchpoint is at the top, and long names are shortened on the axis.
    rows = page.evaluate(
        """sel => { const gd = document.querySelector(sel), ya = gd._fullLayout.yaxis;
                    return gd.data[0].y.map(name => ya.d2p(name)); }""",
        HEATMAP,
    )
    assert rows == sorted(rows) and rows[0] < rows[-1]
    ticks = page.eval_on_selector_all(f"{HEATMAP} .ytick text", "ts => ts.map(t => t.textContent)")
    shop_tick = next(tick for tick in ticks if tick.startswith("Shop <b>web</b>"))
    assert shop_tick.endswith("…") and len(shop_tick) < len(SHOP)
    watch.assert_clean()


def test_breakdown_and_totals(page_and_watch: tuple[Any, Watch], fixture_site: Served) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    bars = traces(page, BREAKDOWN)
    assert [trace["name"] for trace in bars] == ["Proactive", "Reactive"]
    assert all(trace["type"] == "bar" for trace in bars)
    assert bars[0]["x"] == bars[1]["x"] == PHASES
    assert bars[0]["y"] == [1, 0, 1, 0]
    assert bars[1]["y"] == [0, 3, 1, 1]
    assert page.evaluate(f"document.querySelector('{BREAKDOWN}').layout.barmode") == "stack"
    channels = traces(page, CHANNELS)[0]
    assert dict(zip(channels["y"], channels["x"], strict=True)) == {
        "web": 3,
        "email": 2,
        "forum": 1,
        "phone": 1,
    }
    totals = page.inner_text(".tp-totals")
    assert "Proactive share" in totals and "29% of steps (2 of 7)" in totals
    assert "Third-party share" in totals and "14% of steps (1 of 7)" in totals
    watch.assert_clean()


def test_metric_switch(page_and_watch: tuple[Any, Watch], fixture_site: Served) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    buttons = page.eval_on_selector_all(
        "button[data-tp-metric]",
        "bs => bs.map(b => [b.dataset.tpMetric, b.offsetParent !== null])",
    )
    assert buttons == [[m, True] for m in ("count", "friction", "sentiment", "volume")]
    for metric in ("friction", "sentiment", "volume", "count"):
        switch_metric(page, metric)
        first = traces(page, HEATMAP)[0]
        assert first["z"] == EXPECTED[metric], metric
        assert first["x"] == PHASES and first["y"] == TOUCHPOINTS
        assert first["zmid"] == (0 if metric == "sentiment" else None)
        pressed = page.eval_on_selector_all(
            "button[data-tp-metric][aria-pressed=true]", "bs => bs.map(b => b.dataset.tpMetric)"
        )
        assert pressed == [metric]
    watch.assert_clean()


def test_hover_shows_the_cell_and_click_goes_to_the_touchpoint(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    text = hover_cell(page, column=1, row=1)
    assert "Discovery" in text
    assert SHOP in text  # the full name, markup shown as text
    assert "Steps: 2" in text
    assert "Compares <i>prices</i> & specs" in text and "Reads the spec sheet" in text
    page.mouse.down()
    page.mouse.up()
    page.wait_for_function("location.hash === '#tp-shop'")
    top = page.evaluate("document.getElementById('tp-shop').getBoundingClientRect().top")
    assert 0 <= top < 300
    watch.assert_clean()


def test_instant_navigation_renders_the_next_journey(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    follow_instantly(page, RETURNS)
    assert page.eval_on_selector_all(HEATMAP, "gds => gds.length") == 1
    first = traces(page, HEATMAP)[0]
    assert first["x"] == ["Request", "Pickup"]
    assert first["y"] == ["Returns portal", "Courier"]
    assert first["z"] == [[2, None], [None, 1]]
    buttons = page.eval_on_selector_all(
        "button[data-tp-metric]", "bs => bs.map(b => b.dataset.tpMetric)"
    )
    assert buttons == ["count", "volume"]
    switch_metric(page, "volume")
    assert traces(page, HEATMAP)[0]["z"] == [[75, None], [None, None]]
    page.go_back()
    page.wait_for_url(f"**/{CHECKOUT}")
    wait_rendered(page)
    assert page.evaluate("window.__tpSamePage") is True
    assert traces(page, HEATMAP)[0]["z"] == EXPECTED["count"]
    watch.assert_clean()


def test_palette_toggle_recolours_the_charts(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    light = {selector: page.evaluate(READ_THEME, selector) for selector in (HEATMAP, BREAKDOWN)}
    page.locator("[data-md-component=palette] label:visible").first.click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.wait_for_selector(f"{HEATMAP}[data-tp-theme=dark]", state="attached")
    page.wait_for_selector(f"{BREAKDOWN}[data-tp-theme=dark]", state="attached")
    dark = {selector: page.evaluate(READ_THEME, selector) for selector in (HEATMAP, BREAKDOWN)}
    for selector in (HEATMAP, BREAKDOWN):
        assert dark[selector]["font"] != light[selector]["font"]
        for theme in (light, dark):
            backgrounds = {theme[selector][key].replace(" ", "") for key in ("paper", "plot")}
            assert backgrounds == {"rgba(0,0,0,0)"}
    assert dark[HEATMAP]["scale"] != light[HEATMAP]["scale"]
    # Light text on the dark page: the tick labels are bright.
    assert brightness(dark[HEATMAP]["font"]) > 0.6 > brightness(light[HEATMAP]["font"])
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_selector(f"{HEATMAP}[data-tp-theme=light]", state="attached")
    assert page.evaluate(READ_THEME, HEATMAP) == light[HEATMAP]
    watch.assert_clean()


def test_configured_dark_scheme_names(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    open_journey(page, fixture_site)
    schemes = page.eval_on_selector(".tp-charts", "block => block.dataset.tpDarkSchemes")
    assert schemes == "slate midnight"  # the plugin option `dark_schemes` of the fixture site
    for scheme, theme in (("midnight", "dark"), ("default", "light"), ("slate", "dark")):
        page.evaluate("name => document.body.setAttribute('data-md-color-scheme', name)", scheme)
        page.wait_for_selector(f"{HEATMAP}[data-tp-theme={theme}]", state="attached")
        page.wait_for_selector(f"{BREAKDOWN}[data-tp-theme={theme}]", state="attached")
    watch.assert_clean()


def brightness(colour: str) -> float:
    """0 (black) to 1 (white) for an `rgb(...)` or `rgba(...)` string."""
    inside = colour[colour.index("(") + 1 : colour.index(")")]
    red, green, blue = (float(part) for part in inside.split(",")[:3])
    return (0.299 * red + 0.587 * green + 0.114 * blue) / 255


def test_phone_width(browser: Any, fixture_site: Served) -> None:
    ctx, page, watch = watched_page(
        browser,
        fixture_site.origin,
        viewport={"width": 375, "height": 812},
        is_mobile=True,
        has_touch=True,
    )
    try:
        open_journey(page, fixture_site)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        for selector in (HEATMAP, BREAKDOWN, CHANNELS):
            box = page.query_selector(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, selector
        plot_width = page.evaluate(f"document.querySelector('{HEATMAP}')._fullLayout.xaxis._length")
        assert plot_width > 120
        ticks = page.eval_on_selector_all(
            f"{HEATMAP} .ytick text", "ts => ts.map(t => t.textContent)"
        )
        # Whole names on two lines at most; the one past 40 characters is shortened.
        assert ticks[0] == TOUCHPOINTS[0] and ticks[2:] == TOUCHPOINTS[2:]
        assert ticks[1].endswith("…") and SHOP.startswith(ticks[1][:-1].rstrip())
        lines = page.eval_on_selector_all(
            f"{HEATMAP} .ytick text", "ts => ts.map(t => t.querySelectorAll('tspan').length)"
        )
        assert max(lines) <= 2
        assert traces(page, HEATMAP)[0]["y"] == TOUCHPOINTS
        watch.assert_clean()
    finally:
        ctx.close()


def test_pages_without_charts_do_not_load_plotly(
    page_and_watch: tuple[Any, Watch], fixture_site: Served
) -> None:
    page, watch = page_and_watch
    for path in ("", "journeys/", "teams/", "teams/shop/"):
        page.goto(fixture_site.url(path))
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.Plotly") == "undefined", path
    assert not [url for url in watch.requests if url.endswith("plotly-cartesian.min.js")]
    open_journey(page, fixture_site)
    assert [url for url in watch.requests if url.endswith("plotly-cartesian.min.js")] == [
        fixture_site.url("assets/touchpoints/plotly-cartesian.min.js")
    ]
    # The generated content carries data, never an inline script.
    assert page.eval_on_selector_all(".md-content script", "s => s.length") == 0
    watch.assert_clean()
