"""A real MkDocs build with the journey pages rendered ahead in a forked worker: the same site,
byte for byte, and the same warnings as without it (the worker itself:
tests/rendering/test_deferred.py).

The test runs in a fresh pytest process of its own (tests/forked_worker.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from tests.forked_worker import COUNT, in_fresh_process, journeys

from .conftest import Site, build_site

pytestmark = pytest.mark.slow
"""Slow: a fresh pytest process with two real builds (`-m 'not slow'` leaves them out)."""


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
