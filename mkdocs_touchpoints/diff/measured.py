"""Compare the measured metrics of two handbooks: definitions by id, scores per (metric, journey).

- `metric_added`, `metric_removed` (breaking), `metric_changed` per field (type and target are
  warnings, the rest info), located on the metric's id in `_metrics.yml` (BASE's for a
  removal).
- `measurement_changed` per (metric, journey) whose latest shown score changed (its value or
  its period), `old`/`new` = the latest shown scores (null when there is none), a warning when
  the new score misses its target or dropped significantly (against the shown period before
  it, as the site marks it), else info. It is located on the first observation row of the new
  latest shown period that is new or changed (HEAD), else on that period's first row; a score
  that disappeared is located on BASE's row.

Where the contract is silent: pairs of a metric that HEAD no longer defines are left to
`metric_removed`; a pair whose latest shown score is the same number in a later period is a
change (a new month of numbers is worth a line in the review).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from mkdocs_touchpoints.diff.model import Change, Kind, Location, Measurement, rule_for
from mkdocs_touchpoints.measures.measured import JourneyMeasure, measure_metrics
from mkdocs_touchpoints.measures.scores import AT_MOST, MISSED
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition, Metrics, Observation
from mkdocs_touchpoints.reading.periods import build_date

METRIC_FIELDS = (
    "name",
    "type",
    "description",
    "unit",
    "owner",
    "target",
    "min_n",
    "hide_below",
    "stale_after",
    "estimate",
)


def _value(definition: MetricDefinition, name: str) -> Any:
    value = getattr(definition, name)
    if name == "target" and value is not None:
        return {"value": value.value, "direction": value.direction}
    return value


def _definition_at(metrics: Metrics, metric_id: str, side: str) -> Location | None:
    mark = metrics.marks.get(metric_id)
    if mark is None or metrics.definitions_path is None:
        return None
    return Location(metrics.definitions_path, mark[0], mark[1], side)


def show_score(score: float | None, metric_type: str, unit: str | None = None) -> str:
    """A score as messages show it: one decimal (two for ces and mean), `%` for shares."""
    if score is None:
        return "(none)"
    if metric_type in ("csat", "ratio"):
        return f"{score:.1f} %"
    if metric_type == "nps":
        return f"{score:.1f}"
    text = f"{score:g}" if metric_type == "count" else f"{score:.2f}"
    return f"{text} {unit}" if unit else text


def target_text(definition: MetricDefinition) -> str | None:
    """`>= 80` or `<= 3`, or None."""
    target = definition.target
    if target is None:
        return None
    sign = "<=" if target.direction == AT_MOST else ">="
    return f"{sign} {target.value:g}"


def compare_definitions(base: Metrics, head: Metrics) -> Iterator[Change]:
    """metric_added, metric_removed and metric_changed, in HEAD's order then BASE's."""
    before = {d.id: d for d in base.definitions}
    after = {d.id: d for d in head.definitions}
    for definition in head.definitions:
        old = before.get(definition.id)
        if old is None:
            yield Change(
                Kind.METRIC_ADDED,
                rule_for(Kind.METRIC_ADDED),
                None,
                definition.id,
                f"metric '{definition.id}' added: '{definition.name}' ({definition.type})",
                new=definition.name,
                location=_definition_at(head, definition.id, "head"),
            )
            continue
        for name in METRIC_FIELDS:
            old_value, new_value = _value(old, name), _value(definition, name)
            if old_value == new_value:
                continue
            yield Change(
                Kind.METRIC_CHANGED,
                rule_for(Kind.METRIC_CHANGED, name),
                None,
                definition.id,
                f"metric '{definition.id}': {name} changed from {_shown(old_value)} to "
                f"{_shown(new_value)}",
                old_value,
                new_value,
                name,
                _definition_at(head, definition.id, "head"),
            )
    for definition in base.definitions:
        if definition.id not in after:
            yield Change(
                Kind.METRIC_REMOVED,
                rule_for(Kind.METRIC_REMOVED),
                None,
                definition.id,
                f"metric '{definition.id}' removed (was '{definition.name}')",
                old=definition.name,
                location=_definition_at(base, definition.id, "base"),
            )


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict):
        sign = "<=" if value["direction"] == AT_MOST else ">="
        return f"{sign} {value['value']:g}"
    if isinstance(value, str):
        return f"'{value[:60]}'"
    return str(value)


def _key(row: Observation) -> tuple[str, str, str, str | None, str | None]:
    return (row.metric, row.period, row.journey, row.phase, row.touchpoint)


def _numbers(row: Observation) -> tuple[Any, ...]:
    return (row.n, row.positive, row.negative, row.value)


def _row_at(
    rows: list[Observation], period: str | None, other: dict[tuple, tuple], side: str
) -> Location | None:
    """The first row of `period` that `other` lacks or holds with other numbers, else the
    period's first row."""
    of_period = [r for r in rows if r.period == period]
    for row in of_period:
        if other.get(_key(row)) != _numbers(row):
            return Location(row.path, row.line, 1, side)
    if of_period:
        return Location(of_period[0].path, of_period[0].line, 1, side)
    return None


def compare_measurements(base: Metrics, head: Metrics, build: date) -> Iterator[Change]:
    """measurement_changed per (metric, journey) of HEAD's metrics, in definition order then
    journey id."""
    before = measure_metrics(base.definitions, base.observations, build)
    after = measure_metrics(head.definitions, head.observations, build)
    base_defs = {d.id for d in base.definitions}
    old_rows = {_key(r): _numbers(r) for r in base.observations}
    new_rows = {_key(r): _numbers(r) for r in head.observations}
    head_of: dict[tuple[str, str], list[Observation]] = {}
    for row in head.observations:
        head_of.setdefault((row.metric, row.journey), []).append(row)
    base_of: dict[tuple[str, str], list[Observation]] = {}
    for row in base.observations:
        base_of.setdefault((row.metric, row.journey), []).append(row)
    for definition in head.definitions:
        journeys = {m.journey for m in after.for_metric(definition.id)}
        if definition.id in base_defs:
            journeys |= {m.journey for m in before.for_metric(definition.id)}
        for journey in sorted(journeys):
            old = before.measure(definition.id, journey) if definition.id in base_defs else None
            new = after.measure(definition.id, journey)
            old_shown = _shown_of(old)
            new_shown = _shown_of(new)
            if old_shown == new_shown:
                continue
            pair = (definition.id, journey)
            yield _measurement_change(
                definition,
                journey,
                old,
                new,
                head_of.get(pair, []),
                base_of.get(pair, []),
                old_rows,
                new_rows,
            )


def _shown_of(measure: JourneyMeasure | None) -> tuple[str, float] | None:
    if measure is None or measure.shown is None or measure.shown.figure.score is None:
        return None
    return (measure.shown.period, measure.shown.figure.score)


def _measurement_change(
    definition: MetricDefinition,
    journey: str,
    old: JourneyMeasure | None,
    new: JourneyMeasure | None,
    head_rows: list[Observation],
    base_rows: list[Observation],
    old_rows: dict[tuple, tuple],
    new_rows: dict[tuple, tuple],
) -> Change:
    old_score = None if old is None else old.score
    new_score = None if new is None else new.score
    old_period = None if old is None or old.shown is None else old.shown.period
    new_period = None if new is None or new.shown is None else new.shown.period
    figure = None if new is None or new.shown is None else new.shown.figure
    status = None if new is None else new.target
    dropped = bool(
        new is not None
        and new.change is not None
        and new.change.significant
        and new.change.difference < 0
    )
    flagged = status == MISSED or dropped
    kind_type, unit = definition.type, definition.unit
    location = None
    if new_period is not None:
        location = _row_at(head_rows, new_period, old_rows, "head")
    elif old_period is not None:
        location = _row_at(base_rows, old_period, new_rows, "base")
    target = target_text(definition)
    measurement = Measurement(
        definition.name,
        kind_type,
        unit,
        old_period,
        new_period,
        None if figure is None else figure.n,
        None if figure is None else figure.interval,
        target,
        status,
        dropped,
    )
    old_text = show_score(old_score, kind_type, unit)
    new_text = show_score(new_score, kind_type, unit)
    message = (
        f"measured '{definition.id}' on journey '{journey}': "
        f"{old_text}{f' ({old_period})' if old_period else ''} → "
        f"{new_text}{f' ({new_period})' if new_period else ''}"
    )
    if measurement.interval is not None:
        low, high = measurement.interval
        message += f", 95 % interval {low:.1f} to {high:.1f}"
    if target is not None and status is not None:
        message += f", target {target} {status}"
    if dropped:
        message += ", a significant drop"
    return Change(
        Kind.MEASUREMENT_CHANGED,
        rule_for(Kind.MEASUREMENT_CHANGED, flagged=flagged),
        journey,
        definition.id,
        message,
        old_score,
        new_score,
        location=location,
        measurement=measurement,
    )


def compare_metrics(base: Handbook, head: Handbook, build: date | None = None) -> list[Change]:
    """Every change of the measured metrics: definitions first, then the scores."""
    if not (base.metrics or head.metrics):
        return []
    when = build if build is not None else build_date()
    changes = list(compare_definitions(base.metrics, head.metrics))
    changes.extend(compare_measurements(base.metrics, head.metrics, when))
    return changes
