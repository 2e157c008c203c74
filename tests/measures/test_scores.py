"""Scores, intervals, sample-size rules, change, targets and staleness (measures/scores.py),
recomputed from published worked examples where there are some."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

import pytest

from mkdocs_touchpoints.measures.scores import (
    Change,
    Figure,
    Pool,
    change,
    figure,
    is_stale,
    nps_interval,
    pool,
    raw_score,
    row_pool,
    target_status,
    wilson_interval,
)
from tests.measures.fakes import Row, Target

Z = 1.96


# Wilson score interval, 95 %, without continuity correction. The examples are those of
# Newcombe RG (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (also quoted on
# Wikipedia, "Binomial proportion confidence interval", Wilson score interval: 81 of 263).
@pytest.mark.parametrize(
    ("positive", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_newcombe_1998(positive: int, n: int, low: float, high: float) -> None:
    found = wilson_interval(positive, n)
    assert round(found[0] / 100, 4) == low
    assert round(found[1] / 100, 4) == high


@pytest.mark.parametrize("n", [1, 10, 20, 263, 10_000])
def test_wilson_interval_edges_at_0_and_100_percent(n: int) -> None:
    # The closed form at p = 0: [0, z²/(n + z²)]; at p = 1: [n/(n + z²), 1].
    # n = 10: 0..27.754 % and 72.246..100 %; n = 20: 0..16.113 % (Newcombe's 0/20 above).
    bound = 100 * Z * Z / (n + Z * Z)
    assert wilson_interval(0, n) == (0.0, pytest.approx(bound, abs=1e-9))
    assert wilson_interval(n, n) == (pytest.approx(100 - bound, abs=1e-9), 100.0)
    assert wilson_interval(0, n)[0] == 0.0
    assert wilson_interval(n, n)[1] == 100.0


def test_wilson_interval_of_0_of_10_and_10_of_10() -> None:
    assert wilson_interval(0, 10) == (0.0, pytest.approx(27.7540, abs=1e-4))
    assert wilson_interval(10, 10) == (pytest.approx(72.2460, abs=1e-4), 100.0)


@pytest.mark.parametrize(("positive", "n"), [(0, 0), (-1, 5), (6, 5)])
def test_wilson_interval_rejects_impossible_counts(positive: int, n: int) -> None:
    with pytest.raises(ValueError):
        wilson_interval(positive, n)


def _nps_interval_by_fractions(positive: int, negative: int, n: int) -> tuple[float, float]:
    """The contract's adjusted Wald formula in exact fractions up to the square root."""
    n_adj = Fraction(n + 3)
    p = (positive + Fraction(3, 4)) / n_adj
    d = (negative + Fraction(3, 4)) / n_adj
    half = Fraction(Z) * Fraction(math.sqrt((p + d - (p - d) ** 2) / n_adj))
    return (max(-100.0, float(100 * (p - d - half))), min(100.0, float(100 * (p - d + half))))


def test_nps_adjusted_wald_worked_example() -> None:
    # The method: Rocks B (2016), "Interval estimation for the 'Net Promoter Score'",
    # The American Statistician 70(4):365-372, adjusted Wald with 3/4 added to promoters and
    # detractors and 3 to n; as MeasuringU describes it (Sauro & Lewis,
    # https://measuringu.com/nps-confidence-intervals/). No published table was at hand, so
    # the numbers below are worked by hand from that formula (and checked in fractions):
    # 100 answers, 40 promoters, 35 passives, 25 detractors: NPS = 15.
    # n' = 103, p' = 40.75/103 = 0.395631, d' = 25.75/103 = 0.25, p' - d' = 0.145631,
    # variance = (0.645631 - 0.021208)/103 = 0.0060624, sd = 0.077862,
    # 1.96 x sd = 0.152608: interval -0.70 .. 29.82 points.
    low, high = nps_interval(40, 25, 100)
    assert (round(low, 2), round(high, 2)) == (-0.70, 29.82)
    assert (low, high) == pytest.approx(_nps_interval_by_fractions(40, 25, 100), abs=1e-9)
    found = figure("nps", Pool(100, 40, 25))
    assert found.score == 15.0
    assert found.interval == (low, high)


@pytest.mark.parametrize(
    ("positive", "negative", "n"),
    [(40, 25, 100), (50, 50, 100), (0, 0, 12), (7, 3, 10), (263, 81, 400), (1, 1, 2)],
)
def test_nps_interval_matches_the_formula(positive: int, negative: int, n: int) -> None:
    expected = _nps_interval_by_fractions(positive, negative, n)
    assert nps_interval(positive, negative, n) == pytest.approx(expected, abs=1e-9)


def test_nps_interval_edges_are_clipped_to_100_points() -> None:
    # 30 of 30 promoters: n' = 33, p' = 30.75/33, d' = 0.75/33, p' - d' = 0.909091,
    # sd = sqrt((0.954545 - 0.826446)/33) = 0.062305, 1.96 sd = 0.122118: 78.70 .. 103.12,
    # clipped to 100; all detractors mirror it.
    low, high = nps_interval(30, 0, 30)
    assert (round(low, 2), high) == (78.70, 100.0)
    low, high = nps_interval(0, 30, 30)
    assert (low, round(high, 2)) == (-100.0, -78.70)
    # Balanced answers: symmetric around 0.
    low, high = nps_interval(50, 50, 100)
    assert low == pytest.approx(-high)


def test_nps_interval_at_n_1_is_the_formula_even_where_it_misses_the_score() -> None:
    # n' = 4, p' = 1.75/4, d' = 0.75/4: 25 ± 73.5 -> -48.5 .. 98.5, while the NPS is 100.
    assert nps_interval(1, 0, 1) == pytest.approx((-48.5, 98.5))


def test_nps_interval_exhaustive_small_n_stays_in_range_and_contains_the_score() -> None:
    for n in range(2, 41):
        for positive in range(n + 1):
            for negative in range(n - positive + 1):
                low, high = nps_interval(positive, negative, n)
                score = 100 * (positive - negative) / n
                assert -100 <= low <= score <= high <= 100


def test_nps_interval_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        nps_interval(6, 5, 10)


def test_scores_of_pooled_rows() -> None:
    rows = [
        Row("m", "2024-01", "j", n=10, positive=5, negative=2),
        Row("m", "2024-01", "j", n=30, positive=12, negative=9),
    ]
    assert pool("nps", rows) == Pool(40, 17, 11)
    assert raw_score("nps", pool("nps", rows)) == 100 * (17 - 11) / 40  # 15.0
    assert pool("csat", rows) == Pool(40, 17, 0)
    assert raw_score("csat", pool("csat", rows)) == 42.5
    assert raw_score("ratio", pool("ratio", rows)) == 42.5


def test_weighted_and_plain_means_and_counts() -> None:
    weighted = [Row("m", "2024", "j", n=10, value=2.0), Row("m", "2024", "j", n=30, value=4.0)]
    assert raw_score("ces", pool("ces", weighted)) == (2.0 * 10 + 4.0 * 30) / 40  # 3.5
    assert raw_score("mean", pool("mean", weighted)) == 3.5
    plain = [Row("m", "2024", "j", value=2.0), Row("m", "2024", "j", value=4.0)]
    assert pool("mean", plain) == Pool(None, total=6.0, values=2)
    assert raw_score("mean", pool("mean", plain)) == 3.0
    counts = [Row("m", "2024", "j", value=120.0), Row("m", "2024", "j", value=30.5)]
    assert raw_score("count", pool("count", counts)) == 150.5
    # A count ignores n; a count of no rows has no score.
    assert pool("count", []) == Pool(None)
    assert raw_score("count", pool("count", [])) is None


def test_a_mean_with_some_rows_without_n_is_unweighted() -> None:
    # The reader rejects such a metric; the numbers still pool without an exception.
    rows = [Row("m", "2024", "j", n=10, value=2.0), Row("m", "2024", "j", value=4.0)]
    found = pool("mean", rows)
    assert found.n is None
    assert raw_score("mean", found) == 4.0


def test_rows_pool_like_their_sum() -> None:
    a = Row("m", "2024", "j", n=10, positive=5, negative=2)
    b = Row("m", "2024", "j", n=30, positive=12, negative=9)
    assert row_pool("nps", a) + row_pool("nps", b) == pool("nps", [a, b])
    with pytest.raises(ValueError):
        pool("median", [a])


@pytest.mark.parametrize(
    ("n", "hidden", "low_sample"),
    [(0, True, False), (9, True, False), (10, False, True), (29, False, True), (30, False, False)],
)
def test_sample_size_edges(n: int, hidden: bool, low_sample: bool) -> None:
    # Defaults: hide_below = 10, min_n = 30.
    found = figure("csat", Pool(n, n // 2))
    assert (found.hidden, found.low_sample, found.n) == (hidden, low_sample, n)
    if hidden:
        assert found.score is None and found.interval is None and not found.shown
    else:
        assert found.score == 100 * (n // 2) / n
        assert found.interval is not None and found.shown


def test_hide_below_equal_to_min_n() -> None:
    assert figure("nps", Pool(9, 3, 3), min_n=10, hide_below=10).hidden
    found = figure("nps", Pool(10, 3, 3), min_n=10, hide_below=10)
    assert not found.hidden and not found.low_sample and found.score == 0.0


def test_n_zero_without_hiding_has_no_score() -> None:
    found = figure("csat", Pool(0, 0), min_n=30, hide_below=0)
    assert found == Figure(None, 0, None, hidden=False, low_sample=True)
    assert not found.shown


def test_figures_without_n_are_never_hidden() -> None:
    assert figure("count", Pool(None, total=3.0, values=1), hide_below=10) == Figure(3.0, None)
    assert figure("count", Pool(None, total=0.0, values=1)) == Figure(0.0, None)
    assert figure("mean", Pool(None, total=9.0, values=2)) == Figure(4.5, None)


def test_ces_and_mean_have_no_interval() -> None:
    found = figure("ces", Pool(40, weighted=140.0))
    assert found == Figure(3.5, 40, None, hidden=False, low_sample=False)


def test_change_and_its_significance() -> None:
    before = Figure(40.0, 200, (33.0, 47.0))
    after = Figure(60.0, 200, (53.0, 67.0))
    assert change(after, before) == Change(20.0, True)
    assert change(before, after) == Change(-20.0, True)
    touching = Figure(54.0, 200, (47.0, 61.0))
    assert change(touching, before) == Change(14.0, False)
    # No interval (ces, mean, count): never significant.
    assert change(Figure(5.0, 100), Figure(2.0, 100)) == Change(3.0, False)
    # A hidden figure has no score to compare.
    assert change(after, Figure(None, 5, None, hidden=True)) is None


@pytest.mark.parametrize(
    ("score", "target", "status"),
    [
        (80.0, Target(80, "at-least"), "met"),
        (79.99, Target(80, "at-least"), "missed"),
        (80.0, Target(80, "at-most"), "met"),
        (80.01, Target(80, "at-most"), "missed"),
        (80.0, None, None),
        (None, Target(80, "at-least"), None),
    ],
)
def test_target_status(score: float | None, target: Target | None, status: str | None) -> None:
    assert target_status(score, target) == status


def test_a_target_met_exactly_from_counts() -> None:
    # 4 of 5 satisfied is exactly 80 %, so it meets an at-least 80 target.
    assert target_status(figure("csat", Pool(50, 40)).score, Target(80)) == "met"


def test_target_with_an_unknown_direction() -> None:
    with pytest.raises(ValueError):
        target_status(1.0, Target(2.0, "around"))


def test_staleness_is_strictly_after_end_plus_duration() -> None:
    end = date(2024, 1, 31)  # the end of 2024-01; + P45D = 2024-03-16
    assert not is_stale(end, "P45D", date(2024, 3, 16))
    assert is_stale(end, "P45D", date(2024, 3, 17))
    assert not is_stale(end, None, date(2099, 1, 1))
    assert is_stale(date(2023, 12, 31), "P1M", date(2024, 2, 1))
    assert not is_stale(date(2023, 12, 31), "P1M", date(2024, 1, 31))
