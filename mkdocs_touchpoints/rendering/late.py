"""Measured parts of the pages filled in after MkDocs converted them, read on a second core.

Reading and pooling a big handbook's observation files (1.8 million rows: about 10 s) and
Python-Markdown parsing the raw HTML of the Measured sections (trend charts above all) used
to add 90 % to a one-off build. In a *late* build (the plugin's one-off builds):

- the loader reads the definitions and only sketches the observation files
  (`reading.observations.outline`: which metric has rows for which journey, at which level),
  so each page knows which measured parts it has (`late_parts.LatePlan`);
- a journey page's Markdown holds its headings as always, and a marker where the body of
  a measured part goes (the Measured table and trends, the heatmap with its measured
  layers, the touchpoint table with its measured columns): raw HTML Python-Markdown never
  parses;
- `LateWork`, run once (in a forked worker by `LateWorker`), reads and checks the observation
  files, pools them, and renders those bodies, the team pages and the insights page with
  the measured numbers (`LateResult`);
- the host puts the bodies in place in the converted HTML (`late_parts.fill`) and takes
  the team and insights pages from the result.

The pages come out as the pages of an ordinary build (a test compares the two sites). Every
other host and `mkdocs serve` read the observation files up front and render inline.
Nothing here imports MkDocs or logs.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from mkdocs_touchpoints.measures.measured import MeasuredHandbook
from mkdocs_touchpoints.reading.diagnostics import Diagnostic
from mkdocs_touchpoints.rendering.forked import Worker, can_fork
from mkdocs_touchpoints.rendering.forked import spool as spool_value

T = TypeVar("T")


@dataclass(slots=True)
class LateResult:
    """What `LateWork` makes: the observation files' diagnostics, the bodies per journey
    page, and whole pages (team and insights pages) by source path."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    bodies: dict[str, dict[str, str]] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    anchors: dict[str, set[str]] = field(default_factory=dict)
    """The ids in each journey page's bodies (`late_parts.anchor_ids`), found by the worker."""


def in_background(job: Callable[[], T]) -> Callable[[], T]:
    """`job` started in a forked process now; the call returned gives its result (a small,
    picklable one). Without a fork, or when the process fails, `job` runs here when called.

    The sketch of the observation files (`reading.metrics_read.Background`) is made so while
    the build process loads the journeys.
    """
    if not can_fork():
        return job
    worker = Worker()
    if not worker.start(_background, (job,), "sketch"):
        return job

    def result() -> T:
        place = worker.receive()
        found = worker.read(*place) if place is not None else None
        worker.close()
        return found[0] if found is not None else job()

    return result


def _background(job: Callable[[], Any], writer: Connection, spool: int) -> None:
    """In the background process: spool the job's result (in a tuple: None is a result)."""
    writer.send((0, spool_value(spool, 0, (job(),))))


LateWork = Callable[[], tuple[LateResult, MeasuredHandbook | None]]
"""Reads the observation files and renders what the pages left to fill (`build_site` makes
it); also returns the pooled metrics, for the `touchpoints` fence."""


class LateWorker:
    """Runs a build's `LateWork` once: in a forked process while the host converts the pages
    when it can (see `forked.can_fork`), else in this process when first asked."""

    def __init__(self, work: LateWork) -> None:
        self._work = work
        self._result: LateResult | None = None
        self._measured: MeasuredHandbook | None = None
        self._awaiting_measured = False
        """True while the worker still owes the pooled metrics it sends after the result."""
        self._done = False
        self._worker = Worker()
        self.by_worker = False
        """True once the result came from the forked worker (not made in this process)."""

    def start(self) -> bool:
        """Fork the worker; True if it runs."""
        if not can_fork():
            return False
        return self._worker.start(_work, (self._work,), "late")

    def result(self) -> LateResult:
        """The result (waiting for the worker if it still runs)."""
        if not self._done:
            self._done = True
            self._receive()
            if self._result is None:  # no worker, or it failed: the same work here
                self._result, self._measured = self._work()
        assert self._result is not None
        return self._result

    def measured(self) -> MeasuredHandbook | None:
        """The pooled metrics (sent and unpickled only when asked: only a fence needs them)."""
        self.result()
        if self._awaiting_measured:
            self._awaiting_measured = False
            place = self._worker.receive()
            loaded = self._worker.read(*place) if place is not None else None
            if isinstance(loaded, tuple):
                self._measured = loaded[0]
            else:  # the worker died before sending them: pool here
                self._result, self._measured = self._work()
        return self._measured

    def close(self) -> None:
        """Stop the worker if it runs; forget the spool."""
        self._worker.close()
        self._awaiting_measured = False

    def _receive(self) -> None:
        """The result from the worker, if it runs and sends it."""
        place = self._worker.receive()
        result = self._worker.read(*place) if place is not None else None
        if isinstance(result, LateResult):
            self._result = result
            self.by_worker = self._awaiting_measured = True


def _work(work: LateWork, writer: Connection, spool: int) -> None:
    """In the worker: do the work, spool the result and then the pooled metrics, and send
    where each is (`forked.Worker`)."""
    # A short-lived process that makes millions of objects and no cycles.
    gc.disable()
    result, measured = work()
    # The result first: the host waits for it; the metrics only if a fence asks.
    offset = 0
    for value in (result, (measured,)):  # in a tuple: None is a value here
        length = spool_value(spool, offset, value)
        writer.send((offset, length))
        offset += length
