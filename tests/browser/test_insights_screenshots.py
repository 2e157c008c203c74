"""With `--screenshots` (`make screenshots`): pictures of the insights page and of a journey's
experience curve for the README and the docs (docs/img/insights-*.png, experience-*.png)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Served
from .test_screenshots import IMAGES, JOURNEY, screenshot

pytestmark = pytest.mark.browser

DESKTOP, PHONE = {"width": 1280, "height": 1000}, {"width": 375, "height": 812}
EXPERIENCE = ".tp-plot[data-tp-chart=experience]"
CHANNELS_ALL = '.tp-plot[data-tp-chart="channels-all"]'
SHOTS = [
    # file, page, viewport, dark, the element at the top, the plot to wait for
    ("insights-light.png", "insights/", DESKTOP, False, "#tp-hotspots", CHANNELS_ALL),
    ("insights-dark.png", "insights/", DESKTOP, True, ".tp-chart--channels-all", CHANNELS_ALL),
    ("experience-light.png", JOURNEY, DESKTOP, False, ".tp-chart--experience", EXPERIENCE),
    ("experience-dark.png", JOURNEY, DESKTOP, True, ".tp-chart--experience", EXPERIENCE),
    ("experience-phone.png", JOURNEY, PHONE, False, ".tp-chart--experience", EXPERIENCE),
]


def test_insights_screenshots(
    request: pytest.FixtureRequest, browser: Any, example_site: Served
) -> None:
    if not request.config.getoption("--screenshots", default=False):
        pytest.skip("pass --screenshots (make screenshots) to write docs/img/*.png")
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name, path, viewport, dark, target, plot in SHOTS:
        screenshot(browser, example_site, name, path, viewport, dark, target, plot)
