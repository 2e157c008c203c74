"""Plotly figures of one journey, built as plain dicts (no plotly import, no template).

`figure_set(journey, labels)` is the entry point: the heatmap (with one variant
per metric the journey has data for), the proactive/reactive breakdown, the
channel mix, the text totals and, when a step has a sentiment, the experience
curve. Every string that Plotly renders as rich text
(tick labels, hover text) is escaped with `plotly_text`; the data arrays (`x`,
`y`) keep the names as written, so `x` is the phase names and `y` the
touchpoint names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs_touchpoints.measures.grid import Grid, Value, available_metrics, grid, metric_values
from mkdocs_touchpoints.measures.insights import ChannelCount
from mkdocs_touchpoints.measures.registry import COUNT, METRICS, ColourScale, Metric
from mkdocs_touchpoints.reading.model import Journey, Step
from mkdocs_touchpoints.reading.quoting import shorten

Figure = dict[str, Any]

AXIS_LABEL_LIMIT = 40
"""Names up to this many characters show whole on the axes; longer ones are shortened with
`…` (the full name is on hover and in the text alternative)."""
AXIS_LINE_WIDTH = 22
"""A touchpoint name longer than this wraps onto a second line of its axis label."""
NARROW_AXIS_LINE_WIDTH = 14
"""The same on narrow screens."""
PHASE_LINE_WIDTH = 14
NARROW_PHASE_LINE_WIDTH = 10
AXIS_LINE_BREAK = " <br>"
"""Between the two lines of a label: the space stays, so the label's text reads as the name."""
HOVER_LINE_WIDTH = 56

PROACTIVE_COLOUR = "#0072b2"
REACTIVE_COLOUR = "#e69f00"
CHANNEL_COLOUR = "#009e73"


def colourscales(metric_ids: Iterable[str]) -> dict[str, Mapping[str, ColourScale]]:
    """Per metric id, its light and dark colour scales (from the registry)."""
    return {metric_id: METRICS[metric_id].colourscales for metric_id in metric_ids}


def plotly_text(text: str) -> str:
    """`text` safe for Plotly's rich text: `<`, `>` and `&` shown as written, not as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken at spaces (long words kept whole)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def two_lines(text: str) -> tuple[str, str] | None:
    """`text` split at the space that makes its longer half shortest (None without a space)."""
    spaces = [index for index, char in enumerate(text) if char == " "]
    if not spaces:
        return None
    cut = min(spaces, key=lambda index: (max(index, len(text) - index - 1), index))
    return text[:cut], text[cut + 1 :]


def axis_label(name: str, line_width: int) -> str:
    """The tick text of a name: whole up to `AXIS_LABEL_LIMIT` characters (else shortened),
    on two lines when longer than `line_width`; safe Plotly rich text."""
    text = shorten(name, AXIS_LABEL_LIMIT, at_word=True)
    lines = two_lines(text) if len(text) > line_width else None
    if lines is None:
        return plotly_text(text)
    return plotly_text(lines[0]) + AXIS_LINE_BREAK + plotly_text(lines[1])


def _hover_actions(steps: list[Step]) -> str:
    lines: list[str] = []
    for step in steps:
        wrapped = wrap(plotly_text(step.action), HOVER_LINE_WIDTH)
        lines.append("<br>• " + "<br>  ".join(wrapped))
    return "".join(lines)


def _metric_range(metric: Metric, z: list[list[Value]]) -> tuple[float, float]:
    if metric.range is not None:
        return metric.range
    top = max((v for row in z for v in row if v is not None), default=1)
    return 0, top if top > 0 else 1


def integer_step(top: float, ticks: int = 6) -> int:
    """A round tick step (1, 2, 5, 10, 20, ...) giving at most about `ticks` ticks up to `top`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * ticks >= top:
                return factor * magnitude
        magnitude *= 10


def _colorbar_ticks(metric: Metric, zmin: float, zmax: float) -> dict[str, Any]:
    if metric.ticks == "auto":
        return {"tickmode": "auto", "tickformat": "~s"}
    step = integer_step(zmax - zmin) if metric.ticks == "count" else 1
    return {"tickmode": "linear", "tick0": zmin, "dtick": step, "tickformat": "d"}


def heatmap_metric(g: Grid, metric_id: str, labels: Mapping[str, str]) -> dict[str, Any]:
    """What changes in the heatmap trace when the metric changes (the JS applies it)."""
    metric = METRICS[metric_id]
    z = metric_values(g.cells, metric_id)
    zmin, zmax = _metric_range(metric, z)
    label = plotly_text(labels[metric.label])
    variant: dict[str, Any] = {
        "z": z,
        "zmin": zmin,
        "zmax": zmax,
        "colorscale": metric.colourscales["light"],
        "hovertemplate": (
            f"%{{text}}<br>{label}: <b>%{{z:{metric.hover_format}}}</b>"
            "%{customdata}<extra></extra>"
        ),
        "texttemplate": f"%{{z:{metric.cell_format}}}",
        "colorbar": {
            "title": {"text": label, "side": "right"},
            "thickness": 12,
            "outlinewidth": 0,
            **_colorbar_ticks(metric, zmin, zmax),
        },
    }
    if metric.midpoint is not None:
        variant["zmid"] = metric.midpoint
    return variant


def heatmap_figure(
    journey: Journey,
    labels: Mapping[str, str],
    g: Grid | None = None,
    count: dict[str, Any] | None = None,
) -> Figure:
    """The phase × touchpoint heatmap for the default metric `count`."""
    g = g or grid(journey)
    phase_label, touchpoint_label = plotly_text(labels["phase"]), plotly_text(labels["touchpoint"])
    phase_text = [f"{phase_label}: {plotly_text(phase.name)}<br>" for phase in g.phases]
    text = [
        [
            f"{phase_text[column]}{touchpoint_label}: <b>{plotly_text(touchpoint.name)}</b>"
            if steps
            else ""
            for column, steps in enumerate(row)
        ]
        for touchpoint, row in zip(g.touchpoints, g.cells, strict=True)
    ]
    customdata = [[_hover_actions(steps) if steps else "" for steps in row] for row in g.cells]
    trace: dict[str, Any] = {
        "type": "heatmap",
        "name": plotly_text(labels["count"]),
        "x": g.phase_names,
        "y": g.touchpoint_names,
        "text": text,
        "customdata": customdata,
        "hoverongaps": False,
        "xgap": 2,
        "ygap": 2,
        **(count or heatmap_metric(g, COUNT, labels)),
    }
    layout = {
        "xaxis": _category_axis(g.phase_names, PHASE_LINE_WIDTH, side="top"),
        "yaxis": {
            **_category_axis(g.touchpoint_names, AXIS_LINE_WIDTH),
            "autorange": "reversed",
        },
        "height": heatmap_height(len(g.touchpoints)),
    }
    return {"data": [trace], "layout": {**_base_layout(labels), **layout}}


def heatmap_height(rows: int) -> int:
    """Pixel height that gives each touchpoint row room for a label."""
    return 110 + 38 * max(rows, 1)


def _category_axis(names: list[str], line_width: int, side: str | None = None) -> dict[str, Any]:
    axis: dict[str, Any] = {
        "type": "category",
        "tickmode": "array",
        "tickvals": names,
        "ticktext": [axis_label(name, line_width) for name in names],
        "automargin": True,
        "fixedrange": True,
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
    }
    if side:
        axis["side"] = side
    return axis


def _base_layout(labels: Mapping[str, str]) -> dict[str, Any]:
    language = getattr(labels, "language", "en")
    return {
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8, "pad": 4},
        "font": {"size": 13},
        "separators": ",." if language == "es" else ".,",
        "dragmode": False,
        "hoverlabel": {"align": "left"},
    }


def breakdown_counts(journey: Journey) -> dict[str, list[int]]:
    """Per touchpoint type, the number of steps in each phase (phases in order)."""
    column = {phase.id: index for index, phase in enumerate(journey.phases)}
    kind = {touchpoint.id: touchpoint.type for touchpoint in journey.touchpoints}
    counts = {"proactive": [0] * len(journey.phases), "reactive": [0] * len(journey.phases)}
    for step in journey.steps:
        c, k = column.get(step.phase), kind.get(step.touchpoint)
        if c is not None and k is not None:
            counts[k][c] += 1
    return counts


def breakdown_figure(journey: Journey, labels: Mapping[str, str], g: Grid | None = None) -> Figure:
    """Stacked bars per phase: steps at proactive and at reactive touchpoints."""
    g = g or grid(journey)
    return type_bars(g.phase_names, breakdown_counts(journey), labels, height=320)


def type_bars(
    categories: list[str],
    counts: Mapping[str, list[int]],
    labels: Mapping[str, str],
    *,
    height: int,
) -> Figure:
    """Stacked bars per category (`x`), one trace per touchpoint type (`counts[type]` = `y`),
    named `Proactive` and `Reactive` (or their translation)."""
    top = max((sum(values) for values in zip(*counts.values(), strict=True)), default=1)
    text = [plotly_text(name) for name in categories]
    data = [
        {
            "type": "bar",
            "name": labels[kind],
            "x": categories,
            "y": counts[kind],
            "marker": {"color": colour},
            "customdata": text,
            "hovertemplate": f"%{{customdata}}<br>{plotly_text(labels[kind])}: "
            "<b>%{y}</b><extra></extra>",
        }
        for kind, colour in (("proactive", PROACTIVE_COLOUR), ("reactive", REACTIVE_COLOUR))
    ]
    layout = {
        **_base_layout(labels),
        "barmode": "stack",
        "height": height,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        "xaxis": _category_axis(categories, PHASE_LINE_WIDTH),
        "yaxis": _count_axis(labels, top),
    }
    return {"data": data, "layout": layout}


def _count_axis(labels: Mapping[str, str], top: int) -> dict[str, Any]:
    return {
        "title": {"text": plotly_text(labels["count"])},
        "rangemode": "tozero",
        "tickmode": "linear",
        "tick0": 0,
        "dtick": integer_step(top),
        "tickformat": "d",
        "fixedrange": True,
        "automargin": True,
        "zeroline": False,
    }


def channel_counts(journey: Journey) -> list[tuple[str, int]]:
    """Steps per channel, most used first (ties in order of first appearance)."""
    channel = {touchpoint.id: touchpoint.channel for touchpoint in journey.touchpoints}
    counts: dict[str, int] = {}
    for step in journey.steps:
        name = channel.get(step.touchpoint)
        if name is not None:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def channel_figure(journey: Journey, labels: Mapping[str, str]) -> Figure:
    """Horizontal bars: the number of steps per channel, the most used at the top."""
    counts = channel_counts(journey)
    channels = [name for name, _ in counts]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": labels["count"],
            "x": [count for _, count in counts],
            "y": channels,
            "marker": {"color": CHANNEL_COLOUR},
            "hovertemplate": f"%{{y}}<br>{plotly_text(labels['count'])}: <b>%{{x}}</b>"
            "<extra></extra>",
        }
    ]
    layout = {
        **_base_layout(labels),
        "height": 90 + 30 * max(len(channels), 1),
        "showlegend": False,
        "xaxis": _count_axis(labels, max((count for _, count in counts), default=1)),
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticks": "",
        },
    }
    return {"data": data, "layout": layout}


@dataclass(frozen=True, slots=True)
class Totals:
    """The numbers the breakdown states as text."""

    steps: int
    phases: int
    touchpoints: int
    proactive_steps: int
    reactive_steps: int
    third_party_steps: int

    @property
    def proactive_share(self) -> float:
        """Proactive steps / all steps (0 when there is no step)."""
        return self.proactive_steps / self.steps if self.steps else 0.0

    @property
    def third_party_share(self) -> float:
        """Steps at third-party touchpoints / all steps (0 when there is no step)."""
        return self.third_party_steps / self.steps if self.steps else 0.0


def totals(journey: Journey) -> Totals:
    """Count the steps by touchpoint type and by third-party touchpoints."""
    by_id = {touchpoint.id: touchpoint for touchpoint in journey.touchpoints}
    proactive = reactive = third_party = 0
    for step in journey.steps:
        touchpoint = by_id.get(step.touchpoint)
        if touchpoint is None:
            continue
        if touchpoint.type == "proactive":
            proactive += 1
        else:
            reactive += 1
        third_party += touchpoint.third_party
    return Totals(
        steps=len(journey.steps),
        phases=len(journey.phases),
        touchpoints=len(journey.touchpoints),
        proactive_steps=proactive,
        reactive_steps=reactive,
        third_party_steps=third_party,
    )


@dataclass(frozen=True, slots=True)
class FigureSet:
    """Everything the charts block of one journey shows."""

    heatmap: Figure
    metrics: dict[str, dict[str, Any]]
    """Per available metric, the heatmap trace attributes to apply (see `heatmap_metric`)."""
    breakdown: Figure
    channels: Figure
    totals: Totals
    anchors: list[str]
    """Per heatmap row, the id of the touchpoint row to scroll to (`tp-<id>`)."""
    narrow_ticks: dict[str, list[str]]
    """Shorter tick labels for narrow screens: `x` (phases) and `y` (touchpoints)."""
    grid: Grid
    experience: Experience | None = None
    """The experience curve, when at least one step has a sentiment."""


def figure_set(journey: Journey, labels: Mapping[str, str]) -> FigureSet:
    """Build every figure of one journey."""
    g = grid(journey)
    metrics = {m: heatmap_metric(g, m, labels) for m in available_metrics(journey)}
    return FigureSet(
        heatmap=heatmap_figure(journey, labels, g, metrics[COUNT]),
        metrics=metrics,
        breakdown=breakdown_figure(journey, labels, g),
        channels=channel_figure(journey, labels),
        totals=totals(journey),
        anchors=[f"tp-{touchpoint.id}" for touchpoint in g.touchpoints],
        narrow_ticks={
            "x": [axis_label(n, NARROW_PHASE_LINE_WIDTH) for n in g.phase_names],
            "y": [axis_label(n, NARROW_AXIS_LINE_WIDTH) for n in g.touchpoint_names],
        },
        grid=g,
        experience=experience_figure(journey, labels),
    )


SENTIMENT_TICKS = {-2: "−2", -1: "−1", 0: "0", 1: "+1", 2: "+2"}
"""Tick labels of the sentiment axis (a true minus sign, a plus on the positive side)."""
EXPERIENCE_LINE = {"light": "#1f4e99", "dark": "#9cc9ff"}
FRICTION_COLOURS = {
    "light": ["#2f6eb5", "#c99a06", "#e8822a", "#d4512b", "#b3261e", "#7f1310"],
    "dark": ["#8cb8e8", "#ffd866", "#ffb36b", "#ff8a65", "#ff6b5b", "#ff4d6a"],
}
"""Marker colour per friction 0..5, one set per palette (contrast 3:1 on the page)."""
NO_FRICTION_COLOUR = "#9e9e9e"
"""Marker colour of a step without friction (grey reads on both palettes)."""
PHASE_BAND = "rgba(128, 128, 128, 0.09)"
"""Fill of every other phase band (a neutral grey, visible on both palettes)."""
PLOT_WIDTH = {"wide": 680, "narrow": 270}
"""Approximate plot widths in pixels, to fit the phase labels to their bands."""
LABEL_CHAR_WIDTH = 7


def marker_size(friction: int | None) -> int:
    """Point size grows with friction, so it reads without colour too."""
    return 8 + 3 * (friction or 0)


def phase_runs(journey: Journey) -> list[tuple[str, int, int]]:
    """Consecutive steps in the same phase: (phase name, first step, last step), 1-based."""
    names = {phase.id: phase.name for phase in journey.phases}
    runs: list[tuple[str, int, int]] = []
    for number, step in enumerate(journey.steps, start=1):
        name = names.get(step.phase, step.phase)
        if runs and runs[-1][0] == name and runs[-1][2] == number - 1:
            runs[-1] = (name, runs[-1][1], number)
        else:
            runs.append((name, number, number))
    return runs


def _band_label(name: str, run: int, steps: int, width: int) -> str:
    """The phase name shortened to the width of its band ('' when not even 3 characters fit)."""
    limit = min(AXIS_LABEL_LIMIT, int(width * run / max(steps, 1) / LABEL_CHAR_WIDTH))
    return plotly_text(shorten(name, limit, at_word=True)) if limit >= 3 else ""


def _experience_hover(
    number: int,
    step: Step,
    phase: str,
    touchpoint: str,
    labels: Mapping[str, str],
) -> str:
    def line(label: str, value: str) -> str:
        wrapped = wrap(f"{label}: {value}", HOVER_LINE_WIDTH)
        return "<br>".join(plotly_text(part) for part in wrapped)

    head = plotly_text(labels["step_number"].format(number=number))
    lines = [f"<b>{head}</b> · {plotly_text(phase)}"]
    lines += [plotly_text(part) for part in wrap(step.action, HOVER_LINE_WIDTH)]
    lines.append(line(labels["touchpoint"], touchpoint))
    friction = labels["no_value"] if step.friction is None else str(step.friction)
    lines.append(line(labels["friction"], friction))
    if step.sentiment is not None:
        lines.append(line(labels["sentiment"], SENTIMENT_TICKS[step.sentiment]))
    if step.pain_point is not None:
        lines.append(line(labels["pain_point"], step.pain_point))
    if step.opportunity is not None:
        lines.append(line(labels["opportunity"], step.opportunity))
    return "<br>".join(lines)


@dataclass(frozen=True, slots=True)
class Experience:
    """The experience curve of a journey and what the script needs to draw it."""

    figure: Figure
    dark_traces: list[dict[str, Any]]
    """Per trace, the attributes to set in the dark palette."""
    narrow_phases: list[str]
    """The phase labels for narrow screens, one per band annotation."""
    anchors: list[str]
    """Per point, the id of the step row a click goes to (`step-<n>`)."""


def experience_figure(journey: Journey, labels: Mapping[str, str]) -> Experience | None:
    """Sentiment by step number, friction on the points, phases as bands; None without sentiment."""
    steps = journey.steps
    if not any(step.sentiment is not None for step in steps):
        return None
    phases = {phase.id: phase.name for phase in journey.phases}
    touchpoints = {tp.id: tp.name for tp in journey.touchpoints}
    numbers = list(range(1, len(steps) + 1))
    frictions = [step.friction for step in steps]

    def colours(palette: str) -> list[str]:
        scale = FRICTION_COLOURS[palette]
        return [NO_FRICTION_COLOUR if f is None else scale[f] for f in frictions]

    trace: dict[str, Any] = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": plotly_text(labels["sentiment"]),
        "x": numbers,
        "y": [step.sentiment for step in steps],
        "connectgaps": False,
        "line": {"color": EXPERIENCE_LINE["light"], "width": 2.5},
        "marker": {
            "size": [marker_size(f) for f in frictions],
            "color": colours("light"),
            "line": {"width": 1, "color": "rgba(255, 255, 255, 0.8)"},
        },
        "hovertext": [
            _experience_hover(
                number,
                step,
                phases.get(step.phase, step.phase),
                touchpoints.get(step.touchpoint, step.touchpoint),
                labels,
            )
            for number, step in zip(numbers, steps, strict=True)
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    runs = phase_runs(journey)
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": first - 0.5,
            "x1": last + 0.5,
            "y0": 0,
            "y1": 1,
            "fillcolor": PHASE_BAND,
            "line": {"width": 0},
            "layer": "below",
        }
        for index, (_, first, last) in enumerate(runs)
        if index % 2 == 0
    ]
    annotations = [
        {
            "x": (first + last) / 2,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": _band_label(name, last - first + 1, len(steps), PLOT_WIDTH["wide"]),
            "hovertext": plotly_text(name),
            "font": {"size": 11},
        }
        for name, first, last in runs
    ]
    layout = {
        **_base_layout(labels),
        "height": 300,
        "margin": {"l": 8, "r": 8, "t": 30, "b": 8, "pad": 4},
        "showlegend": False,
        "hovermode": "closest",
        "shapes": shapes,
        "annotations": annotations,
        "xaxis": {
            "title": {"text": plotly_text(labels["step"])},
            "range": [0.5, len(steps) + 0.5],
            "tickmode": "linear" if len(steps) <= 30 else "auto",
            "tick0": 1,
            "dtick": 1,
            "tickformat": "d",
            "fixedrange": True,
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
        },
        "yaxis": {
            "title": {"text": plotly_text(labels["sentiment"])},
            "range": [-2.6, 2.6],
            "tickmode": "array",
            "tickvals": list(SENTIMENT_TICKS),
            "ticktext": list(SENTIMENT_TICKS.values()),
            "fixedrange": True,
            "automargin": True,
            "zeroline": True,
            "zerolinewidth": 1,
        },
    }
    dark = {
        "line": {"color": EXPERIENCE_LINE["dark"], "width": 2.5},
        "marker": {**trace["marker"], "color": colours("dark"), "line": {"width": 0}},
    }
    return Experience(
        figure={"data": [trace], "layout": layout},
        dark_traces=[dark],
        narrow_phases=[
            _band_label(name, last - first + 1, len(steps), PLOT_WIDTH["narrow"])
            for name, first, last in runs
        ],
        anchors=[f"step-{number}" for number in numbers],
    )


def channels_all_figure(counts: Sequence[ChannelCount], labels: Mapping[str, str]) -> Figure:
    """Stacked bars per channel across all journeys: steps at proactive and reactive touchpoints.

    `x` is the channels in the order given (the busiest first); one trace per type,
    named as in the breakdown.
    """
    by_type = {kind: [getattr(c, kind) for c in counts] for kind in ("proactive", "reactive")}
    return type_bars([c.channel for c in counts], by_type, labels, height=340)
