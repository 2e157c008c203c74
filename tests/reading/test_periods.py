"""Periods, durations and the build date (measures/periods.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mkdocs_touchpoints.reading.diagnostics import TouchpointsError
from mkdocs_touchpoints.reading.periods import (
    GRANULARITIES,
    Duration,
    Period,
    PeriodError,
    add_duration,
    build_date,
    granularity_of,
    parse_duration,
    parse_period,
    period_of,
    try_parse_period,
)


@pytest.mark.parametrize(
    ("text", "granularity", "start", "end"),
    [
        ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q2", "quarter", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-Q3", "quarter", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024-12", "month", date(2024, 12, 1), date(2024, 12, 31)),
        ("2024-W01", "week", date(2024, 1, 1), date(2024, 1, 7)),
        # ISO weeks across a year end: week 1 of 2025 starts in 2024, week 53 of 2020 ends in 2021.
        ("2025-W01", "week", date(2024, 12, 30), date(2025, 1, 5)),
        ("2020-W53", "week", date(2020, 12, 28), date(2021, 1, 3)),
        ("2026-W53", "week", date(2026, 12, 28), date(2027, 1, 3)),
        ("2021-W01", "week", date(2021, 1, 4), date(2021, 1, 10)),
        ("2024-02-29", "day", date(2024, 2, 29), date(2024, 2, 29)),
        ("0001-01-01", "day", date(1, 1, 1), date(1, 1, 1)),
        ("9999", "year", date(9999, 1, 1), date(9999, 12, 31)),
    ],
)
def test_parse_period(text: str, granularity: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert period == Period(text, granularity, start, end)
    assert granularity_of(text) == granularity
    assert try_parse_period(text) == period
    assert start in period and end in period
    if start > date.min:
        assert start - timedelta(days=1) not in period


@pytest.mark.parametrize(
    "text",
    [
        "2024-13",
        "2024-00",
        "2024-Q5",
        "2024-Q0",
        "2021-W53",  # 2021 has 52 ISO weeks
        "2024-W53",
        "2024-W00",
        "2023-02-29",
        "2024-04-31",
        "2024-00-10",
        "0000",
        "0000-01",
        "24",
        "2024-1",
        "2024-q1",
        "2024-w01",
        "2024-W1",
        " 2024",
        "2024 ",
        "２０２４",  # full-width digits are not ASCII digits
        "2024-01-01T00:00",
        "2024/01",
        "",
        "2024-Q1-01",
    ],
)
def test_bad_periods_raise_a_value_error(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, TouchpointsError)
    assert try_parse_period(text) is None


def test_a_long_bad_period_is_quoted_at_most_60_characters() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("9" * 500)
    assert "9" * 61 not in str(caught.value)


@pytest.mark.parametrize(
    ("day", "granularity", "text"),
    [
        (date(2021, 1, 1), "week", "2020-W53"),
        (date(2021, 1, 3), "week", "2020-W53"),
        (date(2021, 1, 4), "week", "2021-W01"),
        (date(2024, 12, 30), "week", "2025-W01"),
        (date(2019, 12, 30), "week", "2020-W01"),
        (date(2027, 1, 1), "week", "2026-W53"),
        (date(2024, 3, 31), "quarter", "2024-Q1"),
        (date(2024, 4, 1), "quarter", "2024-Q2"),
        (date(2024, 12, 31), "quarter", "2024-Q4"),
        (date(2024, 2, 29), "month", "2024-02"),
        (date(2024, 2, 29), "day", "2024-02-29"),
        (date(2024, 2, 29), "year", "2024"),
        (date(5, 6, 7), "day", "0005-06-07"),
    ],
)
def test_period_of(day: date, granularity: str, text: str) -> None:
    assert period_of(day, granularity) == text
    assert day in parse_period(text)


def test_period_of_an_unknown_granularity() -> None:
    with pytest.raises(PeriodError):
        period_of(date(2024, 1, 1), "fortnight")
    assert GRANULARITIES == ("year", "quarter", "month", "week", "day")


def test_periods_sort_in_time_order() -> None:
    texts = ["2024-03", "2023-12", "2024-01", "2023-11", "2024-02"]
    assert [p.text for p in sorted(map(parse_period, texts))] == [
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
        "2024-03",
    ]
    weeks = ["2021-W01", "2020-W53", "2020-W52", "2021-W02"]
    assert [p.text for p in sorted(map(parse_period, weeks))] == [
        "2020-W52",
        "2020-W53",
        "2021-W01",
        "2021-W02",
    ]
    quarters = ["2024-Q1", "2023-Q4", "2023-Q1"]
    assert [p.text for p in sorted(map(parse_period, quarters))] == [
        "2023-Q1",
        "2023-Q4",
        "2024-Q1",
    ]
    # Across granularities (never within one metric): by first day, then by last day.
    mixed = ["2024-01", "2024-Q1", "2024", "2024-01-01", "2023-12-31", "2024-W01"]
    assert [p.text for p in sorted(map(parse_period, mixed))] == [
        "2023-12-31",
        "2024-01-01",
        "2024-W01",
        "2024-01",
        "2024-Q1",
        "2024",
    ]
    assert parse_period("2024-01") < parse_period("2024-02") <= parse_period("2024-02")
    assert parse_period("2024-02") > parse_period("2024-01")
    assert parse_period("2024-02") >= parse_period("2024-02")


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [("P45D", 45, "D"), ("P2W", 2, "W"), ("P1M", 1, "M"), ("P3Y", 3, "Y"), ("P0D", 0, "D")],
)
def test_parse_duration(text: str, amount: int, unit: str) -> None:
    assert parse_duration(text) == Duration(text, amount, unit)


@pytest.mark.parametrize(
    "text", ["45D", "P", "P1.5D", "p1d", "P1DT1H", "PT1H", "P-1D", "P1M1D", "P1", "", "P1d"]
)
def test_bad_durations(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("day", "duration", "result"),
    [
        (date(2024, 1, 31), "P45D", date(2024, 3, 16)),
        (date(2024, 1, 31), "P2W", date(2024, 2, 14)),
        (date(2024, 1, 31), "P1M", date(2024, 2, 29)),
        (date(2023, 1, 31), "P1M", date(2023, 2, 28)),
        (date(2024, 11, 30), "P3M", date(2025, 2, 28)),
        (date(2024, 12, 31), "P1M", date(2025, 1, 31)),
        (date(2024, 3, 31), "P12M", date(2025, 3, 31)),
        (date(2024, 2, 29), "P1Y", date(2025, 2, 28)),
        (date(2024, 2, 29), "P4Y", date(2028, 2, 29)),
        (date(2024, 5, 5), "P0D", date(2024, 5, 5)),
        (date(9999, 12, 1), "P1M", date.max),
        (date(9000, 1, 1), "P999999999D", date.max),
        (date(2024, 1, 1), "P999999999Y", date.max),
    ],
)
def test_add_duration(day: date, duration: str, result: date) -> None:
    assert add_duration(day, duration) == result
    assert add_duration(day, parse_duration(duration)) == result


def test_build_date_from_source_date_epoch() -> None:
    assert build_date({"SOURCE_DATE_EPOCH": "0"}) == date(1970, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "86399"}) == date(1970, 1, 1)
    assert build_date({"SOURCE_DATE_EPOCH": "86400"}) == date(1970, 1, 2)
    # 1,700,000,000 s = 2023-11-14T22:13:20Z: the UTC date, whatever the local time zone.
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) == date(2023, 11, 14)


def test_build_date_without_source_date_epoch_is_today_in_utc() -> None:
    before = datetime.now(UTC).date()
    found = (build_date({}), build_date({"SOURCE_DATE_EPOCH": ""}))
    after = datetime.now(UTC).date()
    assert all(before <= day <= after for day in found)


@pytest.mark.parametrize("raw", ["abc", "1.5", "-1", " 5", "1e9", "99999999999999999999"])
def test_a_malformed_source_date_epoch_is_an_error(raw: str) -> None:
    with pytest.raises(PeriodError):
        build_date({"SOURCE_DATE_EPOCH": raw})
