"""Periods of measured metrics (`YYYY`, `YYYY-Qn`, `YYYY-MM`, `YYYY-Www`, `YYYY-MM-DD`),
ISO 8601 durations (`PnD`, `PnW`, `PnM`, `PnY`) and the build date.

A period is parsed strictly, as the contract writes it: four ASCII digits for the year (0001 to
9999), an upper-case `Q` or `W`, two digits for a month, a week or a day. Anything else (`Q5`,
month 13, week 53 of a year that has 52 ISO weeks, 2023-02-29, lower case, spaces) raises
`PeriodError`. Every period has a first and a last day (both inclusive); periods sort by their
first day, then by their last, so that a metric's periods (one granularity) are in time order.
The text as written is kept: the contract's forms have one spelling each.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from mkdocs_touchpoints.reading.diagnostics import TouchpointsError

YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
WEEK = "week"
DAY = "day"
#: The granularities, longest first (the names of the importers' `--period` option).
GRANULARITIES = (YEAR, QUARTER, MONTH, WEEK, DAY)
PERIOD_FORMS = "YYYY, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD"
"""The forms a period may take, as messages name them."""

_PATTERNS = (
    (YEAR, re.compile(r"([0-9]{4})", re.ASCII)),
    (QUARTER, re.compile(r"([0-9]{4})-Q([0-9])", re.ASCII)),
    (MONTH, re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)),
    (WEEK, re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)),
    (DAY, re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)),
)
_DURATION = re.compile(r"P([0-9]{1,9})([DWMY])", re.ASCII)


class PeriodError(TouchpointsError, ValueError):
    """A period, a granularity, a duration or `SOURCE_DATE_EPOCH` that cannot be read."""


@dataclass(frozen=True, slots=True)
class Period:
    """One period: its text as written, its granularity and its first and last day (inclusive).

    Periods compare in time order: by first day, then by last day (a month before the quarter
    that starts with it), then by text.
    """

    text: str
    granularity: str
    start: date
    end: date

    @property
    def key(self) -> tuple[date, date, str]:
        """The sort key: first day, last day, text."""
        return (self.start, self.end, self.text)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.key < other.key

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.key <= other.key

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.key > other.key

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.key >= other.key


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _build(granularity: str, groups: tuple[str, ...], text: str) -> Period:
    year = int(groups[0])
    if year < 1:
        raise PeriodError(f"year 0000 does not exist: {text!r}")
    if granularity == YEAR:
        return Period(text, YEAR, date(year, 1, 1), date(year, 12, 31))
    if granularity == QUARTER:
        quarter = int(groups[1])
        if not 1 <= quarter <= 4:
            raise PeriodError(f"a quarter is Q1 to Q4, not Q{quarter}: {text!r}")
        first = 3 * quarter - 2
        return Period(text, QUARTER, date(year, first, 1), _month_end(year, first + 2))
    if granularity == MONTH:
        month = int(groups[1])
        if not 1 <= month <= 12:
            raise PeriodError(f"a month is 01 to 12, not {groups[1]}: {text!r}")
        return Period(text, MONTH, date(year, month, 1), _month_end(year, month))
    if granularity == WEEK:
        week = int(groups[1])
        try:
            start = date.fromisocalendar(year, week, 1)
            end = date.fromisocalendar(year, week, 7)
        except ValueError:
            raise PeriodError(f"ISO year {year} has no week {groups[1]}: {text!r}") from None
        return Period(text, WEEK, start, end)
    try:
        day = date(year, int(groups[1]), int(groups[2]))
    except ValueError:
        raise PeriodError(f"no such day: {text!r}") from None
    return Period(text, DAY, day, day)


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period:
    """The period `text` names; raises `PeriodError` when it names none."""
    if isinstance(text, str):
        for granularity, pattern in _PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                return _build(granularity, match.groups(), text)
    shown = text[:60] if isinstance(text, str) else type(text).__name__
    raise PeriodError(f"not a period: {shown!r} (YYYY, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD)")


def try_parse_period(text: str) -> Period | None:
    """The period `text` names, or None when it names none."""
    try:
        return parse_period(text)
    except PeriodError:
        return None


def granularity_of(text: str) -> str:
    """The granularity (`year`, `quarter`, `month`, `week`, `day`) of a period's text."""
    return parse_period(text).granularity


def period_of(day: date, granularity: str) -> str:
    """The text of the period of `granularity` that contains `day`.

    Weeks are ISO weeks named by their ISO week-year: 2021-01-01 is in `2020-W53`,
    2024-12-30 in `2025-W01`.
    """
    if granularity == YEAR:
        return f"{day.year:04d}"
    if granularity == QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if granularity == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == WEEK:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if granularity == DAY:
        return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    raise PeriodError(f"not a granularity: {granularity!r} (one of {', '.join(GRANULARITIES)})")


@dataclass(frozen=True, slots=True)
class Duration:
    """An ISO 8601 duration of one unit: `amount` days (`D`), weeks (`W`), months (`M`) or
    years (`Y`); `text` as written."""

    text: str
    amount: int
    unit: str


@lru_cache(maxsize=256)
def parse_duration(text: str) -> Duration:
    """`PnD`, `PnW`, `PnM` or `PnY` (n of at most 9 digits, `P0D` allowed); else `PeriodError`."""
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        shown = text[:60] if isinstance(text, str) else type(text).__name__
        raise PeriodError(f"not a duration: {shown!r} (PnD, PnW, PnM or PnY)")
    return Duration(text, int(match.group(1)), match.group(2))


def add_duration(day: date, duration: Duration | str) -> date:
    """`day` plus `duration`. Months and years keep the day of the month, clamped to the end of
    a shorter month (2024-01-31 + P1M = 2024-02-29, 2024-02-29 + P1Y = 2025-02-28). A result
    after 9999-12-31 is `date.max` (so that nothing is ever stale by overflow)."""
    if isinstance(duration, str):
        duration = parse_duration(duration)
    amount, unit = duration.amount, duration.unit
    if unit in ("D", "W"):
        days = amount * 7 if unit == "W" else amount
        if days > (date.max - day).days:
            return date.max
        return day + timedelta(days=days)
    months = day.year * 12 + day.month - 1 + (amount * 12 if unit == "Y" else amount)
    year, month = divmod(months, 12)
    if year > date.max.year:
        return date.max
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def build_date(environ: Mapping[str, str] | None = None) -> date:
    """The build date: the UTC date of `SOURCE_DATE_EPOCH` (whole seconds since 1970-01-01)
    when it is set and not empty, else today in UTC. `environ` defaults to `os.environ`. A
    malformed value raises `PeriodError` (reproducible-builds.org: a build must not silently
    ignore it)."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "")
    if raw == "":
        return datetime.now(UTC).date()
    if not re.fullmatch(r"[0-9]{1,12}", raw, re.ASCII):
        raise PeriodError(f"SOURCE_DATE_EPOCH is not a whole number of seconds: {raw[:60]!r}")
    try:
        return datetime.fromtimestamp(int(raw), UTC).date()
    except (OverflowError, OSError, ValueError):
        raise PeriodError(f"SOURCE_DATE_EPOCH is out of range: {raw!r}") from None
