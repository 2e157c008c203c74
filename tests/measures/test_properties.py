"""Property tests of the measures: intervals, pooling, periods."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.measures.measured import measure_metrics
from mkdocs_touchpoints.measures.scores import (
    METRIC_TYPES,
    figure,
    nps_interval,
    pool,
    raw_score,
    wilson_interval,
)
from mkdocs_touchpoints.reading.periods import (
    GRANULARITIES,
    parse_period,
    period_of,
)
from tests.measures.fakes import Definition, Row

SETTINGS = settings(max_examples=120, deadline=None)

days = st.dates(min_value=date(1, 1, 8), max_value=date(9999, 12, 24))


@st.composite
def shares(draw: st.DrawFn) -> tuple[int, int]:
    n = draw(st.integers(1, 10**7))
    return draw(st.integers(0, n)), n


@st.composite
def nps_counts(draw: st.DrawFn, min_n: int = 0) -> tuple[int, int, int]:
    n = draw(st.integers(min_n, 10**7))
    positive = draw(st.integers(0, n))
    return positive, draw(st.integers(0, n - positive)), n


@SETTINGS
@given(shares())
def test_wilson_interval_contains_the_share_and_stays_in_range(counts: tuple[int, int]) -> None:
    positive, n = counts
    low, high = wilson_interval(positive, n)
    assert 0.0 <= low <= 100 * positive / n <= high <= 100.0


@SETTINGS
@given(nps_counts(min_n=2))
def test_nps_interval_contains_the_score_and_stays_in_range(counts: tuple[int, int, int]) -> None:
    # From n = 2 on (n = 1 is the formula's one miss; see test_scores).
    positive, negative, n = counts
    low, high = nps_interval(positive, negative, n)
    assert -100.0 <= low <= 100 * (positive - negative) / n <= high <= 100.0


@SETTINGS
@given(nps_counts(min_n=0))
def test_nps_interval_stays_in_range_from_n_0(counts: tuple[int, int, int]) -> None:
    low, high = nps_interval(*counts)
    assert -100.0 <= low <= high <= 100.0


# Values are multiples of 1/4 below 2**20 times n below 10**4: every sum is exact in floats,
# so pooling pools and pooling all rows must agree exactly, not approximately.
quarters = st.integers(0, 4 * 2**20).map(lambda k: k / 4)


@st.composite
def rows_of(draw: st.DrawFn, metric_type: str) -> list[Row]:
    found = []
    unweighted = metric_type == "count" or (metric_type == "mean" and draw(st.booleans()))
    for _ in range(draw(st.integers(0, 12))):
        n = draw(st.integers(0, 10**4))
        positive = draw(st.integers(0, n))
        negative = draw(st.integers(0, n - positive))
        value = draw(quarters)
        found.append(
            Row(
                "m",
                "2024-01",
                "j",
                n=None if unweighted else n,
                positive=positive,
                negative=negative,
                value=value,
            )
        )
    return found


@SETTINGS
@given(st.data(), st.sampled_from(METRIC_TYPES))
def test_pooling_pools_equals_pooling_all_rows(data: st.DataObject, metric_type: str) -> None:
    rows = data.draw(rows_of(metric_type))
    cut = data.draw(st.integers(0, len(rows)))
    whole = pool(metric_type, rows)
    assert pool(metric_type, rows[:cut]) + pool(metric_type, rows[cut:]) == whole
    assert pool(metric_type, list(reversed(rows))) == whole
    assert figure(metric_type, whole) == figure(
        metric_type, pool(metric_type, rows[cut:]) + pool(metric_type, rows[:cut])
    )


@SETTINGS
@given(st.data(), st.sampled_from(METRIC_TYPES))
def test_the_one_pass_agrees_with_pooling(data: st.DataObject, metric_type: str) -> None:
    rows = data.draw(rows_of(metric_type))
    if not rows:
        return
    definition = Definition("m", metric_type, hide_below=data.draw(st.integers(0, 30)), min_n=30)
    measured = measure_metrics([definition], rows, date(2024, 6, 1)).measure("m", "j")
    assert measured is not None
    expected = figure(
        metric_type, pool(metric_type, rows), min_n=30, hide_below=definition.hide_below
    )
    assert measured.latest.figure == expected
    if expected.shown:
        assert expected.score == raw_score(metric_type, pool(metric_type, rows))


@SETTINGS
@given(days, st.sampled_from(GRANULARITIES))
def test_period_of_a_day_contains_the_day(day: date, granularity: str) -> None:
    period = parse_period(period_of(day, granularity))
    assert period.granularity == granularity
    assert period.start <= day <= period.end
    assert day in period


@SETTINGS
@given(st.lists(days, min_size=1, max_size=20), st.sampled_from(GRANULARITIES))
def test_periods_sort_by_start(found: list[date], granularity: str) -> None:
    periods = [parse_period(period_of(day, granularity)) for day in found]
    ordered = sorted(periods)
    starts = [p.start for p in ordered]
    assert starts == sorted(starts)
    # Periods of one granularity do not overlap: sorted by start is sorted by end too.
    assert [p.end for p in ordered] == sorted(p.end for p in ordered)
    # And the order of periods follows the order of the days in them.
    by_day = [parse_period(period_of(day, granularity)) for day in sorted(found)]
    assert all(a <= b for a, b in pairwise(by_day))
