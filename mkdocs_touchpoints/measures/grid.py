"""The steps of a journey sorted into phase × touchpoint cells, and the value of each cell
for each metric of the registry (`measures.registry`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_touchpoints.measures.registry import COUNT, METRICS
from mkdocs_touchpoints.reading.model import Journey, Phase, Step, Touchpoint

Value = int | float | None


def unique_names(names: list[str], ids: list[str]) -> list[str]:
    """The names, with ` (id)` added where two share one (category axes need unique values)."""
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return [
        name if seen[name] == 1 else f"{name} ({item_id})"
        for name, item_id in zip(names, ids, strict=True)
    ]


@dataclass(slots=True)
class Grid:
    """The steps of a journey sorted into cells: `cells[row][column]`, touchpoints by phases."""

    phases: list[Phase]
    touchpoints: list[Touchpoint]
    cells: list[list[list[Step]]]
    phase_names: list[str] = field(default_factory=list)
    touchpoint_names: list[str] = field(default_factory=list)


def grid(journey: Journey) -> Grid:
    """Sort the steps into phase × touchpoint cells (steps naming an unknown id are skipped)."""
    phases, touchpoints = journey.phases, journey.touchpoints
    column = {phase.id: index for index, phase in enumerate(phases)}
    row = {touchpoint.id: index for index, touchpoint in enumerate(touchpoints)}
    cells: list[list[list[Step]]] = [[[] for _ in phases] for _ in touchpoints]
    for step in journey.steps:
        r, c = row.get(step.touchpoint), column.get(step.phase)
        if r is not None and c is not None:
            cells[r][c].append(step)
    return Grid(
        phases,
        touchpoints,
        cells,
        unique_names([p.name for p in phases], [p.id or "" for p in phases]),
        unique_names([t.name for t in touchpoints], [t.id for t in touchpoints]),
    )


def available_metrics(journey: Journey) -> list[str]:
    """`count`, then each other metric that at least one step gives a value for."""
    return [COUNT] + [
        metric.id
        for metric in METRICS.values()
        if not metric.is_count and any(metric.of(step) is not None for step in journey.steps)
    ]


def cell_value(steps: list[Step], metric: str) -> Value:
    """The value of one cell: the steps' values pooled as the metric says (the count of
    steps, mean friction or sentiment, sum of volume); None for an empty cell."""
    return METRICS[metric].pooled(steps)


def metric_values(cells: list[list[list[Step]]], metric: str) -> list[list[Value]]:
    """The z matrix of one metric: rows are touchpoints, columns phases; empty cells None."""
    pooled = METRICS[metric].pooled
    return [[pooled(steps) for steps in row] for row in cells]


def cell_counts(journey: Journey) -> dict[tuple[str, str], int]:
    """Steps per (phase id, touchpoint id) of the grid; cells with no step are absent."""
    g = grid(journey)
    return {
        (phase.id or "", touchpoint.id): int(count)
        for touchpoint, row in zip(g.touchpoints, metric_values(g.cells, COUNT), strict=True)
        for phase, count in zip(g.phases, row, strict=True)
        if count
    }
