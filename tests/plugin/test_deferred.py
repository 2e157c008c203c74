"""Journey pages rendered as MkDocs reads them, ahead in a forked worker: same pages, same
warnings, whatever happens to the worker.

The build process forks only when it runs no other thread, and a test session has
threads of its own (the browser tests' servers): the tests that need the worker run
in a fresh pytest process of their own (`in_fresh_process`).
"""

from __future__ import annotations

import functools
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.rendering.deferred import MIN_JOURNEYS, DeferredJourneyPages, can_fork
from mkdocs_touchpoints.rendering.pages import GeneratedPage, PageContext, journey_page
from mkdocs_touchpoints.rendering.pipeline import SiteSettings
from mkdocs_touchpoints.rendering.pipeline import build_site as pipeline_site

from .conftest import TEAMS, Site, build_site, journey_yaml

COUNT = MIN_JOURNEYS + 4
BROKEN = "see [the guide](missing-guide.md)"
ROOT = Path(__file__).resolve().parents[2]
FRESH = "TOUCHPOINTS_FRESH_PROCESS"
"""Set in the fresh pytest process that `in_fresh_process` starts."""
FORKS = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1


def in_fresh_process(test: Callable[..., None]) -> Callable[..., None]:
    """Run `test` in a pytest process of its own, where no other thread keeps the fork away."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        if os.environ.get(FRESH):
            assert can_fork(), "the fresh test process cannot fork a worker"
            test(*args, **kwargs)
            return
        node = f"{Path(__file__).relative_to(ROOT)}::{test.__name__}"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node]
        env = {**os.environ, FRESH: "1"}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
        assert re.search(r"^1 passed", done.stdout, re.MULTILINE), done.stdout[-2000:]

    return pytest.mark.skipif(not FORKS, reason="needs Linux and two CPUs")(run)


def journeys(count: int = COUNT) -> dict[str, str]:
    """`count` journeys; the third one's description links to a file the site lacks."""
    files = {f"j{n:02d}.yml": journey_yaml(f"Journey {n}") for n in range(count)}
    files["j02.yml"] = f"description: '{BROKEN}'\n" + files["j02.yml"]
    return files


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


@in_fresh_process
def test_a_build_with_the_worker_is_the_same_site_as_without(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    build_log.set_level(logging.DEBUG, logger="mkdocs")
    site = new_site(journeys(), options={"parallel": True})
    build_site(site, strict=False)
    warnings = [r.getMessage() for r in build_log.records if "missing-guide" in r.getMessage()]
    assert warnings == [
        "mkdocs_touchpoints: journeys/j02.yml:1:14: warning: description links to "
        "'missing-guide.md', which is not a file of the site"
    ]
    pages = sorted(site.site_dir.glob("journeys/*/index.html"))
    assert len(pages) == COUNT
    assert "Journey 7" in site.page("journeys/j07/")
    by_worker = f"journey pages: {COUNT} of {COUNT} by a worker"
    assert any(by_worker in r.getMessage() for r in build_log.records)
    build_log.clear()
    reference = new_site(journeys(), options={"parallel": False})
    build_site(reference, strict=False)
    assert any(f"journey pages: 0 of {COUNT}" in r.getMessage() for r in build_log.records)
    for page in pages:
        relative = page.relative_to(site.site_dir)
        assert page.read_bytes() == (reference.site_dir / relative).read_bytes(), relative
