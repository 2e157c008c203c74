"""Everything the pages show of measured metrics, computed in one pass over the observations.

`measure_metrics(definitions, observations, build)` pools the rows into counters keyed by
(metric, journey, period), by (metric, journey, touchpoint) and by (metric, journey, phase,
touchpoint) in a single loop (no object per row), then turns the counters into figures:

- per (metric, journey) with rows: every period in time order with the journey's figure (all
  rows of the period, whatever their level), the latest period, the latest shown period and the
  shown period before it, the change between those two, the target status of the latest shown
  score and the stale flag;
- per touchpoint and per cell: the figure of the journey's latest period for that metric;
- the insights ranking.

Where the contract is silent:

- "Latest" for a touchpoint or a cell is the latest period of the metric for the journey: a
  touchpoint or cell without a row in that period has no figure (None), not an older one.
- The change compares the latest shown score with the shown score before it (the Measured
  table's latest period may be hidden; its change and target status are those of the latest
  shown score, as the insights ranking judges it).
- Stale looks at the latest period that has rows, shown or hidden (data still arrives).
- A "drop" is a decrease of the score, whatever the target's direction.
- Rows of a metric missing from `definitions` are skipped (the reader rejects them; a caller
  may also pass a subset of the definitions); a row whose period cannot be read raises
  `PeriodError`, since the reader lets none through.
- Floating sums are added in row order, so the same files give the same digits.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any, Protocol

from mkdocs_touchpoints.measures.scores import (
    CES,
    COUNT,
    CSAT,
    MEAN,
    MISSED,
    NPS,
    RATIO,
    Change,
    Counts,
    Figure,
    Pool,
    Target,
    change,
    figure,
    is_stale,
    target_status,
)
from mkdocs_touchpoints.reading.metrics_model import Observation as ReadRow
from mkdocs_touchpoints.reading.periods import Duration, build_date, parse_duration, parse_period

#: The trend charts show at most this many periods (the last ones).
TREND_PERIODS = 24

JOURNEY = "journey"
PHASE = "phase"
TOUCHPOINT = "touchpoint"
CELL = "cell"

#: Ranking groups of the insights page, in their order.
RANK_MISSED = "missed"
RANK_DROP = "drop"
RANK_OTHER = "other"


class Definition(Protocol):
    """A metric definition (`mkdocs_touchpoints.reading.metrics_model`): the attributes the
    contract gives it (this module reads id, type, target, min_n, hide_below, stale_after)."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def estimate(self) -> str | None: ...
    @property
    def target(self) -> Target | None: ...
    @property
    def min_n(self) -> int: ...
    @property
    def hide_below(self) -> int: ...
    @property
    def stale_after(self) -> str | None: ...


class Observation(Counts, Protocol):
    """An observation row, as used here: its counts and where they belong (the reader's rows
    also have source, path, line and level; the level is taken from `phase` and
    `touchpoint`, as the contract defines it)."""

    @property
    def metric(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def journey(self) -> str: ...
    @property
    def phase(self) -> str | None: ...
    @property
    def touchpoint(self) -> str | None: ...


def _unpickled(cls: type[Any], values: tuple[Any, ...]) -> Any:
    """An instance of `cls` from `_pickled` values, its dictionaries read-only again."""
    return cls(*(MappingProxyType(v) if isinstance(v, dict) else v for v in values))


def _pickled(item: Any) -> tuple[Any, ...]:
    """`__reduce__` of a frozen dataclass with read-only mappings (which pickle cannot take):
    the values, mappings as dictionaries. A late build sends them from its worker."""
    values = tuple(getattr(item, f.name) for f in fields(item))
    plain = tuple(dict(v) if isinstance(v, MappingProxyType) else v for v in values)
    return (_unpickled, (type(item), plain))


@dataclass(frozen=True, slots=True)
class PeriodFigure:
    """A period's text (as written) and its figure."""

    period: str
    figure: Figure


@dataclass(frozen=True, slots=True)
class JourneyMeasure:
    """One metric on one journey.

    - `metric`, `journey`: the ids; `level`: the level of the rows (journey, phase,
      touchpoint or cell; the first row's, the reader ensures they agree);
    - `periods`: every period with rows, in time order, with the journey's figure;
    - `latest`: the last of `periods` (possibly hidden); `last_day`: its last day;
    - `shown`: the latest period with a shown score, `previous`: the shown one before it;
    - `change`: from `previous` to `shown`; `target`: `met`/`missed` on `shown`, or None;
    - `stale`: `last_day` + the metric's `stale_after` is before the build date;
    - `touchpoints`: touchpoint id -> figure of the latest period (touchpoint and cell rows);
    - `cells`: (phase id, touchpoint id) -> figure of the latest period (cell rows).
    """

    metric: str
    journey: str
    level: str
    periods: tuple[PeriodFigure, ...]
    latest: PeriodFigure
    last_day: date
    shown: PeriodFigure | None
    previous: PeriodFigure | None
    change: Change | None
    target: str | None
    stale: bool
    touchpoints: Mapping[str, Figure] = field(default_factory=dict)
    cells: Mapping[tuple[str, str], Figure] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        return _pickled(self)

    @property
    def trend(self) -> tuple[PeriodFigure, ...]:
        """The last `TREND_PERIODS` periods, in time order (what a trend chart shows)."""
        return self.periods[-TREND_PERIODS:]

    @property
    def score(self) -> float | None:
        """The latest shown score, or None."""
        return None if self.shown is None else self.shown.figure.score


@dataclass(frozen=True, slots=True)
class Ranked:
    """A row of the insights ranking: the measure, its group (`missed`, `drop`, `other`) and,
    for a missed target, the absolute difference between score and target (`gap`)."""

    measure: JourneyMeasure
    group: str
    gap: float | None = None


@dataclass(frozen=True, slots=True)
class MeasuredHandbook:
    """The measured metrics of a handbook, ready for the pages.

    - `definitions`: as given, in order; `build`: the build date used for staleness;
    - `measures`: (metric id, journey id) -> `JourneyMeasure`, in definition order, then by
      journey id; only pairs with rows;
    - `ranking`: the insights page's rows (pairs with a shown score), in order.
    """

    definitions: tuple[Definition, ...]
    build: date
    measures: Mapping[tuple[str, str], JourneyMeasure]
    ranking: tuple[Ranked, ...]
    _by_journey: Mapping[str, tuple[JourneyMeasure, ...]] = field(repr=False)
    _by_metric: Mapping[str, tuple[JourneyMeasure, ...]] = field(repr=False)
    _definitions: Mapping[str, Definition] = field(repr=False)

    def __bool__(self) -> bool:
        return bool(self.measures)

    def __reduce__(self) -> tuple[Any, ...]:
        return _pickled(self)

    def definition(self, metric_id: str) -> Definition | None:
        """The definition of `metric_id`, or None."""
        return self._definitions.get(metric_id)

    def measure(self, metric_id: str, journey_id: str) -> JourneyMeasure | None:
        """The measure of one metric on one journey, or None when it has no rows."""
        return self.measures.get((metric_id, journey_id))

    def for_journey(self, journey_id: str) -> tuple[JourneyMeasure, ...]:
        """The measures of a journey, in definition order (the Measured table's rows)."""
        return self._by_journey.get(journey_id, ())

    def for_metric(self, metric_id: str) -> tuple[JourneyMeasure, ...]:
        """The measures of a metric, by journey id (a team page takes its metrics' ones)."""
        return self._by_metric.get(metric_id, ())

    def touchpoint(self, metric_id: str, journey_id: str, touchpoint_id: str) -> Figure | None:
        """The latest-period figure of a touchpoint, or None."""
        found = self.measures.get((metric_id, journey_id))
        return None if found is None else found.touchpoints.get(touchpoint_id)

    def cell(
        self, metric_id: str, journey_id: str, phase_id: str, touchpoint_id: str
    ) -> Figure | None:
        """The latest-period figure of a cell, or None."""
        found = self.measures.get((metric_id, journey_id))
        return None if found is None else found.cells.get((phase_id, touchpoint_id))

    def heatmap_metrics(self, journey_id: str) -> tuple[JourneyMeasure, ...]:
        """The measures of a journey with cell-level rows, in definition order."""
        return tuple(m for m in self.for_journey(journey_id) if m.level == CELL)


# Kinds of pooling in the hot loop; every counter is [Σn, a, b, u] (see `_to_pool`).
_K_NPS, _K_SHARE, _K_MEAN, _K_COUNT = 0, 1, 2, 3
_KIND = {NPS: _K_NPS, CSAT: _K_SHARE, RATIO: _K_SHARE, CES: _K_MEAN, MEAN: _K_MEAN}


def _rank(text: str) -> int:
    """An integer that sorts periods as `Period` does (first day, then length)."""
    period = parse_period(text)
    return period.start.toordinal() * 400 + (period.end - period.start).days


def _to_pool(kind: int, n: int, a: float, b: float, u: int) -> Pool:
    """The pool of a counter.

    nps: a = Σpositive, b = Σnegative; csat/ratio: a = Σpositive; ces/mean: a = Σ(value × n)
    over rows with n, b = Σvalue over rows without n, u = their number (u > 0: no n);
    count: b = Σvalue, u = number of values.
    """
    if kind == _K_NPS:
        return Pool(n, int(a), int(b))
    if kind == _K_SHARE:
        return Pool(n, int(a))
    if kind == _K_MEAN:
        return Pool(None if u else n, weighted=float(a), total=float(b), values=u)
    return Pool(None, total=float(b), values=u)


def _level(phase: str | None, touchpoint: str | None) -> str:
    if touchpoint is None:
        return JOURNEY if phase is None else PHASE
    return TOUCHPOINT if phase is None else CELL


def measure_metrics(
    definitions: Iterable[Definition], observations: Iterable[Observation], build: date
) -> MeasuredHandbook:
    """The measured metrics of `observations` (any order) under `definitions` (in order), with
    staleness judged against `build` (see `periods.build_date`)."""
    definitions = tuple(definitions)
    by_id: dict[str, Definition] = {}
    for definition in definitions:
        by_id.setdefault(definition.id, definition)
    kinds = {d.id: _KIND.get(d.type, _K_COUNT) for d in by_id.values()}
    for d in by_id.values():
        if d.type not in _KIND and d.type != COUNT:
            raise ValueError(f"metric {d.id!r} has an unknown type {d.type!r}")

    ranks: dict[str, int] = {}
    periods: dict[tuple[str, str, str], list] = {}
    points: dict[tuple[str, str, str], list] = {}
    cells: dict[tuple[str, str, str, str], list] = {}
    levels: dict[tuple[str, str], str] = {}

    # The one pass. Per row: one unpacking, one counter update per level it feeds.
    for metric, period, journey, phase, touchpoint, n, positive, negative, value in _columns(
        observations
    ):
        kind = kinds.get(metric)
        if kind is None:
            continue
        rank = ranks.get(period)
        if rank is None:
            rank = ranks[period] = _rank(period)
        x: int
        a: float
        b: float
        u: int
        if kind == _K_NPS:
            x, a, b, u = n or 0, positive or 0, negative or 0, 0
        elif kind == _K_SHARE:
            x, a, b, u = n or 0, positive or 0, 0, 0
        elif kind == _K_COUNT or n is None:
            x, a, b, u = 0, 0, (0.0 if value is None else value), (0 if value is None else 1)
        else:
            x, a, b, u = n, (0.0 if value is None else value * n), 0, 0
        key = (metric, journey, period)
        counter = periods.get(key)
        if counter is None:
            periods[key] = [x, a, b, u]
            pair = (metric, journey)
            if pair not in levels:
                levels[pair] = _level(phase, touchpoint)
        else:
            counter[0] += x
            counter[1] += a
            counter[2] += b
            counter[3] += u
        if touchpoint is None:
            continue
        # Touchpoints and cells keep only their latest period: a later one starts afresh.
        point = (metric, journey, touchpoint)
        counter = points.get(point)
        if counter is None or rank > counter[0]:
            points[point] = [rank, x, a, b, u]
        elif rank == counter[0]:
            counter[1] += x
            counter[2] += a
            counter[3] += b
            counter[4] += u
        if phase is None:
            continue
        cell = (metric, journey, phase, touchpoint)
        counter = cells.get(cell)
        if counter is None or rank > counter[0]:
            cells[cell] = [rank, x, a, b, u]
        elif rank == counter[0]:
            counter[1] += x
            counter[2] += a
            counter[3] += b
            counter[4] += u

    return _assemble(definitions, by_id, kinds, build, ranks, periods, points, cells, levels)


_Columns = tuple[
    str, str, str, str | None, str | None, int | None, int | None, int | None, float | None
]
_FIRST_NINE = operator.itemgetter(slice(0, 9))


def _columns(observations: Iterable[Observation]) -> Iterable[_Columns]:
    """metric, period, journey, phase, touchpoint, n, positive, negative and value of each
    row: sliced from the reader's rows (named tuples in that order), read from others."""
    if isinstance(observations, list) and all(type(r) is ReadRow for r in observations):
        return map(_FIRST_NINE, observations)
    return (
        (r.metric, r.period, r.journey, r.phase, r.touchpoint, r.n, r.positive, r.negative, r.value)
        for r in observations
    )


def _assemble(
    definitions: tuple[Definition, ...],
    by_id: dict[str, Definition],
    kinds: dict[str, int],
    build: date,
    ranks: dict[str, int],
    periods: dict[tuple[str, str, str], list],
    points: dict[tuple[str, str, str], list],
    cells: dict[tuple[str, str, str, str], list],
    levels: dict[tuple[str, str], str],
) -> MeasuredHandbook:
    """Counters -> figures, measures, lookups and the ranking."""
    pairs: dict[tuple[str, str], list[tuple[int, str, list]]] = {}
    for (metric, journey, period), counter in periods.items():
        pairs.setdefault((metric, journey), []).append((ranks[period], period, counter))
    tp_figures: dict[tuple[str, str], dict[str, tuple[int, Figure]]] = {}
    for (metric, journey, touchpoint), counter in points.items():
        d = by_id[metric]
        tp_figure = figure(
            d.type, _to_pool(kinds[metric], *counter[1:]), min_n=d.min_n, hide_below=d.hide_below
        )
        tp_figures.setdefault((metric, journey), {})[touchpoint] = (counter[0], tp_figure)
    cell_figures: dict[tuple[str, str], dict[tuple[str, str], tuple[int, Figure]]] = {}
    for (metric, journey, phase, touchpoint), counter in cells.items():
        d = by_id[metric]
        cell_figure = figure(
            d.type, _to_pool(kinds[metric], *counter[1:]), min_n=d.min_n, hide_below=d.hide_below
        )
        cell_figures.setdefault((metric, journey), {})[(phase, touchpoint)] = (
            counter[0],
            cell_figure,
        )

    stale_after = {
        d.id: None if d.stale_after is None else parse_duration(d.stale_after)
        for d in by_id.values()
    }
    measures: dict[tuple[str, str], JourneyMeasure] = {}
    by_journey: dict[str, list[JourneyMeasure]] = {}
    by_metric: dict[str, tuple[JourneyMeasure, ...]] = {}
    journeys_of: dict[str, list[str]] = {}
    for metric, journey in pairs:
        journeys_of.setdefault(metric, []).append(journey)
    for metric, d in by_id.items():
        journeys = sorted(journeys_of.get(metric, ()))
        of_metric = []
        for journey in journeys:
            found = _journey_measure(
                d,
                kinds[metric],
                journey,
                pairs[(metric, journey)],
                levels[(metric, journey)],
                tp_figures.get((metric, journey), {}),
                cell_figures.get((metric, journey), {}),
                stale_after[metric],
                build,
            )
            measures[(metric, journey)] = found
            of_metric.append(found)
        by_metric[metric] = tuple(of_metric)
    for found in measures.values():
        by_journey.setdefault(found.journey, []).append(found)
    return MeasuredHandbook(
        definitions=definitions,
        build=build,
        measures=MappingProxyType(measures),
        ranking=rank_measures(measures.values(), by_id),
        _by_journey=MappingProxyType({j: tuple(m) for j, m in by_journey.items()}),
        _by_metric=MappingProxyType(by_metric),
        _definitions=MappingProxyType(by_id),
    )


def _journey_measure(
    d: Definition,
    kind: int,
    journey: str,
    rows: list[tuple[int, str, list]],
    level: str,
    touchpoints: dict[str, tuple[int, Figure]],
    cells: dict[tuple[str, str], tuple[int, Figure]],
    stale_after: Duration | None,
    build: date,
) -> JourneyMeasure:
    """The measure of one metric on one journey from its period counters."""
    rows.sort(key=lambda item: item[0])
    series = tuple(
        PeriodFigure(
            period,
            figure(d.type, _to_pool(kind, *counter), min_n=d.min_n, hide_below=d.hide_below),
        )
        for _, period, counter in rows
    )
    latest_rank = rows[-1][0]
    shown_at = [i for i, item in enumerate(series) if item.figure.shown]
    shown = series[shown_at[-1]] if shown_at else None
    previous = series[shown_at[-2]] if len(shown_at) > 1 else None
    latest = series[-1]
    last_day = parse_period(latest.period).end
    return JourneyMeasure(
        metric=d.id,
        journey=journey,
        level=level,
        periods=series,
        latest=latest,
        last_day=last_day,
        shown=shown,
        previous=previous,
        change=None if shown is None or previous is None else change(shown.figure, previous.figure),
        target=target_status(None if shown is None else shown.figure.score, d.target),
        stale=is_stale(last_day, stale_after, build),
        touchpoints=MappingProxyType(
            {tp: fig for tp, (r, fig) in sorted(touchpoints.items()) if r == latest_rank}
        ),
        cells=MappingProxyType(
            {key: fig for key, (r, fig) in sorted(cells.items()) if r == latest_rank}
        ),
    )


def rank_measures(
    measures: Iterable[JourneyMeasure], definitions: Mapping[str, Definition]
) -> tuple[Ranked, ...]:
    """The insights ranking of the measures that have a shown score: missed targets first
    (largest |score − target| first), then significant drops (largest drop first), then the
    rest; ties, and the rest, by metric id, then journey id."""
    ranked: list[tuple[tuple[int, float, str, str], Ranked]] = []
    for found in measures:
        score = found.score
        if score is None:
            continue
        target = definitions[found.metric].target
        where = (found.metric, found.journey)
        if found.target == MISSED and target is not None:
            gap = abs(score - target.value)
            ranked.append(((0, -gap, *where), Ranked(found, RANK_MISSED, gap)))
        elif found.change is not None and found.change.significant and found.change.difference < 0:
            ranked.append(((1, found.change.difference, *where), Ranked(found, RANK_DROP)))
        else:
            ranked.append(((2, 0.0, *where), Ranked(found, RANK_OTHER)))
    ranked.sort(key=lambda item: item[0])
    return tuple(item for _, item in ranked)


def measure_handbook(
    definitions: Iterable[Definition],
    observations: Iterable[Observation],
    build: date | None = None,
) -> MeasuredHandbook | None:
    """The measured metrics of a handbook as of `build` (default: the build date, today or
    `SOURCE_DATE_EPOCH`'s), or None when no metric has rows."""
    found = measure_metrics(definitions, observations, build or build_date())
    return found or None
