"""The whole measured computation the pages need (measures/measured.py)."""

from __future__ import annotations

import pickle
import random
from datetime import date

import pytest

from mkdocs_touchpoints.measures.measured import (
    TREND_PERIODS,
    MeasuredHandbook,
    measure_metrics,
)
from mkdocs_touchpoints.measures.scores import Change, Figure, figure, pool
from mkdocs_touchpoints.reading.periods import PeriodError, parse_period
from tests.measures.fakes import Definition, Row, Target

BUILD = date(2024, 6, 1)


def _measure(definitions: list[Definition], rows: list[Row], build: date = BUILD):
    return measure_metrics(definitions, rows, build)


def test_no_rows_no_measures() -> None:
    measured = _measure([Definition("nps", "nps")], [])
    assert not measured
    assert measured.for_journey("j") == () and measured.ranking == ()
    assert measured.definition("nps") == Definition("nps", "nps")


def test_journey_figures_pool_every_level_per_period_in_time_order() -> None:
    d = Definition("csat", "csat", target=Target(80), stale_after="P45D")
    rows = [
        # written out of order; one period (2024-02) has cell rows in two cells.
        Row("csat", "2024-03", "j", "p1", "t1", n=40, positive=30),
        Row("csat", "2024-01", "j", "p1", "t1", n=50, positive=45),
        Row("csat", "2024-02", "j", "p1", "t1", n=20, positive=10),
        Row("csat", "2024-02", "j", "p2", "t2", n=30, positive=24),
        Row("csat", "2024-03", "j", "p2", "t2", n=60, positive=54),
    ]
    measured = _measure([d], list(reversed(rows)))
    m = measured.measure("csat", "j")
    assert m is not None and m.level == "cell"
    assert [p.period for p in m.periods] == ["2024-01", "2024-02", "2024-03"]
    assert [p.figure.score for p in m.periods] == [90.0, 68.0, 84.0]
    assert [p.figure.n for p in m.periods] == [50, 50, 100]
    assert m.latest.period == "2024-03" and m.last_day == date(2024, 3, 31)
    assert m.shown == m.latest and m.previous is not None and m.previous.period == "2024-02"
    assert m.change == Change(16.0, False)
    assert m.target == "met"
    assert m.stale  # 2024-03-31 + P45D = 2024-05-15, before the build date 2024-06-01


def test_stale() -> None:
    d = Definition("csat", "csat", stale_after="P45D")
    rows = [Row("csat", "2024-03", "j", n=40, positive=30)]
    # 2024-03-31 + P45D = 2024-05-15.
    assert not _measure([d], rows, date(2024, 5, 15)).measure("csat", "j").stale
    assert _measure([d], rows, date(2024, 5, 16)).measure("csat", "j").stale
    fresh = Definition("csat", "csat")
    assert not _measure([fresh], rows, date(2099, 1, 1)).measure("csat", "j").stale


def test_touchpoints_and_cells_take_the_journeys_latest_period() -> None:
    d = Definition("ratio", "ratio", hide_below=5, min_n=20)
    rows = [
        Row("ratio", "2024-Q1", "j", "p1", "t1", n=100, positive=20),
        Row("ratio", "2024-Q1", "j", "p1", "t2", n=100, positive=50),
        Row("ratio", "2024-Q2", "j", "p1", "t1", n=10, positive=5),
        Row("ratio", "2024-Q2", "j", "p2", "t1", n=30, positive=15),
        Row("ratio", "2024-Q2", "j", "p2", "t3", n=4, positive=1),
    ]
    measured = _measure([d], rows)
    m = measured.measure("ratio", "j")
    assert [p.period for p in m.periods] == ["2024-Q1", "2024-Q2"]
    # t1 pools its cells of the latest quarter; t2 has no row in 2024-Q2, so no figure.
    assert measured.touchpoint("ratio", "j", "t1") == figure(
        "ratio", pool("ratio", rows[2:4]), min_n=20, hide_below=5
    )
    assert measured.touchpoint("ratio", "j", "t1").score == 50.0
    assert measured.touchpoint("ratio", "j", "t2") is None
    assert measured.touchpoint("ratio", "j", "t3") == Figure(None, 4, None, hidden=True)
    assert set(m.touchpoints) == {"t1", "t3"}
    cell = measured.cell("ratio", "j", "p1", "t1")
    assert cell is not None and cell.n == 10 and cell.low_sample and cell.score == 50.0
    assert measured.cell("ratio", "j", "p1", "t2") is None
    assert set(m.cells) == {("p1", "t1"), ("p2", "t1"), ("p2", "t3")}
    assert measured.heatmap_metrics("j") == (m,)
    assert measured.cell("ratio", "nope", "p1", "t1") is None
    assert measured.touchpoint("nope", "j", "t1") is None


def test_touchpoint_level_rows_fill_touchpoints_but_no_cells() -> None:
    d = Definition("nps", "nps", estimate="sentiment")
    rows = [
        Row("nps", "2024-01", "j", None, "t1", n=40, positive=20, negative=10),
        Row("nps", "2024-01", "j", None, "t2", n=40, positive=10, negative=20),
    ]
    m = _measure([d], rows).measure("nps", "j")
    assert m.level == "touchpoint" and m.cells == {}
    assert m.latest.figure.score == 0.0 and m.latest.figure.n == 80
    assert m.touchpoints["t1"].score == 25.0 and m.touchpoints["t2"].score == -25.0


def test_hidden_and_empty_periods() -> None:
    d = Definition("nps", "nps", target=Target(10))
    rows = [
        Row("nps", "2024-01", "j", n=100, positive=50, negative=20),  # 30, shown
        Row("nps", "2024-02", "j", n=0, positive=0, negative=0),  # empty: hidden
        # no row for 2024-03 at all
        Row("nps", "2024-04", "j", n=200, positive=60, negative=60),  # 0, shown
        Row("nps", "2024-05", "j", n=9, positive=9, negative=0),  # below hide_below
    ]
    m = _measure([d], rows).measure("nps", "j")
    assert [p.period for p in m.periods] == ["2024-01", "2024-02", "2024-04", "2024-05"]
    assert [p.figure.score for p in m.periods] == [30.0, None, 0.0, None]
    assert [p.figure.hidden for p in m.periods] == [False, True, False, True]
    assert m.latest.period == "2024-05" and m.latest.figure.n == 9
    assert m.shown.period == "2024-04" and m.previous.period == "2024-01"
    assert m.change.difference == -30.0 and m.change.significant
    assert m.score == 0.0 and m.target == "missed"


def test_nothing_shown() -> None:
    d = Definition("csat", "csat", target=Target(80))
    m = _measure([d], [Row("csat", "2024-01", "j", n=3, positive=3)]).measure("csat", "j")
    assert m.shown is None and m.change is None and m.target is None and m.score is None
    assert _measure([d], [Row("csat", "2024-01", "j", n=3, positive=3)]).ranking == ()


def test_iso_weeks_across_a_year_end() -> None:
    d = Definition("calls", "count", stale_after="P1W")
    rows = [
        Row("calls", "2021-W01", "j", value=5.0),
        Row("calls", "2020-W52", "j", value=3.0),
        Row("calls", "2020-W53", "j", value=4.0),
        Row("calls", "2020-W53", "j", value=1.5),
    ]
    m = _measure([d], rows, date(2021, 1, 17)).measure("calls", "j")
    assert [p.period for p in m.periods] == ["2020-W52", "2020-W53", "2021-W01"]
    assert [p.figure.score for p in m.periods] == [3.0, 5.5, 5.0]
    assert m.last_day == date(2021, 1, 10)
    assert m.change == Change(-0.5, False)
    assert not m.stale  # 2021-01-10 + P1W = 2021-01-17, not before the build date
    assert _measure([d], rows, date(2021, 1, 18)).measure("calls", "j").stale


def test_quarters_and_a_plain_mean() -> None:
    d = Definition("wait", "mean", unit="min", target=Target(5, "at-most"))
    rows = [
        Row("wait", "2024-Q1", "j", value=4.0),
        Row("wait", "2023-Q4", "j", value=6.0),
        Row("wait", "2024-Q1", "j", value=5.0),
    ]
    m = _measure([d], rows).measure("wait", "j")
    assert [p.period for p in m.periods] == ["2023-Q4", "2024-Q1"]
    assert m.latest.figure == Figure(4.5, None)
    assert m.change == Change(-1.5, False) and m.target == "met"


def test_trend_keeps_the_last_24_periods_but_latest_and_change_use_all() -> None:
    d = Definition("csat", "csat")
    months = [f"{2021 + k // 12}-{k % 12 + 1:02d}" for k in range(30)]
    rows = [Row("csat", month, "j", n=100, positive=50 + k) for k, month in enumerate(months)]
    # Only the first two months are shown; the 28 after are hidden.
    rows = [r if k < 2 else Row("csat", r.period, "j", n=5, positive=1) for k, r in enumerate(rows)]
    m = _measure([d], rows).measure("csat", "j")
    assert TREND_PERIODS == 24
    assert len(m.periods) == 30 and len(m.trend) == 24
    assert [p.period for p in m.trend] == months[6:]
    assert m.latest.period == months[-1]
    assert m.shown.period == months[1] and m.previous.period == months[0]
    assert m.change.difference == pytest.approx(1.0)


def test_lookups_follow_definition_order_and_journey_ids() -> None:
    definitions = [Definition("b", "count"), Definition("a", "count"), Definition("c", "count")]
    rows = [
        Row("a", "2024", "j2", value=1.0),
        Row("c", "2024", "j1", value=1.0),
        Row("b", "2024", "j1", value=1.0),
        Row("a", "2024", "j1", value=1.0),
        Row("zzz", "2024", "j1", value=1.0),  # unknown metric: skipped
    ]
    measured = _measure(definitions, rows)
    assert [m.metric for m in measured.for_journey("j1")] == ["b", "a", "c"]
    assert [m.metric for m in measured.for_journey("j2")] == ["a"]
    assert [m.journey for m in measured.for_metric("a")] == ["j1", "j2"]
    assert list(measured.measures) == [("b", "j1"), ("a", "j1"), ("a", "j2"), ("c", "j1")]
    assert measured.for_metric("zzz") == () and measured.for_journey("j3") == ()
    assert measured.measure("zzz", "j1") is None
    assert measured.heatmap_metrics("j1") == ()
    assert isinstance(measured, MeasuredHandbook) and measured.build == BUILD


def test_a_bad_period_is_an_error() -> None:
    with pytest.raises(PeriodError):
        _measure([Definition("a", "count")], [Row("a", "2024-13", "j", value=1.0)])


def test_an_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError):
        _measure([Definition("a", "median")], [])


def _two_months(metric: str, journey: str, before: tuple[int, int], after: tuple[int, int]):
    return [
        Row(metric, "2024-01", journey, n=before[0], positive=before[1]),
        Row(metric, "2024-02", journey, n=after[0], positive=after[1]),
    ]


def test_insights_ranking() -> None:
    definitions = [
        Definition("csat", "csat", target=Target(80)),
        Definition("conv", "ratio"),
        Definition("calls", "count"),
    ]
    rows = [
        *_two_months("csat", "j1", (100, 80), (100, 70)),  # 70: missed by 10
        *_two_months("csat", "j2", (100, 80), (100, 75)),  # 75: missed by 5
        *_two_months("csat", "j3", (100, 80), (100, 85)),  # met
        *_two_months("csat", "j0", (100, 80), (100, 75)),  # missed by 5: tie, j0 before j2
        *_two_months("conv", "j1", (400, 300), (400, 200)),  # 75 -> 50: significant drop of 25
        *_two_months("conv", "j2", (400, 300), (400, 100)),  # 75 -> 25: significant drop of 50
        *_two_months("conv", "j3", (100, 50), (100, 45)),  # 50 -> 45: not significant
        *_two_months("conv", "j4", (400, 100), (400, 300)),  # significant rise
        Row("conv", "2024-02", "j5", n=3, positive=1),  # hidden: not ranked
        Row("calls", "2024-02", "j1", value=7.0),
    ]
    ranking = _measure(definitions, rows).ranking
    assert [(r.measure.metric, r.measure.journey, r.group) for r in ranking] == [
        ("csat", "j1", "missed"),
        ("csat", "j0", "missed"),
        ("csat", "j2", "missed"),
        ("conv", "j2", "drop"),
        ("conv", "j1", "drop"),
        ("calls", "j1", "other"),
        ("conv", "j3", "other"),
        ("conv", "j4", "other"),
        ("csat", "j3", "other"),
    ]
    assert [r.gap for r in ranking[:3]] == [10.0, 5.0, 5.0]
    assert all(r.gap is None for r in ranking[3:])


def test_fifty_thousand_rows_match_pooling_each_group_directly() -> None:
    rng = random.Random(21)
    definitions = [
        Definition("nps", "nps", target=Target(20), hide_below=10, min_n=60),
        Definition("csat", "csat", stale_after="P3M"),
        Definition("ces", "ces"),
        Definition("calls", "count"),
        Definition("wait", "mean"),
    ]
    types = {d.id: d.type for d in definitions}
    months = [f"{2022 + k // 12}-{k % 12 + 1:02d}" for k in range(30)]
    rows: list[Row] = []
    for _ in range(50_000):
        metric = rng.choice(definitions).id
        journey = f"j{rng.randrange(40)}"
        month = rng.choice(months)
        phase, touchpoint = (f"p{rng.randrange(3)}", f"t{rng.randrange(5)}")
        n = rng.randrange(0, 25)
        if types[metric] == "nps":
            positive = rng.randrange(n + 1)
            row = Row(
                metric,
                month,
                journey,
                phase,
                touchpoint,
                n,
                positive,
                rng.randrange(n - positive + 1),
            )
        elif types[metric] == "csat":
            row = Row(metric, month, journey, phase, touchpoint, n, rng.randrange(n + 1))
        elif types[metric] == "ces":
            row = Row(metric, month, journey, phase, touchpoint, n, value=rng.randrange(4, 29) / 4)
        else:
            row = Row(metric, month, journey, phase, touchpoint, value=float(rng.randrange(100)))
        rows.append(row)
    measured = _measure(definitions, rows, date(2024, 9, 1))

    groups: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        groups.setdefault((row.metric, row.journey, row.period), []).append(row)
    periods_of: dict[tuple[str, str], list[str]] = {}
    for metric, journey, period in groups:
        periods_of.setdefault((metric, journey), []).append(period)
    assert len(measured.measures) == len(periods_of)
    for d in definitions:
        for m in measured.for_metric(d.id):
            periods = sorted(periods_of[(d.id, m.journey)], key=parse_period)
            assert [p.period for p in m.periods] == periods
            for found in m.periods:
                rows_of = groups[(d.id, m.journey, found.period)]
                expected = figure(
                    d.type, pool(d.type, rows_of), min_n=d.min_n, hide_below=d.hide_below
                )
                assert found.figure.n == expected.n
                assert found.figure.hidden == expected.hidden
                assert found.figure.score == pytest.approx(expected.score)
            latest = groups[(d.id, m.journey, m.latest.period)]
            touchpoints = {r.touchpoint for r in latest}
            assert set(m.touchpoints) == touchpoints
            for touchpoint in touchpoints:
                of_touchpoint = [r for r in latest if r.touchpoint == touchpoint]
                expected = figure(
                    d.type, pool(d.type, of_touchpoint), min_n=d.min_n, hide_below=d.hide_below
                )
                assert m.touchpoints[touchpoint].n == expected.n
                assert m.touchpoints[touchpoint].score == pytest.approx(expected.score)
            assert set(m.cells) == {(r.phase, r.touchpoint) for r in latest}
            assert m.stale == (d.stale_after is not None and m.latest.period < "2024-06")
    assert len(measured.ranking) == sum(1 for m in measured.measures.values() if m.shown)


def test_pooled_metrics_survive_pickling_read_only() -> None:
    # A late build's worker sends them to the build process (rendering/late.py).
    rows = [
        Row("ratio", "2024-Q1", "j", "p1", "t1", n=100, positive=20),
        Row("ratio", "2024-Q2", "j", "p1", "t2", n=40, positive=10),
    ]
    measured = _measure([Definition("ratio", "ratio")], rows)
    copy = pickle.loads(pickle.dumps(measured))
    assert copy == measured
    assert copy.cell("ratio", "j", "p1", "t2") == measured.cell("ratio", "j", "p1", "t2")
    with pytest.raises(TypeError):
        copy.measures[("ratio", "x")] = copy.measure("ratio", "j")  # type: ignore[index]
    with pytest.raises(TypeError):
        copy.measure("ratio", "j").cells[("p", "t")] = None  # type: ignore[index]
