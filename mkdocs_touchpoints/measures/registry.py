"""The one registry of step measures: what a page, a chart, the diff and the exports need to
know about each metric.

`count` (steps per cell) comes first and is the heatmap's default; then each measure a step
can carry (`friction`, `sentiment`, `volume`). Adding a metric is one `register(Metric(...))`
plus its label in `rendering/i18n.py`: the heatmap's metric switch, the steps table, the
CSV/JSON export, the diff's field comparisons and outline all read `METRICS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from mkdocs_touchpoints.reading.model import Step

Number = int | float
Pool = Callable[[Sequence[Number]], Number]
"""How the values of several steps become one (a cell's, a journey's)."""
ColourScale = list[list[Any]]
Ticks = Literal["count", "unit", "auto"]
Display = Literal["plain", "signed", "number"]


def pool_sum(values: Sequence[Number]) -> Number:
    """The total (volumes add up)."""
    return sum(values)


def pool_mean(values: Sequence[Number]) -> Number:
    """The arithmetic mean (scores average)."""
    return sum(values) / len(values)


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric of the steps: how to read, pool, scale, format and colour it."""

    id: str
    """The key in the data, the export column, the diff field and the heatmap switch."""
    label: str
    """The key of its label in the translations (`rendering/i18n.py`)."""
    pool: Pool
    """How the steps of a cell (or of a journey) aggregate: `pool_sum`, `pool_mean` or any
    callable over the non-empty list of their values."""
    hover_format: str
    """d3 format of a value on hover."""
    cell_format: str
    """d3 format of the value written in a heatmap cell (short: cells are narrow on phones)."""
    colourscales: Mapping[str, ColourScale]
    """A Plotly colour scale for the `light` and for the `dark` palette."""
    range: tuple[Number, Number] | None = None
    """The fixed scale of the values (the heatmap's colour range); None: 0 to the largest."""
    higher_is_better: bool | None = None
    """Whether a rise is good news (None: neither, as for a count)."""
    midpoint: Number | None = None
    """Where a diverging colour scale turns (Plotly's `zmid`); None: not diverging."""
    ticks: Ticks = "unit"
    """Colour bar ticks: `unit` (every whole number), `count` (round steps), `auto` (SI)."""
    display: Display = "plain"
    """How the steps table writes a value: as is, signed (`+1`), or as a localised number."""
    value: Callable[[Step], Number | None] | None = field(default=None, compare=False)
    """A computed measure's value for a step; None reads the step's field named `id`."""

    @property
    def is_count(self) -> bool:
        """True for `count`, the number of steps (not a measure the steps carry)."""
        return self.id == COUNT

    @property
    def stored(self) -> bool:
        """True when the measure is a field of the journey files (not computed)."""
        return self.value is None and not self.is_count

    def of(self, step: Step) -> Number | None:
        """This measure's value for one step (None when the step gives none)."""
        if self.value is not None:
            return self.value(step)
        value: Number | None = getattr(step, self.id, None)
        return value

    def pooled(self, steps: Sequence[Step]) -> Number | None:
        """The value of several steps: their count, or their values pooled (None if none)."""
        if self.is_count:
            return len(steps) or None
        values = [v for v in (self.of(step) for step in steps) if v is not None]
        return self.pool(values) if values else None


COUNT = "count"
"""The id of the default heatmap metric, the number of steps in a cell."""

_BUILT_IN: tuple[Metric, ...] = (
    Metric(
        id=COUNT,
        label="count",
        pool=pool_sum,
        hover_format="d",
        cell_format="d",
        colourscales={
            "light": [[0, "#e3eefb"], [1, "#1f4e99"]],
            "dark": [[0, "#2a4770"], [1, "#9cc9ff"]],
        },
        ticks="count",
    ),
    Metric(
        id="friction",
        label="friction",
        pool=pool_mean,
        hover_format=".2~f",
        cell_format=".1~f",
        colourscales={
            "light": [[0, "#fff4d6"], [0.5, "#f59e42"], [1, "#b3261e"]],
            "dark": [[0, "#5c4313"], [0.5, "#d9822b"], [1, "#ff8a80"]],
        },
        range=(0, 5),
        higher_is_better=False,
    ),
    Metric(
        id="sentiment",
        label="sentiment",
        pool=pool_mean,
        hover_format=".2~f",
        cell_format=".1~f",
        colourscales={
            "light": [[0, "#b2182b"], [0.5, "#f2f2f2"], [1, "#2166ac"]],
            "dark": [[0, "#ef6f6c"], [0.5, "#3b3f4a"], [1, "#6fb1f0"]],
        },
        range=(-2, 2),
        higher_is_better=True,
        midpoint=0,
        display="signed",
    ),
    Metric(
        id="volume",
        label="volume",
        pool=pool_sum,
        hover_format=",~f",
        cell_format=".3~s",
        colourscales={
            "light": [[0, "#e6f4ea"], [1, "#1b6e3a"]],
            "dark": [[0, "#285c3d"], [1, "#8fe3ab"]],
        },
        ticks="auto",
        display="number",
    ),
)

METRICS: dict[str, Metric] = {metric.id: metric for metric in _BUILT_IN}
"""Every metric by id, in the order the heatmap's switch offers them (`count` first)."""


def metric(metric_id: str) -> Metric:
    """The registered metric `metric_id` (KeyError for an unknown one)."""
    return METRICS[metric_id]


def step_measures() -> list[Metric]:
    """The measures a step can carry, in registry order (every metric but `count`)."""
    return [m for m in METRICS.values() if not m.is_count]


def register(new: Metric) -> Metric:
    """Add a metric after the registered ones (ValueError when its id is taken)."""
    if new.id in METRICS:
        raise ValueError(f"metric {new.id!r} is already registered")
    METRICS[new.id] = new
    return new


@contextmanager
def registered(new: Metric) -> Iterator[Metric]:
    """`register(new)` for the duration of a `with` block, then the registry as it was."""
    register(new)
    try:
        yield new
    finally:
        del METRICS[new.id]
