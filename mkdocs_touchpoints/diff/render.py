"""Render a handbook diff as text, a Markdown PR comment, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from mkdocs_touchpoints.diff.compare import show
from mkdocs_touchpoints.diff.measured import show_score
from mkdocs_touchpoints.diff.model import (
    METRIC_KINDS,
    CellChange,
    Change,
    HandbookDiff,
    Kind,
    Level,
)
from mkdocs_touchpoints.sinks import github, markdown, terminal
from mkdocs_touchpoints.sinks.markdown import fence_for, utf16_len

FORMATS = ("markdown", "text", "json", "github")
COMMENT_MARKER = "<!-- mkdocs-touchpoints-diff -->"
"""First line of the Markdown output, so a workflow can find and update its own comment."""
MAX_COMMENT_CHARS = 60_000
"""GitHub refuses comments over 65,536 characters: rows past this budget are left out."""
GITHUB_COMMENT_LIMIT = 65_536
"""GitHub's limit on a comment, counted here in UTF-16 code units (an emoji counts 2)."""

_BADGES = {Level.BREAKING: "🔴 breaking", Level.WARNING: "🟠 warning", Level.INFO: "🔵 info"}
_COLOURS = {Level.BREAKING: "\033[1;31m", Level.WARNING: "\033[33m", Level.INFO: "\033[36m"}
_RESET = "\033[0m"
_ANNOTATIONS = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _group_phrase(noun: str, changed: int, added: int, removed: int) -> str:
    """`2 journeys changed, 1 added`: the noun goes with the first count given."""
    parts: list[str] = []
    for number, verb in ((changed, "changed"), (added, "added"), (removed, "removed")):
        if number:
            parts.append(f"{_count(number, noun) if not parts else number} {verb}")
    return ", ".join(parts)


def summary_line(diff: HandbookDiff) -> str:
    """`2 journeys changed, 1 added · 1 breaking, 3 warnings, 4 info`."""
    counts = diff.summary()
    if not counts["changes"]:
        return "no changes to the journey maps"
    groups = [
        _group_phrase(
            "journey",
            counts["journeys_changed"],
            counts["journeys_added"],
            counts["journeys_removed"],
        ),
        _group_phrase(
            "team", counts["teams_changed"], counts["teams_added"], counts["teams_removed"]
        ),
        _group_phrase(
            "metric",
            counts["metrics_changed"],
            counts["metrics_added"],
            counts["metrics_removed"],
        ),
        _group_phrase("measured score", counts["measurements_changed"], 0, 0),
    ]
    what = "; ".join(g for g in groups if g)
    levels = (
        f"{counts['breaking']} breaking, {_count(counts['warning'], 'warning')}, "
        f"{counts['info']} info"
    )
    return f"{what} · {levels}"


def _sections(diff: HandbookDiff) -> list[tuple[str | None, list[Change]]]:
    """Changes grouped by journey (in diff order), team changes last under None."""
    groups: dict[str | None, list[Change]] = {}
    for change in diff.changes:
        if change.kind not in METRIC_KINDS:
            groups.setdefault(change.journey, []).append(change)
    teams = groups.pop(None, None)
    ordered: list[tuple[str | None, list[Change]]] = list(groups.items())
    if teams:
        ordered.append((None, teams))
    return ordered


def _metric_changes(diff: HandbookDiff) -> list[Change]:
    """The changes of measured metrics: definitions, then scores (the comparer's order)."""
    return [c for c in diff.changes if c.kind in METRIC_KINDS]


def _cell_value(value: int | None) -> str:
    return "—" if value is None else str(value)


# --- JSON -----------------------------------------------------------------------------------


def as_json(diff: HandbookDiff) -> str:
    """`{"summary": {...}, "changes": [...], "heatmap": [...]}`, the spec's shape."""
    data = {
        "summary": diff.summary(),
        "changes": [c.as_dict() for c in diff.changes],
        "heatmap": [
            {
                "journey": cell.journey,
                "phase": cell.phase,
                "touchpoint": cell.touchpoint,
                "old": cell.old,
                "new": cell.new,
            }
            for cell in diff.cells
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- text -----------------------------------------------------------------------------------


def _where(change: Change) -> str:
    location = change.location
    if location is None:
        return ""
    side = " in BASE" if location.side == "base" else ""
    return f"  ({terminal.escape(location.path)}:{location.line}:{location.column}{side})"


def as_text(diff: HandbookDiff, *, colour: bool = False) -> str:
    """For a terminal: changes by journey, then the heatmap cells; ANSI colour on request.

    Every value from the files goes through `sinks.terminal` (no escape sequence, control
    or bidirectional character reaches the terminal); the colours are the only escapes.
    """
    esc = terminal.escape

    def paint(level: Level, text: str) -> str:
        return f"{_COLOURS[level]}{text}{_RESET}" if colour else text

    lines = []
    for journey, changes in _sections(diff):
        title = esc(diff.titles.get(journey, "")) if journey else ""
        heading = f"{esc(journey)}  {title}".rstrip() if journey else "teams"
        lines.append(f"\033[1m{heading}{_RESET}" if colour else heading)
        for change in changes:
            badge = paint(change.level, f"{change.level!s:<8}")
            lines.append(f"  {badge} {change.code}  {esc(change.message)}{_where(change)}")
        lines.append("")
    measured = _metric_changes(diff)
    if measured:
        heading = "measured metrics"
        lines.append(f"\033[1m{heading}{_RESET}" if colour else heading)
        for change in measured:
            badge = paint(change.level, f"{change.level!s:<8}")
            lines.append(f"  {badge} {change.code}  {esc(change.message)}{_where(change)}")
        lines.append("")
    if diff.cells:
        lines.append("heatmap cells that changed (steps, before → after)")
        for cell in diff.cells:
            lines.append(
                f"  {esc(cell.journey)}  {esc(cell.phase)} × {esc(cell.touchpoint)}: "
                f"{_cell_value(cell.old)} → {_cell_value(cell.new)}"
            )
        lines.append("")
    lines.append(summary_line(diff))
    return "\n".join(lines) + "\n"


# --- GitHub annotations ---------------------------------------------------------------------


def as_github(diff: HandbookDiff) -> str:
    """One `::error`/`::warning`/`::notice` workflow command per change, on its file and line."""
    lines = []
    for change in diff.changes:
        command = _ANNOTATIONS[change.level]
        title = f"{change.code} {change.kind.value.replace('_', ' ')}"
        properties: dict[str, str | int] = {}
        if change.location is not None:
            properties["file"] = change.location.path
            properties["line"] = change.location.line
            properties["col"] = change.location.column
        properties["title"] = title
        message = (
            change.message if change.journey is None else f"{change.journey}: {change.message}"
        )
        lines.append(github.command(command, properties, message))
    return "".join(lines)


# --- Markdown -------------------------------------------------------------------------------


def md_text(text: str, limit: int = 80) -> str:
    """Plain text safe inside a Markdown table cell (`sinks.markdown.cell`)."""
    return markdown.cell(text, limit)


def _md_value(value: Any) -> str:
    if value is None or value == []:
        return "*(none)*"
    if isinstance(value, str):
        return md_text(value)
    if isinstance(value, list):
        return md_text(", ".join(str(v) for v in value))
    if isinstance(value, dict) and set(value) == {"value", "direction"}:
        sign = "<=" if value["direction"] == "at-most" else ">="
        return md_text(f"{sign} {value['value']:g}")
    return md_text(show(value))


def _code(identifier: str) -> str:
    return markdown.code(identifier)


def _subject(change: Change) -> str:
    """The change column (`touchpoint website · type`), with its aside in brackets."""
    text = _element(change)
    return f"{text} ({md_text(change.detail)})" if change.detail else text


def _element(change: Change) -> str:
    kind = change.kind
    if kind in (Kind.JOURNEY_ADDED, Kind.JOURNEY_REMOVED):
        return f"journey {kind.value.split('_')[1]}"
    if kind in (Kind.METRIC_ADDED, Kind.METRIC_REMOVED, Kind.METRIC_CHANGED):
        text = f"metric {_code(change.target)}"
        verb = kind.value.split("_")[1]
        return f"{text} · {change.field}" if verb == "changed" else f"{text} {verb}"
    if kind is Kind.JOURNEY_CHANGED:
        return "phase order" if change.field == "phases" else f"journey · {change.field}"
    noun, _, verb = kind.value.partition("_")
    if noun == "step":
        number = f"BASE step {change.step}" if kind is Kind.STEP_REMOVED else f"step {change.step}"
        text = f"{number} ({_code(change.phase or '')} / {_code(change.target)})"
    else:
        text = f"{noun} {_code(change.target)}"
    return f"{text} · {change.field}" if verb == "changed" else f"{text} {verb}"


def _old_new(change: Change) -> tuple[str, str]:
    added = change.kind.value.endswith("_added")
    removed = change.kind.value.endswith("_removed")
    old = "" if added else _md_value(change.old)
    new = "" if removed else _md_value(change.new)
    return old, new


def _change_rows(changes: list[Change]) -> Iterator[str]:
    """Most serious first; the comparer's order (journey, phases, touchpoints, steps) within."""
    for change in sorted(changes, key=lambda c: -c.level.rank):
        old, new = _old_new(change)
        yield f"| {_BADGES[change.level]} | {change.code} | {_subject(change)} | {old} | {new} |"


def _cell_rows(cells: list[CellChange]) -> Iterator[str]:
    for cell in cells:
        yield (
            f"| {_code(cell.journey)} | {md_text(cell.phase)} | {md_text(cell.touchpoint)} "
            f"| {_cell_value(cell.old)} | {_cell_value(cell.new)} |"
        )


class _Budget:
    """Lines of the comment, stopping before GitHub's size limit."""

    def __init__(self, limit: int) -> None:
        self.lines: list[str] = []
        self.size = 0
        self.limit = limit
        self.dropped = 0

    def add(self, line: str) -> bool:
        size = utf16_len(line) + 1  # GitHub counts UTF-16 code units
        if self.dropped or self.size + size > self.limit:
            self.dropped += 1
            return False
        self.lines.append(line)
        self.size += size
        return True


def _interval(change: Change) -> str:
    measurement = change.measurement
    if measurement is None or measurement.interval is None:
        return "—"
    low, high = measurement.interval
    return f"{low:.1f} to {high:.1f}"


def _target(change: Change) -> str:
    measurement = change.measurement
    if measurement is None or measurement.target is None:
        return "—"
    status = {"met": "✅ met", "missed": "❌ missed"}.get(measurement.status or "", "—")
    text = f"{md_text(measurement.target)}: {status}"
    return text + " · significant drop" if measurement.dropped else text


def _score_cell(change: Change, score: Any, period: str | None) -> str:
    measurement = change.measurement
    assert measurement is not None
    text = md_text(show_score(score, measurement.metric_type, measurement.unit))
    return f"{text} ({period})" if period else text


def _measured_rows(changes: list[Change]) -> Iterator[str]:
    for change in sorted(changes, key=lambda c: -c.level.rank):
        measurement = change.measurement
        assert measurement is not None
        old = _score_cell(change, change.old, measurement.old_period)
        new = _score_cell(change, change.new, measurement.new_period)
        n = "—" if measurement.n is None else str(measurement.n)
        yield (
            f"| {_BADGES[change.level]} | {change.code} | {_code(change.target)} "
            f"| {_code(change.journey or '')} | {old} → {new} | {n} | {_interval(change)} "
            f"| {_target(change)} |"
        )


def _measured_section(out: _Budget, changes: list[Change]) -> None:
    """Definitions that changed, then one row per (metric, journey) whose score moved."""
    if not changes:
        return
    definitions = [c for c in changes if c.kind is not Kind.MEASUREMENT_CHANGED]
    scores = [c for c in changes if c.kind is Kind.MEASUREMENT_CHANGED]
    out.add("")
    out.add("#### Measured metrics")
    if definitions:
        out.add("")
        out.add("| Severity | Rule | Change | Old | New |")
        out.add("| --- | --- | --- | --- | --- |")
        for row in _change_rows(definitions):
            out.add(row)
    if scores:
        out.add("")
        out.add(
            "Latest shown score per metric and journey, before → after, with the new "
            "score's n, 95 % interval and target."
        )
        out.add("")
        out.add(
            "| Severity | Rule | Metric | Journey | Before → after | n | 95 % interval | Target |"
        )
        out.add("| --- | --- | --- | --- | --- | ---: | --- | --- |")
        for row in _measured_rows(scores):
            out.add(row)


def as_markdown(diff: HandbookDiff, *, limit: int = MAX_COMMENT_CHARS) -> str:
    """A pull-request comment: summary line, a table per journey, the heatmap cells."""
    out = _Budget(limit)
    out.add(COMMENT_MARKER)
    out.add("### Journey map changes")
    out.add("")
    if not diff.changes:
        out.add("No changes to the journey maps.")
        return "\n".join(out.lines) + "\n"
    out.add(f"**{md_text(summary_line(diff), 200)}**")
    for journey, changes in _sections(diff):
        out.add("")
        if journey is None:
            out.add("#### Teams")
        else:
            out.add(f"#### {_code(journey)} — {md_text(diff.titles.get(journey, ''))}")
        out.add("")
        out.add("| Severity | Rule | Change | Old | New |")
        out.add("| --- | --- | --- | --- | --- |")
        for row in _change_rows(changes):
            out.add(row)
    _measured_section(out, _metric_changes(diff))
    if diff.cells:
        out.add("")
        out.add("#### Heatmap cells that changed")
        out.add("")
        out.add("Steps per phase and touchpoint, before and after (— is an empty cell).")
        out.add("")
        out.add("| Journey | Phase | Touchpoint | Before | After |")
        out.add("| --- | --- | --- | ---: | ---: |")
        for row in _cell_rows(diff.cells):
            out.add(row)
    lines = out.lines
    if out.dropped:
        lines += [
            "",
            f"*{out.dropped} more lines left out to fit a comment; run "
            "`mkdocs-touchpoints diff` for the whole list.*",
        ]
    return "\n".join(lines) + "\n"


def _diagram_block(journey: str, title: str, diagram: str) -> str:
    fence = fence_for(diagram.splitlines())
    summary = f"<code>{markdown.html(journey)}</code> — {markdown.html(title)}"
    return (
        f"\n<details>\n<summary>{summary}</summary>\n\n"
        f"{fence}mermaid\n{diagram.rstrip(chr(10))}\n{fence}\n\n</details>\n"
    )


def with_diagrams(
    comment: str,
    diagrams: Sequence[tuple[str, str, str]],
    *,
    limit: int = GITHUB_COMMENT_LIMIT,
) -> str:
    """The comment, then a collapsed Mermaid map per (journey id, title, diagram).

    Diagrams are added in order while the whole comment stays under `limit`; the ones
    left out are counted in a closing note.
    """
    if not diagrams:
        return comment
    head = "\n#### Journey maps (HEAD)\n"
    note = (
        "\n*{} of {} journey maps left out to keep the comment under GitHub's size limit; "
        "run `mkdocs-touchpoints export --format mermaid` to see them.*\n"
    )
    room = limit - 1 - utf16_len(comment + head + note.format(len(diagrams), len(diagrams)))
    blocks: list[str] = []
    for journey, title, diagram in diagrams:
        block = _diagram_block(journey, title, diagram)
        if utf16_len(block) > room:
            break
        blocks.append(block)
        room -= utf16_len(block)
    if not blocks:
        return comment + note.format(len(diagrams), len(diagrams))
    dropped = len(diagrams) - len(blocks)
    tail = note.format(dropped, len(diagrams)) if dropped else ""
    return comment + head + "".join(blocks) + tail


def as_text_plain(diff: HandbookDiff) -> str:
    """The text form without colour."""
    return as_text(diff)


RENDERERS: dict[str, Callable[[HandbookDiff], str]] = {
    "markdown": as_markdown,
    "text": as_text_plain,
    "json": as_json,
    "github": as_github,
}
"""The output of each `--format` (text without colour; the command adds it on a TTY)."""
