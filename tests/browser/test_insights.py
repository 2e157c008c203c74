"""The insights page and the experience curve in Chromium, on the example handbook: the
curve's x and y, the channels chart's counts per type, step links that land on their rows,
and no console error in light and dark. (The insights page's layout at 1280 and 375 px and
axe-core on it are in test_readable.py, with the other page types.)"""

from __future__ import annotations

from typing import Any

import pytest

from mkdocs_touchpoints.reading.loader import load_folder

from .conftest import ROOT, Served, watched_page
from .test_charts import wait_rendered

pytestmark = pytest.mark.browser

EXPERIENCE = ".tp-plot[data-tp-chart=experience]"
CHANNELS_ALL = '.tp-plot[data-tp-chart="channels-all"]'
INSIGHTS = "insights/"
READ = """sel => { const gd = document.querySelector(sel);
  return gd.data.map(t => ({type: t.type, name: t.name, x: t.x, y: t.y,
    colours: t.marker && t.marker.color})); }"""


def handbook() -> Any:
    loaded = load_folder(ROOT / "journeys")
    assert not loaded.errors
    return loaded


def go_dark(page: Any, plot: str) -> None:
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_selector(f"{plot}[data-tp-theme=dark]", state="attached")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_experience_curve_of_every_journey(browser: Any, example_site: Served, dark: bool) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        files = sorted(handbook().journeys, key=lambda f: f.id)
        for index, file in enumerate(files):
            page.goto(example_site.url(f"journeys/{file.id}/"))
            wait_rendered(page)
            page.wait_for_selector(f"{EXPERIENCE}[data-tp-rendered=true]", state="attached")
            if dark and index == 0:
                go_dark(page, EXPERIENCE)
            theme = page.get_attribute(EXPERIENCE, "data-tp-theme")
            assert theme == ("dark" if dark else "light")
            first = page.evaluate(READ, EXPERIENCE)[0]
            steps = file.journey.steps
            assert first["type"] == "scatter"
            assert first["x"] == list(range(1, len(steps) + 1)), file.id
            assert first["y"] == [s.sentiment for s in steps], file.id
        watch.assert_clean()
    finally:
        ctx.close()


def test_experience_hover_and_click_go_to_the_step(browser: Any, example_site: Served) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        page.goto(example_site.url("journeys/phone-purchase/"))
        wait_rendered(page)
        page.wait_for_selector(f"{EXPERIENCE}[data-tp-rendered=true]", state="attached")
        page.eval_on_selector(EXPERIENCE, "gd => gd.scrollIntoView({block: 'center'})")
        x, y = page.evaluate(
            """sel => { const gd = document.querySelector(sel), box = gd.getBoundingClientRect();
              const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
              return [box.left + xa._offset + xa.d2p(8), box.top + ya._offset + ya.d2p(-2)]; }""",
            EXPERIENCE,
        )
        page.mouse.move(x, y)
        page.wait_for_function(
            "sel => (document.querySelector(sel + ' .hoverlayer') || {}).textContent",
            arg=EXPERIENCE,
        )
        hover = page.eval_on_selector(f"{EXPERIENCE} .hoverlayer", "layer => layer.textContent")
        for part in ("Step 8", "Support centre phone line", "Friction: 4", "Pain point", "Opport"):
            assert part in hover, hover
        page.mouse.click(x, y)
        page.wait_for_function("() => location.hash === '#step-8'")
        watch.assert_clean()
    finally:
        ctx.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_channels_chart_counts_steps_per_channel_and_type(
    browser: Any, example_site: Served, dark: bool
) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        page.goto(example_site.url(INSIGHTS))
        page.wait_for_selector(f"{CHANNELS_ALL}[data-tp-rendered=true]", state="attached")
        if dark:
            go_dark(page, CHANNELS_ALL)
        expected: dict[str, dict[str, int]] = {}
        for file in handbook().journeys:
            touchpoints = {t.id: t for t in file.journey.touchpoints}
            for step in file.journey.steps:
                touchpoint = touchpoints[step.touchpoint]
                counts = expected.setdefault(touchpoint.channel, {"proactive": 0, "reactive": 0})
                counts[touchpoint.type] += 1
        proactive, reactive = page.evaluate(READ, CHANNELS_ALL)
        assert (proactive["name"], reactive["name"]) == ("Proactive", "Reactive")
        assert sorted(proactive["x"]) == sorted(expected)  # 13 channels, under insights.top
        for channel, p, r in zip(proactive["x"], proactive["y"], reactive["y"], strict=True):
            assert (p, r) == (expected[channel]["proactive"], expected[channel]["reactive"])
        watch.assert_clean()
    finally:
        ctx.close()


def test_step_links_land_on_their_rows(browser: Any, example_site: Served) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        page.goto(example_site.url(INSIGHTS))
        hrefs = page.eval_on_selector_all(
            "#tp-hotspots a[href*='#step-'], #tp-opportunities a[href*='#step-']",
            "links => links.map(a => a.getAttribute('href'))",
        )
        assert len(hrefs) > 20
        for href in dict.fromkeys(hrefs[:3] + hrefs[-3:]):  # clicked: instant navigation
            page.goto(example_site.url(INSIGHTS))
            page.click(f"a[href='{href}']")
            anchor = href.split("#")[1]
            page.wait_for_function("id => location.hash === '#' + id", arg=anchor)
            page.wait_for_selector(f"#{anchor}", state="attached")
            assert page.evaluate(
                """id => { const r = document.getElementById(id).getBoundingClientRect();
                  return r.top >= 0 && r.top < window.innerHeight; }""",
                anchor,
            ), href
        assert all("/journeys/" in href for href in hrefs)
        watch.assert_clean()
    finally:
        ctx.close()
