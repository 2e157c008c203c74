"""Measured metrics in Chromium, on the example handbook (journeys/_metrics*): the trend
charts read from their graph divs, measured metrics in the heatmap switch, every mark shown
as words, after Material's instant navigation and in the dark palette."""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import Any

import pytest

from .conftest import ROOT, Served, watched_page
from .test_charts import HEATMAP, READ_THEME, traces, wait_rendered

pytestmark = pytest.mark.browser

SUPPORT = "journeys/support-case/"
PURCHASE = "journeys/phone-purchase/"
MONTHS = ["2025-12"] + [f"2026-{month:02d}" for month in range(1, 12)]


def trend(metric: str) -> str:
    return f".tp-plot[data-tp-chart=trend-{metric}]"


def csat_by_month(journey: str) -> list[float]:
    """The journey's CSAT per month, pooled from the example's rows as the spec says."""
    positive: dict[str, int] = defaultdict(int)
    answers: dict[str, int] = defaultdict(int)
    path = ROOT / "journeys" / "_metrics" / "surveys" / "support.csv"
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["metric"] == "csat-support" and row["journey"] == journey:
                positive[row["period"]] += int(row["positive"])
                answers[row["period"]] += int(row["n"])
    return [100 * positive[month] / answers[month] for month in MONTHS]


@pytest.fixture
def example_page(browser: Any, example_site: Served) -> Any:
    ctx, page, watch = watched_page(
        browser, example_site.origin, viewport={"width": 1280, "height": 900}
    )
    yield page, watch
    ctx.close()


def open_page(page: Any, site: Served, path: str) -> None:
    page.goto(site.url(path))
    wait_rendered(page)


def wait_trends(page: Any, metrics: list[str]) -> None:
    for metric in metrics:
        page.wait_for_selector(f"{trend(metric)}[data-tp-rendered=true]", state="attached")


def test_trend_charts_and_the_measured_table(
    example_page: tuple[Any, Any], example_site: Served
) -> None:
    page, watch = example_page
    open_page(page, example_site, SUPPORT)
    rows = page.eval_on_selector_all(
        "#tp-measured tbody tr", "rows => rows.map(r => r.dataset.tpMetric)"
    )
    assert rows == ["csat-support", "ces-support", "hold-time"]  # definition order
    wait_trends(page, rows)
    first = traces(page, trend("csat-support"))[0]
    assert first["type"] == "scatter"
    assert first["x"] == MONTHS
    assert first["y"] == pytest.approx(csat_by_month("support-case"))
    # The CSAT of the support line fell in the last month: a significant drop, target missed.
    csat = page.inner_text("#tp-measured tr[data-tp-metric=csat-support]")
    assert "(significant)" in csat and "missed" in csat and "67.8%" in csat
    assert page.locator("#tp-measured tr[data-tp-metric=csat-support] .tp-significant").count()
    watch.assert_clean()


def test_measured_metrics_in_the_heatmap_switch(
    example_page: tuple[Any, Any], example_site: Served
) -> None:
    page, watch = example_page
    open_page(page, example_site, SUPPORT)
    buttons = page.eval_on_selector_all(
        "button[data-tp-metric]", "bs => bs.map(b => [b.dataset.tpMetric, b.textContent])"
    )
    assert ["csat-support", "Support CSAT"] in buttons
    assert ["ces-support", "Support effort (CES)"] in buttons
    page.click("button[data-tp-metric=csat-support]")
    page.wait_for_selector(f"{HEATMAP}[data-tp-current-metric=csat-support]", state="attached")
    z = traces(page, HEATMAP)[0]["z"]
    y = traces(page, HEATMAP)[0]["y"]
    email_ticket = z[y.index("E-mail ticket")]
    assert email_ticket == [None, None, None, None]  # 8 answers: hidden, not drawn
    chat = z[y.index("Support chat")]
    assert chat[1] == pytest.approx(100 * 155 / 176)
    watch.assert_clean()


def test_marks_read_as_words(example_page: tuple[Any, Any], example_site: Served) -> None:
    page, watch = example_page
    open_page(page, example_site, "journeys/click-and-collect/")
    nps = page.inner_text("#tp-measured tr[data-tp-metric=nps-purchase]")
    assert "low n" in nps and "+36.4" in nps  # 22 answers, below min_n = 30
    open_page(page, example_site, "journeys/late-delivery/")
    courier = page.inner_text("#tp-measured tr[data-tp-metric=on-time-delivery]")
    assert "stale" in courier and "2026-06" in courier
    open_page(page, example_site, SUPPORT)
    table = page.inner_text("#tp-table")
    assert "n = 8" in table and "est." in table  # hidden figure beside the estimate
    watch.assert_clean()


def test_after_instant_navigation_and_in_the_dark_palette(
    example_page: tuple[Any, Any], example_site: Served
) -> None:
    page, watch = example_page
    open_page(page, example_site, PURCHASE)
    page.evaluate("window.__tpSamePage = true")
    page.eval_on_selector("a[href$='support-case/']", "a => a.click()")
    page.wait_for_url(f"**/{SUPPORT}")
    wait_rendered(page)
    assert page.evaluate("window.__tpSamePage") is True, "not an instant navigation"
    wait_trends(page, ["csat-support", "ces-support", "hold-time"])
    light = page.evaluate(READ_THEME, trend("csat-support"))
    page.locator("[data-md-component=palette] label:visible").first.click()
    page.wait_for_selector(f"{trend('csat-support')}[data-tp-theme=dark]", state="attached")
    dark = page.evaluate(READ_THEME, trend("csat-support"))
    assert dark["font"] != light["font"]
    page.evaluate("localStorage.clear()")
    watch.assert_clean()
