"""The parts of a late build below the host: the plan a sketch gives, the markers and how
they are filled, and the worker that runs the late work once (forked or not)."""

from __future__ import annotations

import os

import pytest

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition
from mkdocs_touchpoints.rendering import late
from mkdocs_touchpoints.rendering.late import LateResult, LateWorker
from mkdocs_touchpoints.rendering.late_parts import (
    CHARTS,
    MEASURED,
    TOUCHPOINTS,
    anchor_ids,
    fill,
    late_plan,
    marker,
)
from tests.forked_worker import in_fresh_process


def _definition(**fields: object) -> MetricDefinition:
    return MetricDefinition.model_validate({"name": "M", "type": "count", **fields})


def test_the_plan_follows_the_levels_the_rows_name() -> None:
    definitions = [
        _definition(id="calls", owner="care"),
        _definition(id="nps", type="nps", estimate="sentiment", owner="crm"),
        _definition(id="unused", owner="billing"),
    ]
    outline = frozenset(
        {
            ("calls", "a", False, False),  # journey level
            ("calls", "b", True, True),  # cell level: the heatmap
            ("nps", "c", False, True),  # touchpoint level with an estimate: the table
            ("nps", "d", True, False),  # phase level: neither
            ("ghost", "e", True, True),  # an unknown metric: the full read reports it
        }
    )
    plan = late_plan(outline, definitions)
    assert plan.measured == {"a", "b", "c", "d"}
    assert plan.charts == {"b"}
    assert plan.touchpoints == {"c"}
    assert plan.teams == {"care", "crm"}
    assert plan.slots("b") == {MEASURED, CHARTS}
    assert plan.slots("c") == {MEASURED, TOUCHPOINTS}
    assert plan.slots("e") == frozenset()


def test_fill_puts_each_body_at_its_marker_and_drops_the_missing_ones() -> None:
    html = f"<div>{marker(CHARTS)}</div><h2>M</h2>\n{marker(MEASURED)}\n<p>{marker(TOUCHPOINTS)}"
    filled = fill(html, {CHARTS: '<figure id="x">c</figure>', MEASURED: "<table></table>"})
    assert filled == '<div><figure id="x">c</figure></div><h2>M</h2>\n<table></table>\n<p>'


def test_anchor_ids_are_the_ids_and_names_of_a_body() -> None:
    body = '<table id="tp-measured"><tr data-id="no"><td><a name="n1"></a><span id=\'s\'>'
    assert anchor_ids(body) == {"tp-measured", "n1", "s"}


def _work() -> tuple[LateResult, None]:
    warning = Diagnostic("m.csv", 2, 3, Severity.WARNING, "w", f"from {os.getpid()}")
    return LateResult([warning], {"a.md": {MEASURED: "<table></table>"}}, {"t.md": "# T\n"}), None


def test_without_a_fork_the_work_runs_here_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(late, "can_fork", lambda: False)
    calls = []

    def work() -> tuple[LateResult, None]:
        calls.append(1)
        return _work()

    worker = LateWorker(work)
    assert worker.start() is False
    first = worker.result()
    assert worker.result() is first
    assert calls == [1]
    assert first.diagnostics[0].message == f"from {os.getpid()}"
    assert worker.measured() is None


@in_fresh_process
def test_a_forked_worker_sends_the_result() -> None:
    worker = LateWorker(_work)
    assert worker.start() is True
    result = worker.result()
    assert result.bodies == {"a.md": {MEASURED: "<table></table>"}}
    assert result.pages == {"t.md": "# T\n"}
    assert result.diagnostics[0].message != f"from {os.getpid()}"  # made in the worker
    assert worker.measured() is None
    worker.close()


@in_fresh_process
def test_a_worker_that_fails_leaves_the_work_to_this_process() -> None:
    def failing() -> tuple[LateResult, None]:
        if os.getpid() != parent:
            raise RuntimeError("in the worker")
        return _work()

    parent = os.getpid()
    worker = LateWorker(failing)
    assert worker.start() is True
    assert worker.result().diagnostics[0].message == f"from {parent}"
    worker.close()


def test_in_background_without_a_fork_runs_the_job_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(late, "can_fork", lambda: False)
    calls = []
    result = late.in_background(lambda: calls.append(1) or os.getpid())
    assert calls == []
    assert result() == os.getpid()
    assert calls == [1]


@in_fresh_process
def test_in_background_runs_the_job_in_a_forked_process() -> None:
    result = late.in_background(os.getpid)
    assert result() != os.getpid()


@in_fresh_process
def test_in_background_redoes_a_job_that_failed_there() -> None:
    parent = os.getpid()

    def job() -> int:
        if os.getpid() != parent:
            raise RuntimeError("in the background")
        return parent

    assert late.in_background(job)() == parent
