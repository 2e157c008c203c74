"""Journey pages rendered when the host reads them, ahead of time on a second core.

In a one-off build of a big handbook, rendering the journey pages (their charts
above all) is most of the plugin's own time, and it used to run before MkDocs
converted a single page. Here the pipeline gets a placeholder for each journey
page (its path and title, no Markdown); `start()` forks one worker process,
which renders the pages in site order and streams them through a pipe while
MkDocs converts the pages before them; `take()` hands a page over when the
host reads it. The worker is forked after the handbook is loaded, so it gets
the journeys as they are, without parsing or pickling them again.

The worker writes each page to a spool file (an unnamed temporary file) and sends
only where it is through the pipe, so it never waits for MkDocs: it finishes and
exits after rendering, instead of living (and holding its copy of the handbook,
about 84 MB at 1,000 journeys) until MkDocs has read the last page. The pages wait
on disk, not in memory, until they are taken.

The worker only ever saves time: without `fork` (Windows; macOS, where it is
unsafe), with other threads running (a fork copies locks they may hold), on
one CPU, for a few journeys, or when the worker fails or dies, a page is
rendered in this process when it is taken. The same pages come out either
way. Nothing here imports MkDocs or logs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection

from mkdocs_touchpoints.reading.diagnostics import Diagnostic
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.rendering.forked import Worker, can_fork
from mkdocs_touchpoints.rendering.forked import spool as spool_value
from mkdocs_touchpoints.rendering.page_cache import JourneyRenderer
from mkdocs_touchpoints.rendering.pages import GeneratedPage, PageContext, journey_page

MIN_JOURNEYS = 16
"""Fewer journeys than this are rendered in this process: a fork would cost more than it saves."""

Job = tuple[JourneyFile, PageContext]
Diagnose = Callable[[Sequence[GeneratedPage]], list[Diagnostic]]
"""The located warnings of rendered pages (`GeneratedSite.page_diagnostics`)."""
Rendered = tuple[int, str, tuple, list[Diagnostic]]
"""A page the worker rendered: its position, Markdown, broken links and their warnings."""
Spooled = tuple[int, int, int]
"""What the worker sends per page: its position, and the offset and length of the pickled
(Markdown, broken links, warnings) in the spool file."""
Taken = tuple[GeneratedPage, list[Diagnostic]]


class DeferredJourneyPages:
    """The journey pages of one build: placeholders first, the Markdown when taken."""

    def __init__(self, render: JourneyRenderer = journey_page, *, worker: bool = True) -> None:
        self._render = render
        self._diagnose: Diagnose = _no_warnings
        self._want_worker = worker
        self._jobs: list[Job] = []
        self._position: dict[str, int] = {}
        self._received: dict[int, Spooled] = {}
        self._taken: set[int] = set()
        self._worker = Worker()
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
        return self._worker.connection is not None

    def start(self, diagnose: Diagnose) -> bool:
        """Fork the worker when it can help; True if it runs.

        `diagnose` locates the warnings of a rendered page (in the worker, which has the
        YAML trees as they were at the fork: the build process may then drop its own).
        """
        self._diagnose = diagnose
        if not self._want_worker or len(self._jobs) < MIN_JOURNEYS or not can_fork():
            return False
        return self._worker.start(_work, (self._jobs, self._render, self._diagnose), "pages")

    def take(self, src_uri: str) -> Taken | None:
        """The whole page at `src_uri` and its warnings, or None when it is not deferred."""
        position = self._position.get(src_uri)
        if position is None:
            return None
        self._taken.add(position)
        spooled = self._received.pop(position, None) or self._receive(position)
        found = self._unspool(spooled) if spooled is not None else None
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
        self._worker.close()
        self._received.clear()

    def _unspool(self, spooled: Spooled) -> Rendered | None:
        """The page the worker wrote to the spool file, or None if it cannot be read."""
        position, offset, length = spooled
        found = self._worker.read(offset, length)
        if found is None:
            return None
        markdown, broken, diagnostics = found
        return position, markdown, broken, diagnostics

    def _receive(self, position: int) -> Spooled | None:
        """Read what the worker sent, up to the page at `position` and all that is waiting;
        None when the worker is gone without it (then the page is rendered here)."""
        worker = self._worker
        while worker.connection is not None:
            spooled: Spooled | None = worker.receive()
            if spooled is None:  # done or died: what is left is rendered here
                break
            self.worker_pages += 1
            self._received[spooled[0]] = spooled
            if position in self._received and not worker.connection.poll():
                break
        return self._received.pop(position, None)


def _no_warnings(pages: Sequence[GeneratedPage]) -> list[Diagnostic]:
    """The `diagnose` of pages taken before `start`: none located."""
    return []


def _work(
    jobs: list[Job],
    render: JourneyRenderer,
    diagnose: Diagnose,
    writer: Connection,
    spool: int,
) -> None:
    """In the worker: render every page in order, append it to the spool file and send where
    it is (`forked.Worker`)."""
    offset = 0
    for position, (file, ctx) in enumerate(jobs):
        page = render(file, ctx)
        rendered = (page.markdown, page.broken_links, diagnose([page]))
        length = spool_value(spool, offset, rendered)
        writer.send((position, offset, length))
        offset += length
