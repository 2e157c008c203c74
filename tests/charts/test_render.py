"""The charts block: golden HTML, the figure JSON in data- attributes, accessibility hooks."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.charts import TOUCHPOINT_TABLE_ID, render_charts
from mkdocs_touchpoints.rendering.figures import figure_set
from mkdocs_touchpoints.rendering.i18n import labels_for
from tests.goldens import Golden

from .conftest import GOLDEN


class Elements(HTMLParser):
    """Every start tag of an HTML fragment with its attributes (unescaped by the parser)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def with_attribute(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for _, attrs in self.tags if name in attrs]


@pytest.mark.parametrize("language", ["en", "es"])
def test_render_charts_matches_golden(sample: Journey, language: str, golden: Golden) -> None:
    golden.check(
        GOLDEN / f"sample-{language}.html", render_charts(sample, labels_for(language)) + "\n"
    )


def test_figures_travel_in_escaped_data_attributes(sample: Journey) -> None:
    html = render_charts(sample, labels_for("en"))
    assert "<script" not in html.lower()
    plots = Elements(html).with_attribute("data-tp-figure")
    assert [plot["data-tp-chart"] for plot in plots] == [
        "heatmap",
        "experience",
        "breakdown",
        "channels",
    ]
    figures = figure_set(sample, labels_for("en"))
    heatmap = json.loads(plots[0]["data-tp-figure"] or "")
    assert heatmap["figure"] == figures.heatmap
    assert heatmap["metric"] == "count"
    assert list(heatmap["metrics"]) == ["count", "friction", "sentiment", "volume"]
    assert heatmap["anchors"] == ["tp-mail", "tp-shop", "tp-forum"]
    experience = json.loads(plots[1]["data-tp-figure"] or "")
    assert figures.experience is not None
    assert experience["figure"] == figures.experience.figure
    assert experience["anchors"] == ["step-1", "step-2", "step-3", "step-4", "step-5"]
    assert json.loads(plots[2]["data-tp-figure"] or "")["figure"] == figures.breakdown
    # Raw markup of the user's text never appears unescaped in the block.
    assert "<b>web</b>" not in html and "<i>prices</i>" not in html


def test_every_chart_has_a_name_and_a_text_alternative(sample: Journey) -> None:
    html = render_charts(sample, labels_for("en"))
    elements = Elements(html)
    ids = {attrs["id"] for _, attrs in elements.tags if "id" in attrs}
    for plot in elements.with_attribute("data-tp-figure"):
        assert plot["role"] == "img"
        assert plot["aria-labelledby"] in ids
        described = (plot["aria-describedby"] or "").split()
        assert described and described[0] in ids
    heatmap = elements.with_attribute("data-tp-figure")[0]
    assert TOUCHPOINT_TABLE_ID in (heatmap["aria-describedby"] or "").split()
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "Need: 1 proactive, 0 reactive" in text
    assert "Proactive share" in text and "40% of steps (2 of 5)" in text
    assert "Third-party share" in text and "20% of steps (1 of 5)" in text
    assert "email: 2, web: 2, forum: 1" in text


def test_metric_switch_offers_only_metrics_with_data(make_journey) -> None:
    journey = make_journey(
        """\
title: Bare
owner: crm
phases: [One]
touchpoints: [{id: web, name: Web, channel: web, type: reactive}]
steps: [{phase: one, touchpoint: web, action: Looks}]
"""
    )
    elements = Elements(render_charts(journey, labels_for("en")))
    assert elements.with_attribute("data-tp-metric") == []
    heatmap = json.loads(elements.with_attribute("data-tp-figure")[0]["data-tp-figure"] or "")
    assert list(heatmap["metrics"]) == ["count"]


def test_metric_switch_buttons(sample: Journey) -> None:
    elements = Elements(render_charts(sample, labels_for("es")))
    group = next(attrs for _, attrs in elements.tags if attrs.get("role") == "group")
    assert group["aria-label"] == "Métrica" and "hidden" in group
    buttons = elements.with_attribute("data-tp-metric")
    assert [b["data-tp-metric"] for b in buttons] == ["count", "friction", "sentiment", "volume"]
    assert [b["aria-pressed"] for b in buttons] == ["true", "false", "false", "false"]


def test_dark_schemes_and_table_id_are_configurable(sample: Journey) -> None:
    html = render_charts(
        sample, labels_for("en"), dark_schemes=["slate", "night"], table_id="touchpoints"
    )
    block = Elements(html).tags[0][1]
    assert block["data-tp-dark-schemes"] == "slate night"
    assert 'aria-describedby="tpc-heatmap-text touchpoints"' in html
