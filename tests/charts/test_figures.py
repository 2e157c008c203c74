"""The figure dicts of one journey: values, axes, escaping, metrics, breakdown and totals."""

from __future__ import annotations

import json
import re
import string

import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.measures.grid import available_metrics
from mkdocs_touchpoints.measures.insights import ChannelCount
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.reading.quoting import shorten
from mkdocs_touchpoints.rendering.charts import render_charts
from mkdocs_touchpoints.rendering.figures import (
    AXIS_LABEL_LIMIT,
    AXIS_LINE_BREAK,
    AXIS_LINE_WIDTH,
    FRICTION_COLOURS,
    NO_FRICTION_COLOUR,
    axis_label,
    channels_all_figure,
    figure_set,
    integer_step,
    plotly_text,
    wrap,
)
from mkdocs_touchpoints.rendering.i18n import labels_for

from .conftest import journey_from_yaml

EN = labels_for("en")
ES = labels_for("es")
SHOP = "Shop <b>web</b> & app, the one with a rather long name"


def heatmap_trace(journey: Journey, metric: str = "count") -> dict:
    figures = figure_set(journey, EN)
    trace = dict(figures.heatmap["data"][0])
    trace.update(figures.metrics[metric])
    return trace


def test_heatmap_axes_are_phase_and_touchpoint_names_in_order(sample: Journey) -> None:
    figures = figure_set(sample, EN)
    trace = figures.heatmap["data"][0]
    layout = figures.heatmap["layout"]
    assert trace["type"] == "heatmap"
    assert trace["x"] == ["Need", "Purchase decision", "Support"]
    assert trace["y"] == ["Offer e-mail", SHOP, "Tech forum"]
    assert layout["yaxis"]["autorange"] == "reversed"
    assert layout["xaxis"]["type"] == layout["yaxis"]["type"] == "category"


def test_count_is_the_default_and_empty_cells_are_none(sample: Journey) -> None:
    trace = figure_set(sample, EN).heatmap["data"][0]
    assert trace["z"] == [
        [1, 1, None],
        [None, 2, None],
        [None, 1, None],
    ]


def test_friction_and_sentiment_are_means_volume_is_a_sum(sample: Journey) -> None:
    assert heatmap_trace(sample, "friction")["z"] == [
        [0, None, None],
        [None, 2.5, None],
        [None, None, None],
    ]
    sentiment = heatmap_trace(sample, "sentiment")
    assert sentiment["z"] == [[1, None, None], [None, -0.5, None], [None, 2, None]]
    assert sentiment["zmid"] == 0
    assert (sentiment["zmin"], sentiment["zmax"]) == (-2, 2)
    assert heatmap_trace(sample, "volume")["z"] == [
        [1000, None, None],
        [None, 550, None],
        [None, None, None],
    ]


def test_only_metrics_with_data_are_offered(make_journey) -> None:
    journey = make_journey(
        """\
title: Bare
owner: crm
phases: [One, Two]
touchpoints: [{id: web, name: Web, channel: web, type: reactive}]
steps:
  - {phase: one, touchpoint: web, action: Looks}
  - {phase: two, touchpoint: web, action: Looks again, volume: 5}
"""
    )
    assert available_metrics(journey) == ["count", "volume"]
    assert list(figure_set(journey, EN).metrics) == ["count", "volume"]


def test_user_text_is_escaped_for_plotly_but_data_keeps_it(sample: Journey) -> None:
    figures = figure_set(sample, EN)
    trace = figures.heatmap["data"][0]
    yaxis = figures.heatmap["layout"]["yaxis"]
    assert trace["y"][1] == SHOP
    assert yaxis["tickvals"] == trace["y"]
    assert "<b>web" not in yaxis["ticktext"][1]
    assert yaxis["ticktext"][1].startswith("Shop &lt;b&gt;web&lt;/b&gt; &amp;")
    assert "&lt;b&gt;web&lt;/b&gt; &amp; app, the one" in trace["text"][1][1]
    assert "Compares &lt;i&gt;prices&lt;/i&gt; &amp; specs" in trace["customdata"][1][1]
    assert "<i>" not in json.dumps(figures.heatmap)


def test_long_names_are_shortened_on_the_axis_only(sample: Journey) -> None:
    figures = figure_set(sample, EN)
    tick = figures.heatmap["layout"]["yaxis"]["ticktext"][1]
    assert tick.endswith("…")
    assert len(shorten(SHOP, AXIS_LABEL_LIMIT, at_word=True)) <= AXIS_LABEL_LIMIT
    assert figures.narrow_ticks["y"][1].endswith("…")
    assert figures.narrow_ticks["y"][0] == "Offer e-mail"


SPANISH_NAME = "Centro de soporte técnico por teléfono"


def test_names_up_to_the_limit_show_whole_on_two_lines_at_most(make_journey) -> None:
    forty = "Servicio de atención al cliente en línea"
    assert len(forty) == AXIS_LABEL_LIMIT
    journey = make_journey(
        f"""\
title: Long names
owner: crm
phases: [Order, Customer support after the sale]
touchpoints:
  - {{id: phone, name: {SPANISH_NAME}, channel: phone, type: reactive}}
  - {{id: chat, name: {forty}, channel: chat, type: reactive}}
  - {{id: web, name: Web, channel: web, type: reactive}}
steps:
  - {{phase: order, touchpoint: web, action: Orders}}
"""
    )
    figures = figure_set(journey, ES)
    names = figures.heatmap["data"][0]["y"]
    for ticks in (figures.heatmap["layout"]["yaxis"]["ticktext"], figures.narrow_ticks["y"]):
        # The line break keeps the space: the label's text is the name.
        assert [tick.replace("<br>", "") for tick in ticks] == names
        assert [tick.count("<br>") for tick in ticks] == [1, 1, 0]
    assert figures.heatmap["layout"]["yaxis"]["ticktext"][0] == (
        "Centro de soporte" + AXIS_LINE_BREAK + "técnico por teléfono"
    )
    phases = figures.narrow_ticks["x"]
    assert [tick.replace("<br>", "") for tick in phases] == figures.heatmap["data"][0]["x"]
    assert phases[1].count("<br>") == 1


@given(st.text(alphabet=string.ascii_letters + " <&>", min_size=1, max_size=80))
def test_axis_labels_are_the_name_or_its_shortened_start(name: str) -> None:
    label = axis_label(name, AXIS_LINE_WIDTH)
    assert label.count("<br>") <= 1
    text = label.replace("<br>", "")
    if len(name) <= AXIS_LABEL_LIMIT:
        assert text == plotly_text(name)
    else:
        assert text == plotly_text(shorten(name, AXIS_LABEL_LIMIT, at_word=True)) and text.endswith(
            "…"
        )
    assert "<" not in text


def test_hover_shows_phase_touchpoint_value_and_actions(sample: Journey) -> None:
    trace = heatmap_trace(sample, "friction")
    assert trace["text"][1][1].startswith("Phase: Purchase decision<br>Touchpoint: <b>")
    assert "Friction: <b>%{z:" in trace["hovertemplate"]
    assert trace["hovertemplate"].index("%{text}") < trace["hovertemplate"].index("%{z")
    assert trace["hovertemplate"].endswith("%{customdata}<extra></extra>")
    assert trace["customdata"][1][1].count("• ") == 2
    assert trace["hoverongaps"] is False


def test_anchors_follow_the_rows(sample: Journey) -> None:
    assert figure_set(sample, EN).anchors == ["tp-mail", "tp-shop", "tp-forum"]


def test_breakdown_has_proactive_and_reactive_traces_per_phase(sample: Journey) -> None:
    figure = figure_set(sample, EN).breakdown
    assert [trace["name"] for trace in figure["data"]] == ["Proactive", "Reactive"]
    proactive, reactive = figure["data"]
    assert proactive["x"] == reactive["x"] == ["Need", "Purchase decision", "Support"]
    assert proactive["y"] == [1, 1, 0]
    assert reactive["y"] == [0, 3, 0]
    assert figure["layout"]["barmode"] == "stack"
    assert all(trace["type"] == "bar" for trace in figure["data"])


def test_breakdown_trace_names_are_translated(sample: Journey) -> None:
    figure = figure_set(sample, ES).breakdown
    assert [trace["name"] for trace in figure["data"]] == ["Proactivo", "Reactivo"]
    assert figure["layout"]["separators"] == ",."


def test_channel_mix_counts_steps_per_channel_most_used_first(sample: Journey) -> None:
    trace = figure_set(sample, EN).channels["data"][0]
    assert trace["y"] == ["email", "web", "forum"]
    assert trace["x"] == [2, 2, 1]
    assert trace["orientation"] == "h"


def test_totals_and_shares(sample: Journey) -> None:
    totals = figure_set(sample, EN).totals
    assert (totals.steps, totals.phases, totals.touchpoints) == (5, 3, 3)
    assert (totals.proactive_steps, totals.reactive_steps) == (2, 3)
    assert totals.proactive_share == pytest.approx(0.4)
    assert totals.third_party_share == pytest.approx(0.2)


def test_duplicate_names_stay_distinct_on_category_axes(make_journey) -> None:
    journey = make_journey(
        """\
title: Twins
owner: crm
phases: [{id: a, name: Same}, {id: b, name: Same}]
touchpoints:
  - {id: one, name: Desk, channel: store, type: reactive}
  - {id: two, name: Desk, channel: store, type: reactive}
steps:
  - {phase: a, touchpoint: one, action: Asks}
  - {phase: b, touchpoint: two, action: Asks again}
"""
    )
    trace = figure_set(journey, EN).heatmap["data"][0]
    assert trace["x"] == ["Same (a)", "Same (b)"]
    assert trace["y"] == ["Desk (one)", "Desk (two)"]


def test_no_template_is_shipped(example_journeys: list[Journey]) -> None:
    for journey in example_journeys:
        figures = figure_set(journey, EN)
        for figure in (figures.heatmap, figures.breakdown, figures.channels):
            assert "template" not in figure["layout"]


def all_figures(journey: Journey, labels=EN):
    """Every figure the page can show, one per heatmap metric."""
    figures = figure_set(journey, labels)
    for metric, variant in figures.metrics.items():
        heatmap = json.loads(json.dumps(figures.heatmap))
        heatmap["data"][0].update(variant)
        yield f"heatmap-{metric}", heatmap
    yield "breakdown", figures.breakdown
    yield "channels", figures.channels
    if figures.experience is not None:
        yield "experience", figures.experience.figure
        for index, patch in enumerate(figures.experience.dark_traces):
            dark = json.loads(json.dumps(figures.experience.figure))
            dark["data"][index].update(patch)
            yield "experience-dark", dark


def test_every_figure_is_valid_plotly(example_journeys: list[Journey], sample: Journey) -> None:
    checked = 0
    for journey in [*example_journeys, sample]:
        for labels in (EN, ES):
            for name, figure in all_figures(journey, labels):
                validated = go.Figure(figure)
                assert validated.data, name
                checked += 1
    assert checked >= 2 * 7 * 6


PAINFUL = """\
id: painful
title: Painful
owner: crm
phases: [Need, Buy, Help]
touchpoints:
  - {id: web, name: "Web <shop>", channel: web, type: reactive}
  - {id: line, name: Phone line, channel: phone, type: reactive}
steps:
  - {phase: need, touchpoint: web, action: Looks around, sentiment: 1, friction: 0}
  - {phase: buy, touchpoint: web, action: Pays, friction: 3, pain_point: "Card <form> resets",
     opportunity: Keep the form}
  - {phase: buy, touchpoint: web, action: Gets a receipt, sentiment: 0}
  - {phase: help, touchpoint: line, action: Calls & waits, sentiment: -2, friction: 5}
  - {phase: need, touchpoint: web, action: Comes back, sentiment: 2}
"""


def test_experience_curve_is_sentiment_by_step_number() -> None:
    experience = figure_set(journey_from_yaml(PAINFUL), EN).experience
    assert experience is not None
    trace = experience.figure["data"][0]
    assert trace["type"] == "scatter"
    assert trace["x"] == [1, 2, 3, 4, 5]
    assert trace["y"] == [1, None, 0, -2, 2]
    assert experience.anchors == ["step-1", "step-2", "step-3", "step-4", "step-5"]
    # friction on the points: bigger and hotter with more friction, grey without
    sizes, colours = trace["marker"]["size"], trace["marker"]["color"]
    assert sizes[3] > sizes[1] > sizes[0] == sizes[2]
    assert colours[2] == NO_FRICTION_COLOUR and colours[3] == FRICTION_COLOURS["light"][5]
    assert experience.dark_traces[0]["marker"]["color"][3] == FRICTION_COLOURS["dark"][5]


def test_experience_phases_are_marked_along_the_x_axis() -> None:
    experience = figure_set(journey_from_yaml(PAINFUL), EN).experience
    assert experience is not None
    notes = experience.figure["layout"]["annotations"]
    # a phase that comes back is marked again; bands alternate
    assert [n["hovertext"] for n in notes] == ["Need", "Buy", "Help", "Need"]
    assert [n["x"] for n in notes] == [1, 2.5, 4, 5]
    bands = experience.figure["layout"]["shapes"]
    assert [(b["x0"], b["x1"]) for b in bands] == [(0.5, 1.5), (3.5, 4.5)]
    assert len(experience.narrow_phases) == len(notes)


def test_experience_hover_shows_action_touchpoint_friction_pain_point_and_opportunity() -> None:
    experience = figure_set(journey_from_yaml(PAINFUL), EN).experience
    assert experience is not None
    hover = experience.figure["data"][0]["hovertext"]
    assert "Pays" in hover[1] and "Touchpoint: Web &lt;shop&gt;" in hover[1]
    assert "Friction: 3" in hover[1]
    assert "Pain point: Card &lt;form&gt; resets" in hover[1]
    assert "Opportunity: Keep the form" in hover[1]
    assert "Friction: —" in hover[2] and "Calls &amp; waits" in hover[3]
    assert (
        "Paso 2"
        in figure_set(journey_from_yaml(PAINFUL), ES).experience.figure["data"][0]["hovertext"][1]
    )


def test_no_experience_curve_without_sentiment(sample: Journey) -> None:
    without = re.sub(r", sentiment: -?\d", "", PAINFUL)
    journey = journey_from_yaml(without)
    assert all(step.sentiment is None for step in journey.steps)
    assert figure_set(journey, EN).experience is None
    assert 'data-tp-chart="experience"' not in render_charts(journey, EN)
    assert 'data-tp-chart="experience"' in render_charts(sample, EN)


def test_channels_all_figure_has_one_trace_per_type() -> None:
    counts = [ChannelCount("web", 2, 5), ChannelCount("email", 3, 0)]
    figure = channels_all_figure(counts, ES)
    proactive, reactive = figure["data"]
    assert (proactive["name"], reactive["name"]) == ("Proactivo", "Reactivo")
    assert proactive["x"] == reactive["x"] == ["web", "email"]
    assert (proactive["y"], reactive["y"]) == ([2, 3], [5, 0])
    assert go.Figure(figure).data


def test_plotly_text_escapes_markup() -> None:
    assert plotly_text("a<br>b & <b>c</b>") == "a&lt;br&gt;b &amp; &lt;b&gt;c&lt;/b&gt;"


def test_wrap_breaks_at_spaces() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("unbreakable-word here", 5) == ["unbreakable-word", "here"]
    assert wrap("short", 56) == ["short"]


def test_shorten_prefers_word_boundaries() -> None:
    assert shorten("Short", 10, at_word=True) == "Short"
    assert shorten("Support centre phone line", 14, at_word=True) == "Support…"
    assert shorten("Supercalifragilistic", 10, at_word=True) == "Supercali…"


@pytest.mark.parametrize(("top", "step"), [(0, 1), (6, 1), (7, 2), (13, 5), (31, 10), (100, 20)])
def test_integer_step(top: int, step: int) -> None:
    assert integer_step(top) == step


names = st.text(string.ascii_letters + " <>&é", min_size=1, max_size=30).filter(str.strip)


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    phases = draw(st.integers(1, 5))
    touchpoints = draw(st.integers(1, 6))
    steps = draw(
        st.lists(
            st.tuples(
                st.integers(0, phases - 1),
                st.integers(0, touchpoints - 1),
                st.none() | st.integers(0, 5),
                st.none() | st.integers(-2, 2),
                st.none() | st.integers(0, 10_000),
            ),
            min_size=1,
            max_size=25,
        )
    )
    lines = ["title: Drawn", "owner: crm", "phases:"]
    lines += [f"  - {{id: p{i}, name: {json.dumps(draw(names))}}}" for i in range(phases)]
    lines.append("touchpoints:")
    kinds = ("proactive", "reactive")
    lines += [
        f"  - {{id: t{i}, name: {json.dumps(draw(names))}, channel: web, type: {kinds[i % 2]}}}"
        for i in range(touchpoints)
    ]
    lines.append("steps:")
    for phase, touchpoint, friction, sentiment, volume in steps:
        extra = "".join(
            f", {key}: {value}"
            for key, value in (("friction", friction), ("sentiment", sentiment), ("volume", volume))
            if value is not None
        )
        lines.append(f"  - {{phase: p{phase}, touchpoint: t{touchpoint}, action: Acts{extra}}}")
    return journey_from_yaml("\n".join(lines) + "\n")


@settings(max_examples=60, deadline=None)
@given(journeys())
def test_counts_add_up_and_gaps_are_null(journey: Journey) -> None:
    figures = figure_set(journey, EN)
    z = figures.heatmap["data"][0]["z"]
    assert len(z) == len(journey.touchpoints)
    assert all(len(row) == len(journey.phases) for row in z)
    assert sum(v for row in z for v in row if v is not None) == len(journey.steps)
    assert 0 not in [v for row in z for v in row]
    proactive, reactive = figures.breakdown["data"]
    assert sum(proactive["y"]) + sum(reactive["y"]) == len(journey.steps)
    assert sum(figures.channels["data"][0]["x"]) == len(journey.steps)
    for metric in ("friction", "sentiment"):
        if metric in figures.metrics:
            low, high = figures.metrics[metric]["zmin"], figures.metrics[metric]["zmax"]
            values = [v for row in figures.metrics[metric]["z"] for v in row if v is not None]
            assert values and all(low <= v <= high for v in values)
