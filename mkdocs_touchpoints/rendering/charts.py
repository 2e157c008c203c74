"""The charts block of a journey page: HTML the page embeds as a raw block.

The figures travel as JSON in html-escaped `data-tp-figure` attributes (never in
an inline script: Material's instant navigation re-runs inline scripts and
drops their attributes); `assets/touchpoints.js` finds the `.tp-plot` elements
and draws them with the plotly.js served next to it (after the static drawing
the page shows from its first paint: `static_charts.py`). Without JavaScript the
block still shows the chart names, the text alternatives and the totals.

The contract with the script (also used by the Changes page's heatmaps):

- `.tp-charts[data-tp-dark-schemes]`: space-separated Material schemes drawn dark
  (default `slate`);
- `.tp-plot[data-tp-figure]`: JSON with `figure` (a Plotly figure dict, light
  colours) and, for a heatmap, `metric` (the one shown first), `metrics` (per
  metric, the trace attributes to apply, colour bar included), `colourscales`
  (per metric, `light` and `dark`), `anchors` (per row of a heatmap, per point
  of a scatter trace: the element id a click goes to), `narrow` (`x`/`y` tick
  texts and `annotations` texts under 520 px) and `dark` (per trace, attributes
  to set in the dark palette); every key but `figure` is optional;
- `button[data-tp-metric]` inside the same `.tp-chart`: the metric switch
  (the script unhides its `hidden` group once the chart is drawn);
- the script marks each plot `data-tp-rendered="true"`, `data-tp-theme`
  (`light`/`dark`) and `data-tp-current-metric`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from html import escape
from typing import Any

from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.figures import (
    SENTIMENT_TICKS,
    FigureSet,
    colourscales,
    figure_set,
    phase_runs,
)
from mkdocs_touchpoints.rendering.static_charts import DEFAULT_HEIGHT, DRAWING_WIDTH, render_static

TOUCHPOINT_TABLE_ID = "tp-table"
"""The element id of the touchpoint table on a journey page; the heatmap is described by it."""
DRAWING_WIDTHS = {"breakdown": 420, "channels": 260}
"""Widths the static drawings of the charts sharing a row on wide screens are laid out for
(the others take the renderer's full width)."""
DEFAULT_DARK_SCHEMES: tuple[str, ...] = ("slate",)
"""Material colour schemes drawn with the dark chart palette unless configured otherwise."""
PAGE_CHARTS: tuple[str, ...] = ("heatmap", "experience", "breakdown", "channels")
"""The charts of a journey page, in order (`experience` only when a step has a sentiment)."""


def render_charts(
    journey: Journey,
    labels: Mapping[str, str],
    *,
    dark_schemes: Iterable[str] = DEFAULT_DARK_SCHEMES,
    table_id: str = TOUCHPOINT_TABLE_ID,
    charts: Sequence[str] = PAGE_CHARTS,
) -> str:
    """HTML for the charts of one journey: a block the page embeds as raw HTML.

    `charts` names the charts to show, in order (the `touchpoints` fence picks some);
    a name this journey has no chart for is left out.
    """
    figures = figure_set(journey, labels)
    schemes = " ".join(dark_schemes)
    blocks: dict[str, Callable[[], str]] = {
        "heatmap": lambda: _heatmap_block(figures, labels, table_id),
        "experience": lambda: _experience_block(journey, figures, labels),
        "breakdown": lambda: _breakdown_block(figures, labels),
        "channels": lambda: _channels_block(figures, labels),
    }
    shown = (blocks[name]().rstrip("\n") for name in charts if name in blocks)
    body = "".join(f"{block}\n" for block in shown if block)
    return (
        f'<div class="tp-charts" data-tp-journey="{escape(journey.id or "")}"'
        f' data-tp-dark-schemes="{escape(schemes)}">\n'
        f"{body}"
        "</div>"
    )


def chart_block(
    name: str,
    title: str,
    payload: dict[str, Any],
    text: str,
    *,
    dark_schemes: Iterable[str] = DEFAULT_DARK_SCHEMES,
) -> str:
    """One chart outside a journey's charts block (the insights page): the same elements."""
    schemes = " ".join(dark_schemes)
    body = _plot(name, payload, f"tpc-{name}-text") + (
        f'\n<p class="tp-chart__text" id="tpc-{name}-text">{escape(text)}</p>'
    )
    return (
        f'<div class="tp-charts tp-charts--single" data-tp-dark-schemes="{escape(schemes)}">\n'
        f"{_figure(name, title, body)}\n"
        "</div>"
    )


def _attribute_json(payload: dict[str, Any]) -> str:
    """Compact JSON, escaped for a double-quoted HTML attribute."""
    return escape(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), quote=True)


def plot_element(
    name: str, payload: dict[str, Any], labelled_by: str, described_by: str = ""
) -> str:
    """The one chart element the script draws: the figure's data, and its static drawing.

    The element reserves the figure's height, so the interactive chart takes the place
    of the static one without moving anything on the page.
    """
    layout = payload["figure"].get("layout", {})
    height = layout.get("height") or DEFAULT_HEIGHT
    width = DRAWING_WIDTHS.get(name, DRAWING_WIDTH)
    described = f' aria-describedby="{described_by}"' if described_by else ""
    return (
        f'<div class="tp-plot" data-tp-chart="{name}" role="img"'
        f' aria-labelledby="{labelled_by}"{described} style="min-height:{height}px"'
        f' data-tp-figure="{_attribute_json(payload)}">'
        f"{render_static(payload['figure'], payload.get('colourscales'), width)}</div>"
    )


def _plot(name: str, payload: dict[str, Any], described_by: str) -> str:
    return plot_element(name, payload, f"tpc-{name}-name", described_by)


def _figure(name: str, title: str, body: str) -> str:
    return (
        f'<figure class="tp-chart tp-chart--{name}" aria-labelledby="tpc-{name}-name">\n'
        f'<figcaption class="tp-chart__name" id="tpc-{name}-name">{escape(title)}</figcaption>\n'
        f"{body}\n"
        "</figure>"
    )


def _metric_switch(metrics: list[str], labels: Mapping[str, str]) -> str:
    if len(metrics) < 2:
        return ""
    buttons = "".join(
        f'<button type="button" class="tp-metric" data-tp-metric="{metric}"'
        f' aria-pressed="{"true" if metric == "count" else "false"}">'
        f"{escape(labels[metric])}</button>"
        for metric in metrics
    )
    return (
        f'<div class="tp-metric-switch" role="group"'
        f' aria-label="{escape(labels["metric"], quote=True)}" hidden>{buttons}</div>\n'
    )


def _heatmap_block(figures: FigureSet, labels: Mapping[str, str], table_id: str) -> str:
    t = figures.totals
    payload = {
        "figure": figures.heatmap,
        "metric": "count",
        "metrics": figures.metrics,
        "colourscales": colourscales(figures.metrics),
        "anchors": figures.anchors,
        "narrow": figures.narrow_ticks,
    }
    text = labels["heatmap_text"].format(steps=t.steps, phases=t.phases, touchpoints=t.touchpoints)
    # The axis labels shorten the longest names: the text alternative has them whole.
    text += " " + labels["heatmap_rows"].format(names="; ".join(figures.grid.touchpoint_names))
    body = (
        _metric_switch(list(figures.metrics), labels)
        + _plot("heatmap", payload, f"tpc-heatmap-text {table_id}")
        + f'\n<p class="tp-chart__text" id="tpc-heatmap-text">{escape(text)}</p>'
    )
    return _figure("heatmap", labels["heatmap_title"], body)


def _percent(share: float, labels: Mapping[str, str]) -> str:
    return labels["percent"].format(value=round(share * 100))


def _breakdown_block(figures: FigureSet, labels: Mapping[str, str]) -> str:
    t = figures.totals
    proactive, reactive = (trace["y"] for trace in figures.breakdown["data"])
    items = "; ".join(
        labels["breakdown_item"].format(phase=phase.name, proactive=p, reactive=r)
        for phase, p, r in zip(figures.grid.phases, proactive, reactive, strict=True)
    )
    shares = (
        (labels["proactive_share"], t.proactive_share, t.proactive_steps),
        (labels["third_party_share"], t.third_party_share, t.third_party_steps),
    )
    totals = "".join(
        f"<dt>{escape(name)}</dt><dd>"
        + escape(
            labels["share_value"].format(
                percent=_percent(share, labels), count=count, total=t.steps
            )
        )
        + "</dd>"
        for name, share, count in shares
    )
    summary = labels["totals"].format(steps=t.steps, touchpoints=t.touchpoints, phases=t.phases)
    payload = {"figure": figures.breakdown, "narrow": {"x": figures.narrow_ticks["x"]}}
    body = (
        _plot("breakdown", payload, "tpc-breakdown-text")
        + f'\n<p class="tp-chart__text" id="tpc-breakdown-text">{escape(items)}.</p>'
        + f'\n<div class="tp-totals"><p class="tp-totals__summary">{escape(summary)}</p>'
        + f'<dl class="tp-totals__shares">{totals}</dl></div>'
    )
    return _figure("breakdown", labels["breakdown_title"], body)


def _channels_block(figures: FigureSet, labels: Mapping[str, str]) -> str:
    trace = figures.channels["data"][0]
    items = ", ".join(
        f"{name}: {count}" for name, count in zip(trace["y"], trace["x"], strict=True)
    )
    body = (
        _plot("channels", {"figure": figures.channels}, "tpc-channels-text")
        + f'\n<p class="tp-chart__text" id="tpc-channels-text">{escape(items)}.</p>'
    )
    return _figure("channels", labels["channels_title"], body)


def _experience_text(journey: Journey, labels: Mapping[str, str]) -> str:
    """The curve in words: what it shows, the mean sentiment per phase, the lowest step."""
    steps = journey.steps
    decimal = labels["decimal_separator"]
    by_phase: dict[str, list[int]] = {}
    for name, first, last in phase_runs(journey):
        values = by_phase.setdefault(name, [])
        values.extend(s.sentiment for s in steps[first - 1 : last] if s.sentiment is not None)
    items = "; ".join(
        labels["experience_phase"].format(
            phase=name,
            value=f"{sum(values) / len(values):+.1f}".replace("-", "−").replace(".", decimal),
        )
        for name, values in by_phase.items()
        if values
    )
    rated = [(s.sentiment, number) for number, s in enumerate(steps, 1) if s.sentiment is not None]
    value, number = min(rated)
    lowest = labels["experience_lowest"].format(
        step=number, value=SENTIMENT_TICKS[value], action=steps[number - 1].action
    )
    return " ".join(
        [
            labels["experience_text"].format(steps=len(steps)),
            labels["experience_phases"].format(items=items),
            lowest,
        ]
    )


def _experience_block(journey: Journey, figures: FigureSet, labels: Mapping[str, str]) -> str:
    """The experience curve, or nothing when no step has a sentiment."""
    experience = figures.experience
    if experience is None:
        return ""
    payload = {
        "figure": experience.figure,
        "dark": experience.dark_traces,
        "anchors": experience.anchors,
        "narrow": {"annotations": experience.narrow_phases},
    }
    text = _experience_text(journey, labels)
    body = (
        _plot("experience", payload, "tpc-experience-text")
        + f'\n<p class="tp-chart__text" id="tpc-experience-text">{escape(text)}</p>'
    )
    return _figure("experience", labels["experience_title"], body) + "\n"
