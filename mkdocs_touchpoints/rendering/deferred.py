"""Journey pages rendered when the host reads them, ahead of time on a second core.

In a one-off build of a big handbook, rendering the journey pages (their charts
above all) is most of the plugin's own time, and it used to run before MkDocs
converted a single page. Here the pipeline gets a placeholder for each journey
page (its path and title, no Markdown); `start()` forks one worker process,
which renders the pages in site order and streams them through a pipe while
MkDocs converts the pages before them; `take()` hands a page over when the
host reads it. The worker is forked after the handbook is loaded, so it gets
the journeys as they are, without parsing or pickling them again.

The worker only ever saves time: without `fork` (Windows; macOS, where it is
unsafe), with other threads running (a fork copies locks they may hold), on
one CPU, for a few journeys, or when the worker fails or dies, a page is
rendered in this process when it is taken. The same pages come out either
way. Nothing here imports MkDocs or logs.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from mkdocs_touchpoints.reading.diagnostics import Diagnostic
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.rendering.page_cache import JourneyRenderer
from mkdocs_touchpoints.rendering.pages import GeneratedPage, PageContext, journey_page

MIN_JOURNEYS = 16
"""Fewer journeys than this are rendered in this process: a fork would cost more than it saves."""

Job = tuple[JourneyFile, PageContext]
Diagnose = Callable[[Sequence[GeneratedPage]], list[Diagnostic]]
"""The located warnings of rendered pages (`GeneratedSite.page_diagnostics`)."""
Rendered = tuple[int, str, tuple, list[Diagnostic]]
"""What the worker sends per page: its position, Markdown, broken links and their warnings."""
Taken = tuple[GeneratedPage, list[Diagnostic]]


def can_fork() -> bool:
    """True where a forked worker is safe and useful: Linux, this thread alone, two CPUs."""
    if not sys.platform.startswith("linux"):
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


class DeferredJourneyPages:
    """The journey pages of one build: placeholders first, the Markdown when taken."""

    def __init__(self, render: JourneyRenderer = journey_page, *, worker: bool = True) -> None:
        self._render = render
        self._diagnose: Diagnose = _no_warnings
        self._want_worker = worker
        self._jobs: list[Job] = []
        self._position: dict[str, int] = {}
        self._received: dict[int, Rendered] = {}
        self._taken: set[int] = set()
        self._connection: Connection | None = None
        self._process: BaseProcess | None = None
        self.worker_pages = 0
        """Pages the worker rendered (the rest were rendered in this process)."""

    def placeholder(self, file: JourneyFile, ctx: PageContext) -> GeneratedPage:
        """A journey page without its Markdown (a `JourneyRenderer` for `build_site`)."""
        src = ctx.layout.journey(file.id)
        self._position[src] = len(self._jobs)
        self._jobs.append((file, ctx))
        return GeneratedPage(src, file.journey.title, "", "journey", file.id)

    @property
    def pages(self) -> int:
        """The journey pages of the build."""
        return len(self._jobs)

    @property
    def running(self) -> bool:
        """True while a worker streams pages."""
        return self._connection is not None

    def start(self, diagnose: Diagnose) -> bool:
        """Fork the worker when it can help; True if it runs.

        `diagnose` locates the warnings of a rendered page (in the worker, which has the
        YAML trees as they were at the fork: the build process may then drop its own).
        """
        self._diagnose = diagnose
        if not self._want_worker or len(self._jobs) < MIN_JOURNEYS or not can_fork():
            return False
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(
            target=_work, args=(self._jobs, self._render, self._diagnose, reader, writer)
        )
        process.daemon = True  # ended with the build process, whatever happens to it
        try:
            process.start()
        except OSError:  # no memory or process left for a fork: render here
            reader.close()
            writer.close()
            return False
        writer.close()
        self._connection, self._process = reader, process
        return True

    def take(self, src_uri: str) -> Taken | None:
        """The whole page at `src_uri` and its warnings, or None when it is not deferred."""
        position = self._position.get(src_uri)
        if position is None:
            return None
        self._taken.add(position)
        found = self._received.pop(position, None) or self._receive(position)
        file, ctx = self._jobs[position]
        if found is None:
            page = self._render(file, ctx)
            return page, self._diagnose([page])
        _, markdown, broken, diagnostics = found
        page = GeneratedPage(src_uri, file.journey.title, markdown, "journey", file.id, broken)
        return page, diagnostics

    def rest(self) -> Iterator[Taken]:
        """The pages never taken (a hand-written page hid them), then the worker is stopped."""
        for src_uri, position in list(self._position.items()):
            if position not in self._taken:
                taken = self.take(src_uri)
                if taken is not None:
                    yield taken
        self.close()

    def close(self) -> None:
        """Stop the worker (if still running) and forget the pages."""
        connection, process = self._connection, self._process
        self._connection = self._process = None
        if connection is not None:
            connection.close()
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()
        self._received.clear()

    def _receive(self, position: int) -> Rendered | None:
        """Read from the worker up to the page at `position`; None when the worker is gone."""
        connection = self._connection
        while connection is not None:
            try:
                rendered: Rendered = connection.recv()
            except (EOFError, OSError):
                self.close()  # done or died: what is left is rendered here
                return None
            self.worker_pages += 1
            if rendered[0] == position:
                return rendered
            self._received[rendered[0]] = rendered
        return None


def _no_warnings(pages: Sequence[GeneratedPage]) -> list[Diagnostic]:
    """The `diagnose` of pages taken before `start`: none located."""
    return []


def _work(
    jobs: list[Job],
    render: JourneyRenderer,
    diagnose: Diagnose,
    reader: Connection,
    writer: Connection,
) -> None:
    """In the worker: render every page in order and send it; stop quietly on any failure."""
    reader.close()
    # Ctrl-C reaches the whole process group; the build process handles it and ends this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for position, (file, ctx) in enumerate(jobs):
            page = render(file, ctx)
            writer.send((position, page.markdown, page.broken_links, diagnose([page])))
    except BaseException:
        pass
    finally:
        writer.close()
