"""The "Changes" page of a site built with `compare_to: REV`: the diff, with links, and
each changed journey's heatmap before and after, side by side.

Pure functions: the plugin passes the handbook it publishes and its page context;
BASE is read from git by `read_base`. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from mkdocs_touchpoints.diff.compare import compare
from mkdocs_touchpoints.diff.model import METRIC_KINDS, Change, HandbookDiff, Kind, Level
from mkdocs_touchpoints.diff.render import summary_line
from mkdocs_touchpoints.diff.sources import Git, read_revision
from mkdocs_touchpoints.measures.grid import grid
from mkdocs_touchpoints.measures.measured import Definition
from mkdocs_touchpoints.measures.registry import COUNT
from mkdocs_touchpoints.reading.diagnostics import JourneyValidationError, SourceError
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.reading.quoting import shorten
from mkdocs_touchpoints.rendering.charts import plot_element
from mkdocs_touchpoints.rendering.figures import colourscales, heatmap_figure, heatmap_metric
from mkdocs_touchpoints.rendering.markup import escape_html, escape_markdown, escape_text
from mkdocs_touchpoints.rendering.measured_text import bounds_text, score_text, target_html
from mkdocs_touchpoints.rendering.pages.common import (
    GeneratedPage,
    PageContext,
    format_number,
    front_matter,
    html_table,
    table,
)
from mkdocs_touchpoints.rendering.pages.journey import touchpoint_anchor
from mkdocs_touchpoints.rendering.pages.layout import relative_link

CHANGES_PAGE = "changes/index.md"
"""Source path of the page; its URL is `changes/` (spec)."""
PAGE_KIND = "changes"
"""The `GeneratedPage.kind`; the nav appends a page of an unknown kind as `{title: src}`."""


_ICONS = {Level.BREAKING: "🔴", Level.WARNING: "🟠", Level.INFO: "🔵"}


@dataclass(frozen=True, slots=True)
class HeatmapPair:
    """The `count` heatmap of one journey in BASE and in HEAD (None where it is absent).

    Each side is the payload `assets/touchpoints.js` draws from a `data-tp-figure`
    attribute; both share one colour range so that equal counts look equal.
    """

    journey: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ChangesPage:
    """The page, the journeys it marks as changed, and the heatmap data it embeds."""

    page: GeneratedPage
    marks: dict[str, Level] = field(default_factory=dict)
    """Changed journey id -> the most serious level of its changes (for the journeys index)."""
    added: frozenset[str] = frozenset()
    """Ids of the journeys HEAD adds."""
    heatmaps: list[HeatmapPair] = field(default_factory=list)
    diff: HandbookDiff = field(default_factory=HandbookDiff)


def read_base(
    revision: str, journeys_dir: Path, config_dir: Path, *, metrics: bool = False
) -> Handbook:
    """The journeys folder as it is in `revision` of the git repository around `config_dir`
    (with `metrics`, its measured metrics too).

    Raises SourceError for a revision or folder git cannot read, and
    JourneyValidationError when BASE's journeys have errors.
    """
    try:
        relative = journeys_dir.resolve().relative_to(config_dir.resolve()).as_posix()
    except ValueError:
        raise SourceError(f"the journeys folder is outside {config_dir}") from None
    side = read_revision(Git(config_dir), revision, relative, f"BASE ({revision})", metrics=metrics)
    if side.handbook.errors:
        raise JourneyValidationError(side.handbook.errors)
    return side.handbook


def build_changes_page(
    revision: str,
    base: Handbook,
    head: Handbook,
    ctx: PageContext,
    *,
    dark_schemes: Iterable[str] = ("slate",),
    src_uri: str = CHANGES_PAGE,
    metrics: bool = False,
) -> ChangesPage:
    """Compare `base` (read from `revision`) with the published `head`, and render the page
    (with `metrics`, the measured metrics of both too, in a section of their own)."""
    diff = compare(base, head, metrics=metrics)
    labels = ctx.labels
    old = {f.id: f.journey for f in base.journeys}
    new = {f.id: f.journey for f in head.journeys}
    # A journey is marked changed by its own file; a new month of numbers is not a change
    # to the map (the PR comment counts journeys the same way).
    mapped = [c for c in diff.changes if c.kind not in METRIC_KINDS]
    marks: dict[str, Level] = {}
    for change in mapped:
        if (
            change.journey is not None
            and change.level.rank >= marks.get(change.journey, Level.INFO).rank
        ):
            marks[change.journey] = change.level
    added = frozenset(diff.journeys_with(Kind.JOURNEY_ADDED))
    heatmaps = [
        heatmap_pair(journey_id, old.get(journey_id), new.get(journey_id), ctx.labels)
        for journey_id in marks
    ]
    title = labels["changes_title"]
    schemes = " ".join(dark_schemes)
    parts = [
        front_matter(title),
        f"# {escape_markdown(title)}\n\n",
        escape_markdown(labels["changes_against"].format(revision=revision)),
        "\n\n",
    ]
    if not diff.changes:
        parts.append(escape_markdown(labels["changes_none"]) + "\n")
    else:
        parts.append(f"**{escape_markdown(summary_line(diff))}**\n\n")
        by_journey = _by_journey(mapped)
        pairs = {pair.journey: pair for pair in heatmaps}
        for journey_id, changes in by_journey.items():
            section = _Section(ctx, labels, src_uri, revision, schemes)
            parts.append(section.journey(journey_id, changes, diff, pairs[journey_id]))
        team_changes = [c for c in mapped if c.journey is None]
        if team_changes:
            parts.append(f"## {escape_markdown(labels['changes_teams'])}\n\n")
            parts.append(_table(team_changes, ctx, labels, src_uri, linked=False))
        parts.append(_measured(diff, head, ctx, src_uri))
    page = GeneratedPage(src_uri, title, "".join(parts), PAGE_KIND)
    return ChangesPage(page, marks, added, heatmaps, diff)


def _by_journey(changes: list[Change]) -> dict[str, list[Change]]:
    grouped: dict[str, list[Change]] = {}
    for change in changes:
        if change.journey is not None:
            grouped.setdefault(change.journey, []).append(change)
    return grouped


# --- heatmaps -------------------------------------------------------------------------------


def _counts_top(journey: Journey | None) -> int:
    if journey is None:
        return 0
    cells = grid(journey).cells
    return max((len(steps) for row in cells for steps in row), default=0)


def heatmap_payload(journey: Journey, labels: Mapping[str, str], top: int) -> dict[str, Any]:
    """The `count` heatmap of a journey as the charts script draws it, on a 0..top scale."""
    g = grid(journey)
    figure = heatmap_figure(journey, labels, g)
    variant = heatmap_metric(g, "count", labels)
    top = max(top, 1)
    variant["zmin"], variant["zmax"] = 0, top
    trace = figure["data"][0]
    trace["zmin"], trace["zmax"] = 0, top
    return {
        "figure": figure,
        "metric": "count",
        "metrics": {"count": variant},
        "colourscales": colourscales([COUNT]),
    }


def heatmap_pair(
    journey_id: str, old: Journey | None, new: Journey | None, labels: Mapping[str, str]
) -> HeatmapPair:
    """Both heatmaps of a journey on one shared colour range."""
    top = max(_counts_top(old), _counts_top(new))
    return HeatmapPair(
        journey_id,
        heatmap_payload(old, labels, top) if old is not None else None,
        heatmap_payload(new, labels, top) if new is not None else None,
    )


def _plot(payload: dict[str, Any], caption: str, journey_id: str, side: str) -> str:
    caption_id = f"tpc-{journey_id}-{side}"
    return (
        f'<figure class="tp-chart tp-chart--heatmap" aria-labelledby="{caption_id}">'
        f'<figcaption class="tp-chart__name" id="{caption_id}">{escape(caption)}</figcaption>'
        f"{plot_element('heatmap', payload, caption_id)}</figure>"
    )


def _side_by_side(pair: HeatmapPair, labels: Mapping[str, str], revision: str, schemes: str) -> str:
    figures = []
    if pair.before is not None:
        caption = labels["changes_before"].format(revision=revision)
        figures.append(_plot(pair.before, caption, pair.journey, "before"))
    if pair.after is not None:
        figures.append(_plot(pair.after, labels["changes_after"], pair.journey, "after"))
    return (
        f'<div class="tp-charts tp-compare" data-tp-dark-schemes="{escape(schemes)}"'
        ' style="display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));'
        'gap:1rem">\n' + "\n".join(figures) + "\n</div>\n\n"
    )


# --- tables ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Section:
    """Renders the section of one changed journey."""

    ctx: PageContext
    labels: Mapping[str, str]
    src: str
    revision: str
    schemes: str

    def journey(
        self, journey_id: str, changes: list[Change], diff: HandbookDiff, pair: HeatmapPair
    ) -> str:
        """Heading (a link to the journey page unless removed), changes, heatmaps."""
        title = escape_markdown(diff.titles.get(journey_id, journey_id))
        removed = pair.after is None
        if removed:
            heading = f"## {title} (`{journey_id}`)\n\n"
            heading += escape_markdown(self.labels["changes_removed_journey"]) + "\n\n"
        else:
            target = relative_link(self.src, self.ctx.layout.journey(journey_id))
            heading = f"## [{title}]({target}) (`{journey_id}`)\n\n"
        return (
            heading
            + _table(changes, self.ctx, self.labels, self.src, linked=not removed)
            + "\n"
            + escape_markdown(self.labels["changes_heatmap"])
            + "\n\n"
            + _side_by_side(pair, self.labels, self.revision, self.schemes)
        )


def _measured(diff: HandbookDiff, head: Handbook, ctx: PageContext, src: str) -> str:
    """The measured metrics' changes: definitions as the other tables, then a row per
    (metric, journey) whose latest shown score moved, written as the journey pages write
    scores, intervals and targets ('' without any change)."""
    changes = [c for c in diff.changes if c.kind in METRIC_KINDS]
    if not changes:
        return ""
    labels = ctx.labels
    definitions = [c for c in changes if c.kind is not Kind.MEASUREMENT_CHANGED]
    scores = [c for c in changes if c.kind is Kind.MEASUREMENT_CHANGED]
    text = f"## {escape_markdown(labels['changes_metrics'])}\n\n"
    if definitions:
        text += _table(definitions, ctx, labels, src, linked=False) + "\n"
    if not scores:
        return text
    no_value = escape_html(labels["no_value"])
    rows = []
    for change in sorted(scores, key=lambda c: -c.level.rank):
        measurement = change.measurement
        # The comparer measures HEAD's metrics only, so HEAD defines every one here.
        definition = head.metrics.definition(change.target)
        assert measurement is not None and definition is not None
        journey = change.journey or ""
        href = escape_html(ctx.layout.page_href(src, ctx.layout.journey(journey)))
        old = _score(change.old, measurement.old_period, definition, labels)
        new = _score(change.new, measurement.new_period, definition, labels)
        interval = no_value
        if measurement.interval is not None:
            interval = escape_html(bounds_text(measurement.interval, definition, labels))
        target = target_html(measurement.status, definition, labels)
        if measurement.dropped:
            target += f" · {escape_html(labels['changes_dropped'])}"
        rows.append(
            [
                f"{_ICONS[change.level]} {escape_html(labels[change.level.value])}",
                change.code,
                f"<code>{escape_html(change.target)}</code> ({escape_text(definition.name)})",
                f'<a href="{href}"><code>{escape_html(journey)}</code></a>',
                f"{old} → {new}",
                no_value if measurement.n is None else format_number(measurement.n, labels, 0),
                interval,
                target,
            ]
        )
    keys = ("changes_severity", "changes_rule", "metric", "journey", "changes_change")
    header = [escape_text(labels[key]) for key in (*keys, "respondents", "interval", "target")]
    intro = escape_markdown(labels["changes_scores"])
    return text + f"{intro}\n\n" + html_table(header, rows, "changes-measured") + "\n"


def _score(
    score: float | None, period: str | None, definition: Definition, labels: Mapping[str, str]
) -> str:
    """A latest shown score with its period, or a dash without one."""
    if score is None:
        return escape_html(labels["no_value"])
    shown = escape_html(score_text(score, definition, labels))
    return f"{shown} ({escape_html(period)})" if period else shown


def _cell(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return escape_markdown(shorten(str(value), 80, flat=True))


def _code(identifier: str) -> str:
    """An id (a slug) as inline code; anything else escaped."""
    if identifier and all(c.isalnum() or c == "-" for c in identifier):
        return f"`{identifier}`"
    return escape_markdown(identifier)


def _element(change: Change, ctx: PageContext, src: str, linked: bool) -> str:
    """What changed, with a link to where it now is (a touchpoint row, a team page)."""
    kind = change.kind
    noun, _, verb = kind.value.partition("_")
    target = _code(change.target)
    if kind in (Kind.JOURNEY_ADDED, Kind.JOURNEY_REMOVED):
        return f"journey {verb}"
    if kind is Kind.JOURNEY_CHANGED:
        return "phase order" if change.field == "phases" else f"journey · {change.field}"
    gone = verb == "removed"
    if noun == "touchpoint" and linked and not gone:
        page = ctx.layout.journey(change.journey or "")
        target = f"[{target}]({relative_link(src, page, touchpoint_anchor(change.target))})"
    elif noun == "team" and not gone:
        target = f"[{target}]({relative_link(src, ctx.layout.team(change.target))})"
    elif noun == "step":
        number = f"BASE step {change.step}" if gone else f"step {change.step}"
        target = f"{number} ({_code(change.phase or '')} / {target})"
        noun = ""
    text = f"{noun} {target}".strip()
    text = f"{text} · {change.field}" if verb == "changed" else f"{text} {verb}"
    return f"{text} ({escape_markdown(change.detail)})" if change.detail else text


def _table(
    changes: list[Change],
    ctx: PageContext,
    labels: Mapping[str, str],
    src: str,
    *,
    linked: bool,
) -> str:
    ordered = sorted(changes, key=lambda c: -c.level.rank)
    rows = []
    for change in ordered:
        added = change.kind.value.endswith("_added")
        removed = change.kind.value.endswith("_removed")
        rows.append(
            [
                f"{_ICONS[change.level]} {escape_markdown(labels[change.level.value])}",
                change.code,
                _element(change, ctx, src, linked=linked),
                "" if added else _cell(change.old),
                "" if removed else _cell(change.new),
            ]
        )
    header = [labels[f"changes_{key}"] for key in ("severity", "rule", "change", "old", "new")]
    return table([escape_markdown(h) for h in header], rows)
