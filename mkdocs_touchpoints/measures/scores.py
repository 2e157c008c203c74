"""Scores of measured metrics from pooled counts: the contract's formulas, pure functions.

The rules (docs: the contract's "Observations" and "Sample size, intervals, change, targets,
staleness"):

- `nps`: 100 × (Σpositive − Σnegative) / Σn, in points, with the adjusted Wald interval;
- `csat`, `ratio`: 100 × Σpositive / Σn, in %, with the Wilson score interval (z = 1.96);
- `ces`, `mean`: Σ(value × n) / Σn; a `mean` without n: the plain mean of the values;
- `count`: Σvalue.

Where the contract is silent:

- Σn = 0 has no score. It is hidden when `hide_below` > 0 (0 < hide_below), as any Σn below
  `hide_below`; with `hide_below: 0` it is shown as "no score" (`score` None, `hidden` False,
  `low_sample` True since min_n >= 1).
- A hidden figure carries no score and no interval at all (`score` and `interval` None), so that
  nothing downstream can show it by mistake; it keeps `n`.
- A figure without n (`count`, or a `mean` whose rows have no n) is never hidden and never low
  sample, and has no interval.
- Rows that break the contract's column rules (the reader rejects them) still pool without an
  exception: a missing `n`, `positive` or `negative` of an nps/csat/ratio row counts as 0; a
  `ces` row without n pools like a `mean` row without n; when some rows of a `mean` lack n, the
  pool is unweighted and only those rows count.
- Intervals touching at one end overlap (a change is significant only when one interval lies
  strictly above the other).
- The Wilson interval's end at 0 % (no positive) is exactly 0 and at 100 % (all positive)
  exactly 100, as in the formula's closed form, instead of a rounding error away from it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from mkdocs_touchpoints.reading.periods import Duration, add_duration, parse_duration

NPS = "nps"
CSAT = "csat"
CES = "ces"
RATIO = "ratio"
COUNT = "count"
MEAN = "mean"
#: The metric types, in the contract's order.
METRIC_TYPES = (NPS, CSAT, CES, RATIO, COUNT, MEAN)
#: The types whose score is a proportion with a 95 % interval.
PROPORTION_TYPES = (NPS, CSAT, RATIO)
#: The two-sided 95 % normal quantile the contract fixes.
Z = 1.96

MET = "met"
MISSED = "missed"
AT_LEAST = "at-least"
AT_MOST = "at-most"


class Counts(Protocol):
    """What a row gives to a pool (an observation has these attributes, and more)."""

    @property
    def n(self) -> int | None: ...
    @property
    def positive(self) -> int | None: ...
    @property
    def negative(self) -> int | None: ...
    @property
    def value(self) -> float | None: ...


class Target(Protocol):
    """A metric's target: a value and `at-least` or `at-most`."""

    @property
    def value(self) -> float: ...
    @property
    def direction(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Pool:
    """The pooled counts of a set of rows; pools add up exactly as their rows do.

    - `n`: Σn; None when the figure has no n (`count`, or a `mean`/`ces` row without n);
    - `positive`, `negative`: Σpositive, Σnegative (nps, csat, ratio);
    - `weighted`: Σ(value × n) over the rows with n (ces, mean);
    - `total`, `values`: Σvalue and the number of values over the rows without n (count, and a
      mean without n).
    """

    n: int | None = 0
    positive: int = 0
    negative: int = 0
    weighted: float = 0.0
    total: float = 0.0
    values: int = 0

    def __add__(self, other: Pool) -> Pool:
        if not isinstance(other, Pool):
            return NotImplemented
        n = None if self.n is None or other.n is None else self.n + other.n
        return Pool(
            n,
            self.positive + other.positive,
            self.negative + other.negative,
            self.weighted + other.weighted,
            self.total + other.total,
            self.values + other.values,
        )


def _check_type(metric_type: str) -> None:
    if metric_type not in METRIC_TYPES:
        raise ValueError(f"not a metric type: {metric_type!r} (one of {', '.join(METRIC_TYPES)})")


def row_pool(metric_type: str, row: Counts) -> Pool:
    """The pool of one row, by the metric's type (the columns the type does not use are
    ignored)."""
    _check_type(metric_type)
    if metric_type in PROPORTION_TYPES:
        negative = (row.negative or 0) if metric_type == NPS else 0
        return Pool(row.n or 0, row.positive or 0, negative)
    value = row.value
    if metric_type == COUNT or row.n is None:
        if value is None:
            return Pool(None)
        return Pool(None, total=value, values=1)
    return Pool(row.n, weighted=0.0 if value is None else value * row.n)


def pool(metric_type: str, rows: Iterable[Counts]) -> Pool:
    """The pool of `rows` for a metric of `metric_type` (no rows: an empty pool, whose n is None
    for `count`)."""
    _check_type(metric_type)
    total = Pool(None) if metric_type == COUNT else Pool()
    for row in rows:
        total = total + row_pool(metric_type, row)
    return total


def wilson_interval(positive: int, n: int, z: float = Z) -> tuple[float, float]:
    """The Wilson score interval of `positive` of `n`, in % (0..100).

    center = (p + z²/2n) / (1 + z²/n), half width = z / (1 + z²/n) × √(p(1 − p)/n + z²/4n²).
    """
    if n <= 0 or not 0 <= positive <= n:
        raise ValueError(f"need 0 <= positive <= n and n > 0, got {positive} of {n}")
    p = positive / n
    z2 = z * z
    denominator = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if positive == 0 else max(0.0, center - half)
    high = 1.0 if positive == n else min(1.0, center + half)
    return (100 * low, 100 * high)


def nps_interval(positive: int, negative: int, n: int, z: float = Z) -> tuple[float, float]:
    """The adjusted Wald interval of an NPS, in points, clipped to −100..100 (the contract):
    n′ = n + 3, p′ = (positive + 0.75)/n′, d′ = (negative + 0.75)/n′,
    100 × ((p′ − d′) ± z × √((p′ + d′ − (p′ − d′)²)/n′)).

    Note that at very small n this interval need not contain the NPS itself (1 promoter of 1:
    score 100, interval −48.5..98.5): it is the contract's formula, unchanged.
    """
    if n < 0 or positive < 0 or negative < 0 or positive + negative > n:
        raise ValueError(f"need positive + negative <= n, got {positive} + {negative} > {n}")
    n_adj = n + 3
    p = (positive + 0.75) / n_adj
    d = (negative + 0.75) / n_adj
    center = p - d
    half = z * math.sqrt(max(0.0, p + d - center * center) / n_adj)
    return (max(-100.0, 100 * (center - half)), min(100.0, 100 * (center + half)))


def raw_score(metric_type: str, pooled: Pool) -> float | None:
    """The score of a pool by the contract's formulas, whatever its n (None when undefined:
    Σn = 0, or no value)."""
    _check_type(metric_type)
    if metric_type == COUNT:
        return pooled.total if pooled.values else None
    n = pooled.n
    if n is None:
        return pooled.total / pooled.values if pooled.values else None
    if n == 0:
        return None
    if metric_type == NPS:
        return 100 * (pooled.positive - pooled.negative) / n
    if metric_type in (CSAT, RATIO):
        return 100 * pooled.positive / n
    return pooled.weighted / n


@dataclass(frozen=True, slots=True)
class Figure:
    """What a page shows for a set of rows.

    - `score`: the score, None when hidden or undefined (Σn = 0);
    - `n`: Σn, None for a figure without n;
    - `interval`: the 95 % interval (low, high) for nps/csat/ratio, None otherwise or hidden;
    - `hidden`: Σn < hide_below (show only `n = …`);
    - `low_sample`: not hidden and Σn < min_n (show the score with a low-sample mark).
    """

    score: float | None
    n: int | None
    interval: tuple[float, float] | None = None
    hidden: bool = False
    low_sample: bool = False

    @property
    def shown(self) -> bool:
        """True when the figure shows a score."""
        return self.score is not None and not self.hidden


def figure(metric_type: str, pooled: Pool, *, min_n: int = 30, hide_below: int = 10) -> Figure:
    """The figure of a pool under the sample-size rules (defaults: the contract's)."""
    _check_type(metric_type)
    n = pooled.n
    if metric_type == COUNT or n is None:
        return Figure(raw_score(metric_type, pooled), None)
    if n < hide_below:
        return Figure(None, n, None, hidden=True)
    low_sample = n < min_n
    score = raw_score(metric_type, pooled)
    if score is None:
        return Figure(None, n, None, low_sample=low_sample)
    interval = None
    if metric_type == NPS:
        interval = nps_interval(pooled.positive, pooled.negative, n)
    elif metric_type in (CSAT, RATIO):
        interval = wilson_interval(pooled.positive, n)
    return Figure(score, n, interval, low_sample=low_sample)


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when two closed intervals share a point (touching ends overlap)."""
    return a[0] <= b[1] and b[0] <= a[1]


@dataclass(frozen=True, slots=True)
class Change:
    """A score's change against an earlier shown score: `difference` (now − then) and
    `significant` (both have an interval and the intervals do not overlap)."""

    difference: float
    significant: bool


def change(current: Figure, previous: Figure) -> Change | None:
    """The change from `previous` to `current`; None unless both show a score."""
    if not (current.shown and previous.shown):
        return None
    assert current.score is not None and previous.score is not None
    significant = (
        current.interval is not None
        and previous.interval is not None
        and not overlap(current.interval, previous.interval)
    )
    return Change(current.score - previous.score, significant)


def target_status(score: float | None, target: Target | None) -> str | None:
    """`met` when `score` >= the target's value (`at-least`) or <= it (`at-most`), else
    `missed`; None without a target or without a score."""
    if target is None or score is None:
        return None
    if target.direction == AT_LEAST:
        return MET if score >= target.value else MISSED
    if target.direction == AT_MOST:
        return MET if score <= target.value else MISSED
    raise ValueError(f"not a target direction: {target.direction!r} (at-least or at-most)")


def is_stale(last_day: date, stale_after: Duration | str | None, build: date) -> bool:
    """True when `stale_after` is set and `last_day` (the last day of the latest period) plus
    `stale_after` is before the build date."""
    if stale_after is None:
        return False
    if isinstance(stale_after, str):
        stale_after = parse_duration(stale_after)
    return add_duration(last_day, stale_after) < build
