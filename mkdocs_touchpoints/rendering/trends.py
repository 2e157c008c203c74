"""The trend chart of a measured metric on one journey: the score per period.

A plain-dict Plotly figure whose first scatter trace has `x` = the periods as written, in
time order (the last `TREND_PERIODS` at most, so the page weighs the same for 24 periods or
240) and `y` = the journey's score per period (null where hidden, so the line breaks). A
low-sample point is an open circle (not colour alone); the target, when the metric has one,
is a dashed second trace. The chart sits in the same elements as the journey's other
charts (`charts.plot_element`), with a text alternative that lists every point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from mkdocs_touchpoints.measures.measured import Definition, JourneyMeasure, PeriodFigure
from mkdocs_touchpoints.rendering.charts import DEFAULT_DARK_SCHEMES, plot_element
from mkdocs_touchpoints.rendering.figures import Figure, base_layout, plotly_text
from mkdocs_touchpoints.rendering.measured_text import interval_text, number, score_text

TREND_LINE = {"light": "#1f4e99", "dark": "#9cc9ff"}
TARGET_LINE = {"light": "#6b6b6b", "dark": "#b0b0b0"}
TREND_HEIGHT = 240
TREND_PREFIX = "trend-"
"""`data-tp-chart` of a metric's trend chart: `trend-<metric-id>`."""


def trend_name(metric_id: str) -> str:
    """The chart name (and element id stem) of a metric's trend chart."""
    return TREND_PREFIX + metric_id


def _point_text(point: PeriodFigure, definition: Definition, labels: Mapping[str, str]) -> str:
    """One period in words: `2026-05: 81.5% (n = 171, 95 % interval 75.1–86.7%)`."""
    figure = point.figure
    if figure.hidden:
        return f"{point.period}: {labels['trend_hidden'].format(n=figure.n)}"
    if figure.score is None:
        return f"{point.period}: {labels['trend_none']}"
    text = f"{point.period}: {score_text(figure.score, definition, labels)}"
    details = []
    if figure.n is not None:
        details.append(labels["hidden_score"].format(n=number(figure.n, "count", labels)))
    interval = interval_text(figure, definition, labels)
    if interval:
        details.append(f"{labels['interval']} {interval}")
    if figure.low_sample:
        details.append(labels["low_n"])
    return text + (f" ({', '.join(details)})" if details else "")


def trend_figure(
    measure: JourneyMeasure, definition: Definition, labels: Mapping[str, str]
) -> Figure:
    """The trend chart's figure (light colours; `trend_dark` holds the dark ones)."""
    points = measure.trend
    periods = [point.period for point in points]
    scores = [point.figure.score if point.figure.shown else None for point in points]
    symbols = ["circle-open" if p.figure.low_sample else "circle" for p in points]
    hover = [plotly_text(_point_text(point, definition, labels)) for point in points]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": plotly_text(definition.name),
            "x": periods,
            "y": scores,
            "connectgaps": False,
            "line": {"color": TREND_LINE["light"], "width": 2},
            "marker": {"size": 8, "symbol": symbols, "color": TREND_LINE["light"]},
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    ]
    target = definition.target
    if target is not None:
        goal = float(target.value)
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": plotly_text(labels["target"]),
                "x": periods,
                "y": [goal] * len(periods),
                "line": {"color": TARGET_LINE["light"], "width": 1.5, "dash": "dash"},
                "hoverinfo": "skip",
            }
        )
    layout = {
        **base_layout(labels),
        "height": TREND_HEIGHT,
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8, "pad": 4},
        "showlegend": False,
        "hovermode": "closest",
        "xaxis": {
            "type": "category",
            "fixedrange": True,
            "automargin": True,
            "showgrid": False,
            "tickangle": -45 if len(periods) > 6 else 0,
        },
        "yaxis": {"fixedrange": True, "automargin": True, "zeroline": False},
    }
    return {"data": data, "layout": layout}


def trend_dark(has_target: bool) -> list[dict[str, Any]]:
    """Per trace, what the dark palette changes."""
    dark: list[dict[str, Any]] = [
        {
            "line": {"color": TREND_LINE["dark"], "width": 2},
            "marker": {"color": TREND_LINE["dark"]},
        }
    ]
    if has_target:
        dark.append({"line": {"color": TARGET_LINE["dark"], "width": 1.5, "dash": "dash"}})
    return dark


def trend_text(measure: JourneyMeasure, definition: Definition, labels: Mapping[str, str]) -> str:
    """The chart in words (its text alternative): every period it shows."""
    points = measure.trend
    items = "; ".join(_point_text(point, definition, labels) for point in points)
    return labels["trend_text"].format(
        metric=definition.name, first=points[0].period, last=points[-1].period, items=items
    )


def trend_block(
    measure: JourneyMeasure, definition: Definition, labels: Mapping[str, str], stem: str = ""
) -> str:
    """One metric's trend chart as a figure element, with its caption and text alternative.

    `stem` makes the element ids unique when a page holds the block more than once.
    """
    name = trend_name(measure.metric)
    ids = f"tpc-{stem}{name}"
    payload = {
        "figure": trend_figure(measure, definition, labels),
        "dark": trend_dark(definition.target is not None),
    }
    title = labels["trend_title"].format(metric=definition.name)
    return (
        f'<figure class="tp-chart tp-chart--trend" aria-labelledby="{ids}-name">\n'
        f'<figcaption class="tp-chart__name" id="{ids}-name">{escape(title)}</figcaption>\n'
        + plot_element(name, payload, f"{ids}-name", f"{ids}-text")
        + f'\n<p class="tp-chart__text" id="{ids}-text">'
        f"{escape(trend_text(measure, definition, labels))}</p>\n"
        "</figure>"
    )


def trends_block(
    measures: Iterable[tuple[JourneyMeasure, Definition]],
    labels: Mapping[str, str],
    dark_schemes: Iterable[str] = DEFAULT_DARK_SCHEMES,
) -> str:
    """The trend charts of a journey, one per metric, in one charts block ('' without any)."""
    blocks = [trend_block(measure, definition, labels) for measure, definition in measures]
    if not blocks:
        return ""
    schemes = escape(" ".join(dark_schemes))
    body = "\n".join(blocks)
    return (
        f'<div class="tp-charts tp-charts--trends" data-tp-dark-schemes="{schemes}">\n'
        f"{body}\n</div>"
    )
