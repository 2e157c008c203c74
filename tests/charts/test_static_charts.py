"""The build-time drawing of the figures: names and values on screen without JavaScript,
well-formed SVG for any names, and one generic renderer for heatmap, bar and scatter."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings

from mkdocs_touchpoints.measures.registry import METRICS
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.charts import render_charts
from mkdocs_touchpoints.rendering.figures import figure_set
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.static_charts import (
    format_value,
    nice_ticks,
    plain,
    render_static,
    scale_colour,
)

from .test_figures import journeys

COLOURSCALES = {m.id: m.colourscales for m in METRICS.values()}
EN = labels_for("en")
SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    """The drawing as XML (fails on anything not well-formed)."""
    return ET.fromstring(svg)


def shown(text: ET.Element) -> str:
    """The text of a `<text>`, its lines (`<tspan>`) joined by newlines."""
    spans = list(text.iter(f"{SVG}tspan"))
    return "\n".join(s.text or "" for s in spans) if spans else text.text or ""


def texts(svg: str, cls: str | None = None) -> list[str]:
    return [
        shown(t) for t in parsed(svg).iter(f"{SVG}text") if cls is None or t.get("class") == cls
    ]


def test_heatmap_shows_touchpoint_names_and_cell_values(sample: Journey) -> None:
    figures = figure_set(sample, EN)
    svg = render_static(figures.heatmap, COLOURSCALES)
    trace = figures.heatmap["data"][0]
    layout = figures.heatmap["layout"]
    assert texts(svg, "ytick") == [plain(t) for t in layout["yaxis"]["ticktext"]]
    assert texts(svg, "xtick") == [plain(t) for t in layout["xaxis"]["ticktext"]]
    assert texts(svg, "ytick")[1].startswith("Shop <b>web</b> &")  # text, not markup
    cells = [g for g in parsed(svg).iter(f"{SVG}g") if g.get("class") == "tp-cell"]
    values = [v for row in trace["z"] for v in row if v is not None]
    assert ["".join(g.itertext()) for g in cells] == [str(v) for v in values]
    assert all("--tp-dark:" in (g.get("style") or "") for g in cells)  # the dark palette too
    assert parsed(svg).get("height") == str(layout["height"])


def test_breakdown_draws_a_bar_per_phase_and_type_with_its_legend(sample: Journey) -> None:
    figure = figure_set(sample, EN).breakdown
    svg = render_static(figure)
    assert {"Proactive", "Reactive"} <= set(texts(svg, "legendtext"))
    bars = [r for r in parsed(svg).iter(f"{SVG}rect") if float(r.get("height", 0)) > 0]
    drawn = sum(1 for trace in figure["data"] for value in trace["y"] if value)
    assert len(bars) == drawn + 2  # and the two legend keys
    assert {plain(t) for t in figure["layout"]["xaxis"]["ticktext"]} <= set(texts(svg))


def test_horizontal_bars_name_each_channel(sample: Journey) -> None:
    figure = figure_set(sample, EN).channels
    assert set(figure["data"][0]["y"]) <= set(texts(render_static(figure)))


def test_scatter_lines_break_at_missing_values() -> None:
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": [1, 2, 3, 4, 5],
                "y": [1, -1, None, 2, 0],
            }
        ],
        "layout": {"height": 300, "yaxis": {"range": [-2.5, 2.5]}},
    }
    svg = parsed(render_static(figure))
    assert len(list(svg.iter(f"{SVG}polyline"))) == 2
    assert len(list(svg.iter(f"{SVG}circle"))) == 4


def test_an_unknown_trace_type_draws_nothing() -> None:
    assert render_static({"data": [{"type": "sankey"}], "layout": {}}) == ""


@pytest.mark.parametrize(
    ("value", "spec", "separators", "text"),
    [
        (3, "d", ".,", "3"),
        (2.25, ".1~f", ".,", "2.2"),
        (2.0, ".1~f", ".,", "2"),
        (-0.5, ".1~f", ",.", "-0,5"),
        (1250, ",~f", ",.", "1.250"),
        (1550, ".3~s", ".,", "1.55k"),
        (7, "", ".,", "7"),
    ],
)
def test_format_value_follows_the_d3_subset(
    value: float, spec: str, separators: str, text: str
) -> None:
    assert format_value(value, spec, separators) == text


def test_nice_ticks_and_colour_scale() -> None:
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert scale_colour([[0, "#000000"], [1, "#ffffff"]], 0.5) == "#808080"
    assert scale_colour([[0, "#000000"], [1, "#ffffff"]], 2) == "#ffffff"


def test_the_chart_element_carries_the_drawing_and_reserves_its_height(sample: Journey) -> None:
    html = render_charts(sample, EN)
    figures = figure_set(sample, EN)
    for name, figure in (("heatmap", figures.heatmap), ("breakdown", figures.breakdown)):
        height = figure["layout"]["height"]
        start = html.index(f'data-tp-chart="{name}"')
        element = html[start : html.index("</div>", start)]
        assert f'style="min-height:{height}px"' in element
        assert '<svg class="tp-static' in element


@settings(max_examples=40, deadline=None)
@given(journeys())
def test_any_journey_draws_well_formed_svg_with_every_value(journey: Journey) -> None:
    figures = figure_set(journey, EN)
    for figure in (figures.heatmap, figures.breakdown, figures.channels):
        parsed(render_static(figure, COLOURSCALES))
    cells = [
        g
        for g in parsed(render_static(figures.heatmap)).iter(f"{SVG}g")
        if g.get("class") == "tp-cell"
    ]
    z = figures.heatmap["data"][0]["z"]
    assert len(cells) == sum(1 for row in z for v in row if v is not None)
