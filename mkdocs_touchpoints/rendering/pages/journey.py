"""The page of one journey: summary, charts, phases, touchpoint table and steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mkdocs_touchpoints.measures.registry import Metric, step_measures
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Journey, Step
from mkdocs_touchpoints.rendering.assets import PLOTLY_FILE
from mkdocs_touchpoints.rendering.charts import TOUCHPOINT_TABLE_ID
from mkdocs_touchpoints.rendering.late_parts import CHARTS, MEASURED, TOUCHPOINTS, marker
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
from mkdocs_touchpoints.rendering.pages.measured import (
    estimate_columns,
    heatmap_layers,
    measured_html,
    measured_section,
)

TOUCHPOINT_ANCHOR_PREFIX = "tp-"
"""Each touchpoint row carries the anchor `tp-<touchpoint-id>`."""
CHARTS_SLOT_CLASS = "tp-charts-slot"
"""Class of the element around the charts block; it carries `data-tp-plotly-src`."""


def touchpoint_anchor(touchpoint_id: str) -> str:
    """`tp-<touchpoint-id>`, the anchor of a touchpoint's row."""
    return TOUCHPOINT_ANCHOR_PREFIX + touchpoint_id


def journey_page(file: JourneyFile, ctx: PageContext) -> GeneratedPage:
    """The Markdown of a journey page (in a late build, with markers where its measured parts
    go: see `rendering.late`)."""
    journey = file.journey
    src = ctx.layout.journey(file.id)
    late = ctx.later.slots(file.id) if ctx.later is not None else frozenset()
    broken: list[BrokenLink] = []
    parts = [
        front_matter(journey.title),
        f"# {escape_markdown(journey.title)}\n\n",
        description_block(ctx, src, journey.description, ("description",), broken),
        _summary(journey, ctx, src),
        _charts_slot(journey, ctx, src, late),
        measured_section(file.id, ctx, late=MEASURED in late),
        _phases(journey, ctx, src, broken),
        _touchpoints(journey, ctx, src, broken, late),
        _steps(journey, ctx),
    ]
    return GeneratedPage(src, journey.title, "".join(parts), "journey", file.id, tuple(broken))


def late_bodies(file: JourneyFile, ctx: PageContext, slots: Iterable[str]) -> dict[str, str]:
    """The bodies of a journey page's late parts, as the page's converted HTML holds them
    (`ctx` with the measured metrics)."""
    journey = file.journey
    src = ctx.layout.journey(file.id)
    bodies = {}
    for slot in slots:
        if slot == CHARTS:
            bodies[slot] = _charts(journey, ctx)
        elif slot == MEASURED:
            bodies[slot] = measured_html(file.id, ctx)
        elif slot == TOUCHPOINTS:
            bodies[slot] = _touchpoint_table(journey, ctx, src, []).rstrip("\n")
    return bodies


def _summary(journey: Journey, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    items = []
    if journey.persona:
        items.append((labels["persona"], escape_markdown(journey.persona)))
    items.append((labels["owner"], team_link(ctx, src, journey.owner)))
    if journey.tags:
        items.append((labels["tags"], ", ".join(escape_markdown(t) for t in journey.tags)))
    return "".join(f"- **{escape_markdown(name)}:** {value}\n" for name, value in items) + "\n"


def _charts_slot(journey: Journey, ctx: PageContext, src: str, late: frozenset[str]) -> str:
    plotly = escape_html(ctx.layout.href(src, ctx.layout.asset(PLOTLY_FILE)))
    charts = marker(CHARTS) if CHARTS in late else _charts(journey, ctx)
    return f'<div class="{CHARTS_SLOT_CLASS}" data-tp-plotly-src="{plotly}">\n{charts}\n</div>\n\n'


def _charts(journey: Journey, ctx: PageContext) -> str:
    """The charts block; '' without a renderer."""
    if ctx.charts is None:
        return ""
    layers = heatmap_layers(ctx.measured, journey.id or "")
    # Only a journey with measured cells passes them: a renderer need not know of them.
    charts = (
        ctx.charts(journey, ctx.labels, measured=layers)
        if layers
        else ctx.charts(journey, ctx.labels)
    )
    return charts.strip()


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


def _touchpoints(
    journey: Journey, ctx: PageContext, src: str, broken: list[BrokenLink], late: frozenset[str]
) -> str:
    # Rendered in a late build too: its description links are reported from here.
    table = _touchpoint_table(journey, ctx, src, broken)
    if TOUCHPOINTS in late:
        table = marker(TOUCHPOINTS) + "\n"
    return f"## {escape_markdown(ctx.labels['touchpoints'])}\n\n{table}\n"


def _touchpoint_table(
    journey: Journey, ctx: PageContext, src: str, broken: list[BrokenLink]
) -> str:
    """The touchpoint table (and the notes of the touchpoints with a description)."""
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
    for name, cells in estimate_columns(journey, ctx):
        header.append(name)
        for row, cell in zip(rows, cells, strict=True):
            row.append(cell)
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
    text = block_table(
        [escape_markdown(h) for h in header[:5]] + header[5:], rows, TOUCHPOINT_TABLE_ID
    )
    if notes:  # in the same raw block as the table
        text += f'<dl class="tp-touchpoint-notes">{"".join(notes)}</dl>\n'
    return text


STEP_ANCHOR_PREFIX = "step-"
"""Each step's row carries the anchor `step-<n>` (`n` = its 1-based position in `steps`)."""
STEP_TABLE_NAME = "tp-steps"
"""`data-tp-table` of the steps table; the stylesheet lays it out by this name."""
_NOTE_FIELDS = ("pain_point", "opportunity")


def step_anchor(number: int) -> str:
    """`step-<n>`, the anchor of the n-th step's row (1-based)."""
    return f"{STEP_ANCHOR_PREFIX}{number}"


def _steps(journey: Journey, ctx: PageContext) -> str:
    """The steps in order, as a table that reads as the journey.

    The action leads, with the pain point and the opportunity as labelled lines
    under it; the phase is a chip, the touchpoint a link to its row; friction,
    sentiment and volume share one narrow column of labelled badges (left out when
    no step has any). Under a phone's width the stylesheet stacks each row into a
    block.

    A raw HTML table: it links only within the page, so it needs no link checking,
    and MkDocs spends no Markdown parsing on its many cells (the largest table of a
    journey page).
    """
    labels = ctx.labels
    phases = {p.id: p.name for p in journey.phases}
    touchpoints = {t.id: t.name for t in journey.touchpoints}
    scores = [m for m in step_measures() if any(m.of(s) is not None for s in journey.steps)]
    header = [
        ("tp-step__n", "#"),
        ("tp-step__phase", escape_text(labels["phase"])),
        ("tp-step__touchpoint", escape_text(labels["touchpoint"])),
        ("tp-step__action", escape_text(labels["action"])),
    ]
    if scores:
        header.append(("tp-step__scores", " · ".join(escape_text(labels[m.label]) for m in scores)))
    rows = []
    for position, step in enumerate(journey.steps, start=1):
        name = escape_text(touchpoints.get(step.touchpoint, step.touchpoint))
        anchor_href = escape_html(touchpoint_anchor(step.touchpoint))
        cells = [
            str(position),
            f'<span class="tp-chip">{escape_text(phases.get(step.phase, step.phase))}</span>',
            f'<a href="#{anchor_href}">{name}</a>',
            _step_action(step, labels),
        ]
        if scores:
            cells.append("".join(_score_badge(step, metric, labels) for metric in scores))
        rows.append(cells)
    table_html = html_table(
        [text for _, text in header],
        rows,
        STEP_TABLE_NAME,
        column_classes=[css for css, _ in header],
        row_ids=[step_anchor(n) for n in range(1, len(rows) + 1)],
    )
    return f"## {escape_markdown(labels['steps'])}\n\n" + table_html


def _step_action(step: Step, labels: Mapping[str, str]) -> str:
    """The action, then a labelled line for each of the pain point and the opportunity."""
    lines = [f'<div class="tp-step__text">{escape_text(step.action)}</div>']
    for field_name in _NOTE_FIELDS:
        value = getattr(step, field_name)
        if value is not None:
            label = escape_text(labels[field_name])
            lines.append(
                f'<div class="tp-step__note tp-step__note--{field_name.replace("_", "-")}">'
                f'<span class="tp-step__label">{label}:</span> {escape_text(value)}</div>'
            )
    return "".join(lines)


def _score_badge(step: Step, metric: Metric, labels: Mapping[str, str]) -> str:
    """One score of a step as a labelled badge (`Friction 3`), or '' when the step has none."""
    value = metric.of(step)
    if value is None:
        return ""
    if metric.display == "signed":
        text = format_signed(int(value))
    elif metric.display == "number":
        text = escape_text(format_number(value, labels))
    else:
        text = escape_text(value)
    label = escape_text(labels[metric.label])
    return (
        f'<span class="tp-badge tp-badge--{metric.id}">'
        f'<span class="tp-step__label">{label}</span> {text}</span>'
    )
