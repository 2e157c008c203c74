"""The example handbook in Chromium: every journey page renders cleanly; and, with
`--screenshots` (`make screenshots`), pictures of a journey page for the README and docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, Served, watched_page
from .test_charts import HEATMAP, traces, wait_rendered

pytestmark = pytest.mark.browser

IMAGES = ROOT / "docs" / "img"
JOURNEY = "journeys/phone-purchase/"
EXAMPLE_JOURNEYS = sorted(
    path.stem for path in (ROOT / "journeys").rglob("*.yml") if not path.name.startswith("_")
)


def test_example_handbook_journeys_render_cleanly(browser: Any, example_site: Served) -> None:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    try:
        for journey in EXAMPLE_JOURNEYS:
            page.goto(example_site.url(f"journeys/{journey}/"))
            wait_rendered(page)
            first = traces(page, HEATMAP)[0]
            assert first["type"] == "heatmap" and first["z"], journey
        watch.assert_clean()
    finally:
        ctx.close()


CHARTS = ".tp-charts"
STEPS = "h2#steps"
MEASURED = "h2#measured"
MEASURED_JOURNEY = "journeys/support-case/"
TREND = ".tp-plot[data-tp-chart=trend-csat-support]"


def shoot(page: Any, path: Path, target: str) -> None:
    page.eval_on_selector(target, "block => block.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -64)")
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))


def screenshot(
    browser: Any,
    site: Served,
    name: str,
    path: str,
    viewport: dict[str, int],
    dark: bool,
    target: str,
    plot: str = HEATMAP,
) -> None:
    """Write docs/img/NAME: the page at `path`, scrolled to `target`, once `plot` is drawn."""
    ctx, page, watch = watched_page(browser, site.origin, viewport=viewport, device_scale_factor=1)
    try:
        page.goto(site.url(path))
        if path.startswith("journeys/"):
            wait_rendered(page)
        page.wait_for_selector(f"{plot}[data-tp-rendered=true]", state="attached")
        if dark:
            page.locator("[data-md-component=palette] label:visible").first.click()
            page.wait_for_selector(f"{plot}[data-tp-theme=dark]", state="attached")
        shoot(page, IMAGES / name, target)
        watch.assert_clean()
    finally:
        ctx.close()
    assert (IMAGES / name).stat().st_size > 10_000


def test_screenshots(request: pytest.FixtureRequest, browser: Any, example_site: Served) -> None:
    if not request.config.getoption("--screenshots", default=False):
        pytest.skip("pass --screenshots (make screenshots) to write docs/img/*.png")
    IMAGES.mkdir(parents=True, exist_ok=True)
    desktop, phone = {"width": 1280, "height": 1000}, {"width": 375, "height": 812}
    shots = [
        ("journey-light.png", desktop, False, CHARTS),
        ("journey-dark.png", desktop, True, CHARTS),
        ("journey-phone.png", phone, False, CHARTS),
        ("steps-light.png", desktop, False, STEPS),
        ("steps-dark.png", desktop, True, STEPS),
        ("steps-phone.png", phone, False, STEPS),
    ]
    for name, viewport, dark, target in shots:
        screenshot(browser, example_site, name, JOURNEY, viewport, dark, target)
    measured = [
        ("measured-light.png", desktop, False),
        ("measured-dark.png", desktop, True),
        ("measured-phone.png", phone, False),
    ]
    for name, viewport, dark in measured:
        screenshot(browser, example_site, name, MEASURED_JOURNEY, viewport, dark, MEASURED, TREND)
