"""Observation periods as written: `2024`, `2024-Q1`, `2024-01`, `2024-W05`, `2024-01-31`.

`parse_period` gives the granularity and the first and last day of a period, or None for
text that is not one (a month 13, a week 53 in a year that has 52, February 30).
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["year", "quarter", "month", "week", "day"]

PERIOD_FORMS = "YYYY, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD"
"""The forms a period may take, as messages name them."""

_PERIOD_RE = re.compile(
    r"(?P<year>[0-9]{4})"
    r"(?:-Q(?P<quarter>[0-9])|-W(?P<week>[0-9]{2})|-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
)


@dataclass(frozen=True, slots=True)
class Period:
    """A period of observations: its granularity and its first and last days."""

    granularity: Granularity
    start: datetime.date
    end: datetime.date


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period | None:
    """The period `text` names, or None when it is not one of the five forms or no date."""
    match = _PERIOD_RE.fullmatch(text)
    if match is None:
        return None
    year = int(match["year"])
    try:
        if match["quarter"] is not None:
            quarter = int(match["quarter"])
            if not 1 <= quarter <= 4:
                return None
            first = datetime.date(year, 3 * quarter - 2, 1)
            return Period("quarter", first, _month_end(year, 3 * quarter))
        if match["week"] is not None:
            week = int(match["week"])
            monday = datetime.date.fromisocalendar(year, week, 1)
            return Period("week", monday, monday + datetime.timedelta(days=6))
        if match["day"] is not None:
            day = datetime.date(year, int(match["month"]), int(match["day"]))
            return Period("day", day, day)
        if match["month"] is not None:
            month = int(match["month"])
            return Period("month", datetime.date(year, month, 1), _month_end(year, month))
        return Period("year", datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    except ValueError:  # month 13, day 30 of February, week 53 of a 52-week year, year 0
        return None
