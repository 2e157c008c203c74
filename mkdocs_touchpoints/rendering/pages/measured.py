"""Measured metrics on the pages: the journey page's Measured section and its extra touchpoint
columns, the heatmap's measured layers, the team page's metrics and the insights ranking.

Every figure comes from the build's one `MeasuredHandbook` (`PageContext.measured`); every
score and mark is written by `rendering.measured_text`. The tables are raw HTML (each needs an
id, and each row `data-tp-metric`, and `data-tp-journey` where rows name journeys).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mkdocs_touchpoints.measures.measured import (
    CELL,
    TOUCHPOINT,
    Definition,
    JourneyMeasure,
    MeasuredHandbook,
    Ranked,
)
from mkdocs_touchpoints.measures.registry import METRICS
from mkdocs_touchpoints.measures.scores import COUNT, PROPORTION_TYPES
from mkdocs_touchpoints.reading.model import Journey, Team
from mkdocs_touchpoints.rendering.figures import MeasuredLayer
from mkdocs_touchpoints.rendering.late_parts import MEASURED, TEAM_METRICS, marker
from mkdocs_touchpoints.rendering.markup import escape_html, escape_markdown
from mkdocs_touchpoints.rendering.measured_text import (
    MINUS,
    PERCENT_TYPES,
    change_html,
    figure_html,
    interval_text,
    n_html,
    stale_html,
    target_html,
)
from mkdocs_touchpoints.rendering.pages.common import PageContext, format_number, html_table
from mkdocs_touchpoints.rendering.trends import trends_block

MEASURED_TABLE_ID = "tp-measured"
"""The Measured table of a journey page (the touchpoint id `measured` is reserved for it)."""
TEAM_METRICS_TABLE_ID = "tp-team-metrics"
METRICS_RANKING_TABLE_ID = "tp-metrics"
ESTIMATE_CLASS = "tp-estimate"


def journey_measures(ctx: PageContext, journey_id: str) -> list[tuple[JourneyMeasure, Definition]]:
    """The measures of a journey with their definitions, in definition order."""
    return measures_of(ctx.measured, journey_id)


def measures_of(
    measured: MeasuredHandbook | None, journey_id: str
) -> list[tuple[JourneyMeasure, Definition]]:
    """The measures of a journey with their definitions, in definition order."""
    if not measured:
        return []
    found = []
    for measure in measured.for_journey(journey_id):
        definition = measured.definition(measure.metric)
        if definition is not None:
            found.append((measure, definition))
    return found


def _metric_cell(definition: Definition) -> str:
    return f'<span class="tp-metric-name">{escape_html(definition.name)}</span>'


def measured_section(journey_id: str, ctx: PageContext, *, late: bool = False) -> str:
    """`## Measured`: the table `#tp-measured` (a row per metric with rows for the journey)
    and one trend chart per metric; '' when the journey has no measured metric. `late`: a
    marker instead of the table and charts (see `rendering.late`)."""
    body = marker(MEASURED) if late else measured_html(journey_id, ctx)
    if not body:
        return ""
    labels = ctx.labels
    intro = f"{escape_markdown(labels['measured_intro'])}\n\n"
    return f"## {escape_markdown(labels['measured'])}\n\n{intro}{body}\n\n"


def measured_html(journey_id: str, ctx: PageContext, table_id: str = MEASURED_TABLE_ID) -> str:
    """The Measured table and the trend charts, as raw HTML ('' without measured metrics);
    `table_id` is the table's id (none in a fence, where a page may hold several)."""
    measures = journey_measures(ctx, journey_id)
    if not measures:
        return ""
    labels = ctx.labels
    header = [
        labels["metric"],
        labels["latest_period"],
        labels["score"],
        labels["respondents"],
        labels["interval"],
        labels["change"],
        labels["target"],
        labels["data"],
    ]
    rows = []
    for measure, definition in measures:
        latest = measure.latest
        rows.append(
            [
                _metric_cell(definition),
                escape_html(latest.period),
                figure_html(latest.figure, definition, labels),
                n_html(latest.figure, labels),
                escape_html(interval_text(latest.figure, definition, labels))
                or escape_html(labels["no_value"]),
                change_html(measure, definition, labels),
                target_html(measure.target, definition, labels),
                stale_html(measure, labels),
            ]
        )
    table = html_table(
        [escape_html(h) for h in header],
        rows,
        MEASURED_TABLE_ID,
        element_id=table_id,
        row_data=[{"tp-metric": m.metric} for m, _ in measures],
    )
    return f"{table}\n{trends_block(measures, labels, ctx.dark_schemes)}"


def heatmap_layers(measured: MeasuredHandbook | None, journey_id: str) -> list[MeasuredLayer]:
    """The measured metrics the journey's heatmap switch offers: those with cell-level rows.

    A layer's key is the metric id, unless a step measure has that id (`measured-<id>`).
    """
    layers = []
    for measure, definition in measures_of(measured, journey_id):
        if measure.level != CELL:
            continue
        key = definition.id if definition.id not in METRICS else f"measured-{definition.id}"
        cells = {cell: f.score if f.shown else None for cell, f in measure.cells.items()}
        fmt = (
            ".0f"
            if definition.type == COUNT
            else ".1f"
            if definition.type in PROPORTION_TYPES
            else ".2f"
        )
        suffix = "%" if definition.type in PERCENT_TYPES else ""
        layers.append(MeasuredLayer(key, definition.name, cells, fmt, suffix))
    return layers


def _estimate(journey: Journey, touchpoint_id: str, field: str) -> float | None:
    """The estimate `field` over a touchpoint's steps, pooled as the registry says (mean for
    friction and sentiment, sum for volume); None when no step gives it."""
    metric = METRICS[field]
    values = [
        v
        for step in journey.steps
        if step.touchpoint == touchpoint_id
        if (v := metric.of(step)) is not None
    ]
    return metric.pool(values) if values else None


def estimate_columns(journey: Journey, ctx: PageContext) -> list[tuple[str, list[str]]]:
    """Measured beside estimated: per metric with `estimate` and touchpoint- or cell-level rows,
    the header (its name) and per touchpoint the latest figure and the estimate, marked."""
    labels = ctx.labels
    columns = []
    for measure, definition in journey_measures(ctx, journey.id or ""):
        field = definition.estimate
        if field is None or measure.level not in (TOUCHPOINT, CELL):
            continue
        cells = []
        for touchpoint in journey.touchpoints:
            found = measure.touchpoints.get(touchpoint.id)
            shown = figure_html(found, definition, labels)
            if found is not None and found.n is not None and not found.hidden:
                n = labels["hidden_score"].format(n=format_number(found.n, labels, 0))
                shown += f' <span class="tp-n">({escape_html(n)})</span>'
            estimate = _estimate(journey, touchpoint.id, field)
            if estimate is not None:
                value = format_number(abs(estimate), labels, 2)
                if estimate < 0:
                    value = MINUS + value
                elif field == "sentiment" and estimate > 0:
                    value = "+" + value
                note = escape_html(labels["estimated_note"])
                shown += (
                    f'<br><span class="{ESTIMATE_CLASS}" title="{note}">'
                    f"{escape_html(labels['estimated'])} {escape_html(labels[field])} "
                    f"{escape_html(value)}</span>"
                )
            cells.append(shown)
        columns.append((escape_html(definition.name), cells))
    return columns


def team_metrics_section(team: Team, ctx: PageContext, src: str) -> str:
    """The team's metrics: `#tp-team-metrics`, a row per (metric, journey) of the metrics the
    team owns that have rows, with the latest journey figure and the target status.

    Rendered with the measured metrics in a late build, the table is a marker (its body is
    `team_metrics_table`): it has a row per journey, which Python-Markdown need not parse.
    """
    table = team_metrics_table(team, ctx, src)
    if not table:
        return ""
    if ctx.later is not None:
        table = marker(TEAM_METRICS) + "\n"
    labels = ctx.labels
    intro = escape_markdown(labels["team_metrics_intro"])
    return f"## {escape_markdown(labels['team_metrics'])}\n\n{intro}\n\n{table}\n"


def team_metrics_table(team: Team, ctx: PageContext, src: str) -> str:
    """The table of `team_metrics_section` ('' when the team owns no metric with rows)."""
    measured = ctx.measured
    if not measured:
        return ""
    labels = ctx.labels
    rows, data = [], []
    for definition in measured.definitions:
        if definition.owner != team.id:
            continue
        for measure in measured.for_metric(definition.id):
            rows.append(
                [
                    _metric_cell(definition),
                    _journey_link(ctx, src, measure.journey),
                    escape_html(measure.latest.period),
                    figure_html(measure.latest.figure, definition, labels),
                    target_html(measure.target, definition, labels),
                    stale_html(measure, labels),
                ]
            )
            data.append({"tp-metric": definition.id, "tp-journey": measure.journey})
    if not rows:
        return ""
    header = [
        labels["metric"],
        labels["journey"],
        labels["latest_period"],
        labels["score"],
        labels["target"],
        labels["data"],
    ]
    return html_table(
        [escape_html(h) for h in header],
        rows,
        TEAM_METRICS_TABLE_ID,
        element_id=TEAM_METRICS_TABLE_ID,
        row_data=data,
    )


def _journey_link(ctx: PageContext, src: str, journey_id: str, text: str = "") -> str:
    """A link to the journey's page, reading `text` (default: the id)."""
    href = ctx.layout.page_href(src, ctx.layout.journey(journey_id))
    return f'<a href="{escape_html(href)}">{escape_html(text or journey_id)}</a>'


def ranking_table(
    ranked: Sequence[Ranked], ctx: PageContext, src: str, titles: Mapping[str, str]
) -> str:
    """The insights page's `#tp-metrics`: a row per ranked (metric, journey), in order."""
    measured = ctx.measured
    labels = ctx.labels
    rows, data = [], []
    for row in ranked:
        measure = row.measure
        definition = measured.definition(measure.metric) if measured else None
        if definition is None or measure.shown is None:
            continue
        shown = measure.shown
        journey = measure.journey
        link = _journey_link(ctx, src, journey, titles.get(journey, journey))
        rows.append(
            [
                _metric_cell(definition),
                link,
                escape_html(shown.period),
                figure_html(shown.figure, definition, labels),
                n_html(shown.figure, labels),
                change_html(measure, definition, labels, beside_shown=True),
                target_html(measure.target, definition, labels),
                stale_html(measure, labels),
            ]
        )
        data.append({"tp-metric": measure.metric, "tp-journey": journey})
    header = [
        labels["metric"],
        labels["journey"],
        labels["period"],
        labels["score"],
        labels["respondents"],
        labels["change"],
        labels["target"],
        labels["data"],
    ]
    return html_table(
        [escape_html(h) for h in header],
        rows,
        METRICS_RANKING_TABLE_ID,
        element_id=METRICS_RANKING_TABLE_ID,
        row_data=data,
    )
