"""The measured-metrics model: metric definitions (`_metrics.yml`) and observation rows.

Definitions are pydantic models in the style of `model` (strict, no unknown keys); the
rules across objects (unique ids, owner teams, `hide_below` at most `min_n`) live in
`metrics_read`. Observation rows are named tuples, made by the CSV reader (`observations`) without
pydantic: a handbook may hold millions of them.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal, NamedTuple

from pydantic import Field, StringConstraints, model_validator

from mkdocs_touchpoints.reading.diagnostics import Diagnostic
from mkdocs_touchpoints.reading.model import Markdown, Name, PlainName, Slug, _Strict

MAX_METRICS = 1_000
"""Metrics in one definitions file."""
DEFAULT_MIN_N = 30
DEFAULT_HIDE_BELOW = 10
DURATION_PATTERN = r"^P[0-9]{1,9}[DWMY]$"
"""`stale_after`: an ISO 8601 duration in days, weeks, months or years (`P45D`); nine digits at
most, as `periods.parse_duration` reads (more would be beyond any date anyway)."""

MetricType = Literal["nps", "csat", "ces", "ratio", "count", "mean"]
METRIC_TYPES: tuple[str, ...] = typing.get_args(MetricType)
Direction = Literal["at-least", "at-most"]
DIRECTIONS: tuple[str, ...] = typing.get_args(Direction)
Estimate = Literal["friction", "sentiment", "volume"]
ESTIMATES: tuple[str, ...] = typing.get_args(Estimate)
Level = Literal["journey", "phase", "touchpoint", "cell"]


class Target(_Strict):
    """The value a metric's latest score should reach (`at-least`) or stay under (`at-most`)."""

    value: float = Field(description="The target score (points for nps, % for csat and ratio).")
    direction: Direction = Field(
        description="at-least: met when the score is >= value; at-most: when it is <= value."
    )


class MetricDefinition(_Strict):
    """One measured metric: what it is, how it is scored and judged."""

    id: Slug = Field(description="Unique in the file; the `metric` column of observation rows.")
    name: Name = Field(description="Shown in the Measured tables and charts.")
    type: MetricType = Field(
        description="nps: n, positive, negative; csat and ratio: n, positive; "
        "ces: n, value (1..7); mean: value, optional n; count: value."
    )
    description: Markdown | None = None
    unit: PlainName | None = Field(None, description="Shown after a count or mean value (`min`).")
    owner: Slug | None = Field(None, description="The id of the team that owns the metric.")
    target: Target | None = None
    min_n: Annotated[int, Field(ge=1)] = Field(
        DEFAULT_MIN_N, description="Below this many respondents a score is marked low-sample."
    )
    hide_below: Annotated[int, Field(ge=0)] = Field(
        DEFAULT_HIDE_BELOW,
        description="Below this many respondents a score is hidden (only n is shown); at most "
        "min_n. Default: 10, or min_n when that is lower.",
    )
    stale_after: Annotated[str, StringConstraints(pattern=DURATION_PATTERN)] | None = Field(
        None,
        description="ISO 8601 duration (PnD, PnW, PnM or PnY): data older than this after the "
        "end of its latest period is marked stale.",
        json_schema_extra={"examples": ["P45D", "P2W", "P3M", "P1Y"]},
    )
    estimate: Estimate | None = Field(
        None, description="The hand-typed estimate the metric measures, shown beside it."
    )

    @model_validator(mode="after")
    def _default_hide_below(self) -> MetricDefinition:
        # Written `min_n: 5` alone must not be an error: the default follows it down.
        if "hide_below" not in self.model_fields_set:
            self.hide_below = min(DEFAULT_HIDE_BELOW, self.min_n)
        return self


class MetricsFile(_Strict):
    """The contents of `_metrics.yml`."""

    metrics: list[MetricDefinition] = Field(max_length=MAX_METRICS)
    example_keys: typing.ClassVar[str] = "metrics:"
    """What a diagnostic says the file's top level holds, when it is not a mapping."""

    field_rules: typing.ClassVar[dict[str, str]] = {
        "type": "one of " + ", ".join(METRIC_TYPES),
        "direction": "'at-least' or 'at-most'",
        "estimate": "one of " + ", ".join(ESTIMATES),
        "min_n": "an integer >= 1",
        "hide_below": "an integer >= 0",
        "value": "a number",
        "stale_after": "an ISO 8601 duration: PnD, PnW, PnM or PnY (P45D), n of at most 9 digits",
    }
    """How `validation` words a wrong value of these fields (see `validation._RULES`)."""
    field_choices: typing.ClassVar[dict[str, tuple[str, ...]]] = {
        "type": METRIC_TYPES,
        "direction": DIRECTIONS,
        "estimate": ESTIMATES,
    }
    """Fields whose did-you-mean hint picks among these choices."""
    item_kinds: typing.ClassVar[dict[tuple[str, ...], str]] = {
        (): "the metrics file",
        ("metrics",): "metric",
        ("metrics", "target"): "target",
    }
    """How a missing-key message names the mapping at a path of keys."""


class Observation(NamedTuple):
    """One row of an observations file, checked (numbers as integers or floats).

    A named tuple, not a dataclass: a handbook may hold millions of rows, and a tuple is made
    several times faster than a frozen dataclass instance (its fields are read the same way).
    """

    metric: str
    period: str
    """As written: `2024`, `2024-Q1`, `2024-01`, `2024-W05` or `2024-01-31`."""
    journey: str
    phase: str | None
    touchpoint: str | None
    n: int | None
    positive: int | None
    negative: int | None
    value: float | None
    source: str | None
    path: str
    """The display path of the file the row is in."""
    line: int
    """The physical line where the row starts (the header is line 1)."""

    @property
    def level(self) -> Level:
        """journey (no phase, no touchpoint), phase, touchpoint, or cell (both)."""
        if self.phase is None:
            return "journey" if self.touchpoint is None else "touchpoint"
        return "phase" if self.touchpoint is None else "cell"


ObservedOutline = frozenset[tuple[str, str, bool, bool]]
"""A sketch of observation files: (metric, journey, has a phase, has a touchpoint) of their
rows, as written and unchecked (`observations.outline`)."""
PendingObservations = Callable[[], tuple[list[Observation], list[Diagnostic]]]
"""Reads and checks the observation files later: their valid rows and diagnostics."""


@dataclass(slots=True)
class Metrics:
    """The measured metrics of a handbook; both lists empty when it has none."""

    definitions: list[MetricDefinition] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    """Every valid row, files in sorted path order, rows in line order."""
    definitions_path: str | None = None
    """The display path of the definitions file, when there is one."""
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    """The line and column of each valid definition's id in the definitions file."""
    pending: PendingObservations | None = None
    """Set when the observation files are left to read later (`observations` is then empty
    and `outline` sketches them): see `rendering.late`."""
    outline: ObservedOutline = frozenset()

    def definition(self, metric_id: str) -> MetricDefinition | None:
        """The definition with that id, if any."""
        return next((d for d in self.definitions if d.id == metric_id), None)

    def __bool__(self) -> bool:
        return bool(self.definitions or self.observations or self.pending)
