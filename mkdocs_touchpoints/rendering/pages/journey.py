"""The page of one journey: summary, charts, phases, touchpoint table and steps."""

from __future__ import annotations

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.charts import TOUCHPOINT_TABLE_ID
from mkdocs_touchpoints.rendering.markup import escape_html, escape_markdown, escape_text
from mkdocs_touchpoints.rendering.pages.common import (
    BrokenLink,
    GeneratedPage,
    PageContext,
    anchor,
    block_table,
    description_block,
    description_html,
    format_number,
    format_signed,
    front_matter,
    html_table,
    team_link,
    yes_no,
)

TOUCHPOINT_ANCHOR_PREFIX = "tp-"
"""Each touchpoint row carries the anchor `tp-<touchpoint-id>`."""
CHARTS_SLOT_CLASS = "tp-charts-slot"
"""Class of the element around the charts block; it carries `data-tp-plotly-src`."""


def touchpoint_anchor(touchpoint_id: str) -> str:
    """`tp-<touchpoint-id>`, the anchor of a touchpoint's row."""
    return TOUCHPOINT_ANCHOR_PREFIX + touchpoint_id


def journey_page(file: JourneyFile, ctx: PageContext) -> GeneratedPage:
    """The Markdown of a journey page."""
    journey = file.journey
    src = ctx.layout.journey(file.id)
    broken: list[BrokenLink] = []
    parts = [
        front_matter(journey.title),
        f"# {escape_markdown(journey.title)}\n\n",
        description_block(ctx, src, journey.description, ("description",), broken),
        _summary(journey, ctx, src),
        _charts_slot(journey, ctx, src),
        _phases(journey, ctx, src, broken),
        _touchpoints(journey, ctx, src, broken),
        _steps(journey, ctx),
    ]
    return GeneratedPage(src, journey.title, "".join(parts), "journey", file.id, tuple(broken))


def _summary(journey: Journey, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    items = []
    if journey.persona:
        items.append((labels["persona"], escape_markdown(journey.persona)))
    items.append((labels["owner"], team_link(ctx, src, journey.owner)))
    if journey.tags:
        items.append((labels["tags"], ", ".join(escape_markdown(t) for t in journey.tags)))
    return "".join(f"- **{escape_markdown(name)}:** {value}\n" for name, value in items) + "\n"


def _charts_slot(journey: Journey, ctx: PageContext, src: str) -> str:
    plotly = escape_html(ctx.layout.href(src, ctx.layout.asset("plotly.min.js")))
    charts = ctx.charts(journey, ctx.labels) if ctx.charts is not None else ""
    return (
        f'<div class="{CHARTS_SLOT_CLASS}" data-tp-plotly-src="{plotly}">\n'
        f"{charts.strip()}\n"
        "</div>\n\n"
    )


def _phases(journey: Journey, ctx: PageContext, src: str, broken: list[BrokenLink]) -> str:
    """The phases in order; only when at least one has a description (else the steps say it)."""
    if not any(p.description for p in journey.phases):
        return ""
    items = []
    for index, phase in enumerate(journey.phases):
        where = ("phases", index, "description")
        note = description_html(ctx, src, phase.description, where, broken)
        body = f'<div class="tp-description">{note}</div>' if note else ""
        items.append(f"<li><strong>{escape_html(phase.name)}</strong>{body}</li>")
    heading = f"## {escape_markdown(ctx.labels['phases'])}\n\n"
    return heading + f'<ol class="tp-phases">{"".join(items)}</ol>\n\n'


def _touchpoints(journey: Journey, ctx: PageContext, src: str, broken: list[BrokenLink]) -> str:
    labels = ctx.labels
    header = [
        labels["name"],
        labels["channel"],
        labels["type"],
        labels["owner"],
        labels["third_party"],
    ]
    rows = [
        [
            anchor(touchpoint_anchor(tp.id)) + escape_markdown(tp.name),
            escape_markdown(tp.channel),
            escape_markdown(labels[tp.type]),
            team_link(ctx, src, tp.owner, raw_html=True),
            escape_markdown(yes_no(tp.third_party, labels)),
        ]
        for tp in journey.touchpoints
    ]
    notes = []
    for index, tp in enumerate(journey.touchpoints):
        where = ("touchpoints", index, "description")
        html = description_html(ctx, src, tp.description, where, broken)
        if html:
            name = f'<a href="#{escape_html(touchpoint_anchor(tp.id))}">{escape_html(tp.name)}</a>'
            notes.append(f"<dt>{name}</dt><dd>{html}</dd>")
    # Raw HTML shaped as Python-Markdown writes a Markdown table, so that the table has
    # its id (the heatmap is described by it) under any host and set of extensions.
    # Cell text is escaped as Markdown text is: the same character references.
    text = f"## {escape_markdown(labels['touchpoints'])}\n\n"
    text += block_table([escape_markdown(h) for h in header], rows, TOUCHPOINT_TABLE_ID)
    if notes:  # in the same raw block as the table
        text += f'<dl class="tp-touchpoint-notes">{"".join(notes)}</dl>\n'
    return text + "\n"


_OPTIONAL_COLUMNS = ("friction", "sentiment", "volume", "pain_point", "opportunity")


def _steps(journey: Journey, ctx: PageContext) -> str:
    """The steps in order; a column no step fills is left out.

    A raw HTML table: it links only within the page, so it needs no link checking,
    and MkDocs spends no Markdown parsing on its many cells (the largest table of a
    journey page).
    """
    labels = ctx.labels
    phases = {p.id: p.name for p in journey.phases}
    touchpoints = {t.id: t.name for t in journey.touchpoints}
    columns = [
        c for c in _OPTIONAL_COLUMNS if any(getattr(s, c) is not None for s in journey.steps)
    ]
    header = ["#", labels["phase"], labels["touchpoint"], labels["action"]]
    header += [labels[c] for c in columns]
    rows = []
    for number, step in enumerate(journey.steps, start=1):
        name = escape_text(touchpoints.get(step.touchpoint, step.touchpoint))
        anchor_href = escape_html(touchpoint_anchor(step.touchpoint))
        row = [
            str(number),
            escape_text(phases.get(step.phase, step.phase)),
            f'<a href="#{anchor_href}">{name}</a>',
            escape_text(step.action),
        ]
        row += [_step_value(step, column, ctx) for column in columns]
        rows.append(row)
    heading = f"## {escape_markdown(labels['steps'])}\n\n"
    return heading + html_table([escape_text(h) for h in header], rows, "tp-steps")


def _step_value(step: object, column: str, ctx: PageContext) -> str:
    value = getattr(step, column)
    if value is None:
        return ""
    if column == "sentiment":
        return format_signed(value)
    if column == "volume":
        return escape_text(format_number(value, ctx.labels))
    return escape_text(value)
