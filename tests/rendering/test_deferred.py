"""Journey pages rendered ahead in a forked worker (rendering/deferred.py): the same pages and
the same warnings as in the build process, whatever happens to the worker. No MkDocs here:
tests/plugin/test_deferred.py builds a real site with the worker.

The tests that need the worker run in a fresh pytest process (tests/forked_worker.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.rendering.deferred import MIN_JOURNEYS, DeferredJourneyPages
from mkdocs_touchpoints.rendering.pages import GeneratedPage, PageContext, journey_page
from mkdocs_touchpoints.rendering.pipeline import SiteSettings
from mkdocs_touchpoints.rendering.pipeline import build_site as pipeline_site
from tests.forked_worker import COUNT, in_fresh_process, journeys
from tests.journey_text import TEAMS


def write_journeys(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "_teams.yml").write_text(TEAMS, encoding="utf-8")
    return folder


def take_all(
    folder: Path, render: Callable[[JourneyFile, PageContext], GeneratedPage] = journey_page
) -> tuple[DeferredJourneyPages, dict[str, tuple[GeneratedPage, list[str]]]]:
    """Every journey page of `folder` through DeferredJourneyPages, in reverse site order."""
    handbook = load_folder(folder)
    deferred = DeferredJourneyPages(render)
    site = pipeline_site(handbook, SiteSettings(), render_journey=deferred.placeholder)
    deferred.start(site.page_diagnostics)
    taken = {}
    for page in reversed([p for p in site.pages if p.kind == "journey"]):
        found = deferred.take(page.src_uri)
        assert found is not None
        taken[page.src_uri] = (replace(found[0], source=None), [d.format() for d in found[1]])
    deferred.close()
    return deferred, taken


def expected(folder: Path) -> dict[str, tuple[GeneratedPage, list[str]]]:
    """The journey pages and their warnings as `build_site` gives them in one go."""
    site = pipeline_site(load_folder(folder), SiteSettings())
    return {
        p.src_uri: (replace(p, source=None), [d.format() for d in site.page_diagnostics([p])])
        for p in site.pages
        if p.kind == "journey"
    }


@pytest.mark.slow
@in_fresh_process
def test_worker_pages_and_warnings_equal_the_in_process_ones(tmp_path: Path) -> None:
    folder = write_journeys(tmp_path / "journeys", journeys())
    deferred, taken = take_all(folder)
    assert deferred.worker_pages == COUNT
    assert taken == expected(folder)
    warning = taken["journeys/j02.md"][1]
    assert warning == [
        f"{folder}/j02.yml:1:14: warning: description links to 'missing-guide.md', "
        "which is not a file of the site"
    ]


@pytest.mark.slow
@in_fresh_process
def test_a_failing_worker_leaves_the_pages_to_the_build_process(tmp_path: Path) -> None:
    folder = write_journeys(tmp_path / "journeys", journeys())
    parent = os.getpid()

    def fails_in_the_worker(file: JourneyFile, ctx: PageContext) -> GeneratedPage:
        if os.getpid() != parent and file.id == "j05":
            raise RuntimeError("worker broke")
        return journey_page(file, ctx)

    deferred, taken = take_all(folder, fails_in_the_worker)
    assert 0 < deferred.worker_pages < COUNT
    assert taken == expected(folder)


def test_few_journeys_are_rendered_in_process(tmp_path: Path) -> None:
    folder = write_journeys(tmp_path / "journeys", journeys(MIN_JOURNEYS - 1))
    deferred, taken = take_all(folder)
    assert deferred.worker_pages == 0
    assert taken == expected(folder)


@pytest.mark.slow
@in_fresh_process
def test_pages_never_read_are_still_reported(tmp_path: Path) -> None:
    folder = write_journeys(tmp_path / "journeys", journeys())
    handbook = load_folder(folder)
    deferred = DeferredJourneyPages()
    site = pipeline_site(handbook, SiteSettings(), render_journey=deferred.placeholder)
    assert deferred.start(site.page_diagnostics)
    assert deferred.take("journeys/j10.md") is not None
    rest = list(deferred.rest())
    assert len(rest) == COUNT - 1
    assert [d.code for _, found in rest for d in found] == ["broken-link"]
    assert not deferred.running
