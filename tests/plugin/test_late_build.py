"""A late build (the plugin's one-off build: the observation files read by a worker while
MkDocs converts the pages, the measured parts filled in after; `rendering/late.py`) makes the
same site, byte for byte, as a build that reads them first (`parallel: false`).

The example handbook has every kind of measured part: Measured sections, measured layers
in the heatmap, measured columns in the touchpoint table, team metrics, the insights
ranking, and here a fence showing the measured chart. The forked test runs in a fresh
pytest process of its own (tests/forked_worker.py).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.rendering import late
from mkdocs_touchpoints.rendering.late_parts import MARKER_PREFIX
from tests.forked_worker import COUNT, in_fresh_process, journeys

from .conftest import ROOT, Site, build_site

pytestmark = pytest.mark.slow
"""Slow: two builds of the example handbook per test."""

FENCE_PAGE = """# Support in numbers

```touchpoints
journey: support-case
charts: [heatmap, measured]
```
"""


def _example(root: Path, *, parallel: bool, variant: str = "") -> Site:
    """The example handbook in `root`, with a fence page, the plugin's `parallel` as given;
    `variant` `es-files`: Spanish labels and pages as files (`use_directory_urls: false`)."""
    shutil.copytree(ROOT / "journeys", root / "journeys")
    shutil.copytree(ROOT / "docs", root / "docs")
    (root / "docs" / "fence.md").write_text(FENCE_PAGE, encoding="utf-8")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - touchpoints\n" in text, "the example enables the plugin without options"
    text = text.replace(
        "  - touchpoints\n", f"  - touchpoints:\n      parallel: {str(parallel).lower()}\n"
    )
    if variant == "es-files":
        assert "  language: en\n" in text
        text = text.replace("  language: en\n", "  language: es\n")
        text += "use_directory_urls: false\n"
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    return Site(root)


def _files(site: Site) -> dict[str, bytes]:
    return {
        p.relative_to(site.site_dir).as_posix(): p.read_bytes()
        for p in sorted(site.site_dir.rglob("*"))
        if p.is_file()
    }


def _same_sites(
    tmp_path: Path, build_log: pytest.LogCaptureFixture, *, forked: bool, variant: str = ""
) -> None:
    build_log.set_level(logging.DEBUG, logger="mkdocs")
    late_site = build_site(
        _example(tmp_path / "late", parallel=True, variant=variant), strict=False
    )
    how = "by a worker" if forked else "in this process"
    assert any(
        "measured metrics: read" in r.getMessage() and how in r.getMessage()
        for r in build_log.records
    ), [r.getMessage() for r in build_log.records if "measured" in r.getMessage()]
    inline = _example(tmp_path / "inline", parallel=False, variant=variant)
    inline_site = build_site(inline, strict=False)
    late_files, inline_files = _files(late_site), _files(inline_site)
    assert sorted(late_files) == sorted(inline_files)
    different = [name for name in late_files if late_files[name] != inline_files[name]]
    assert different == []
    pages = "journeys/support-case.html" if variant else "journeys/support-case/"
    page = late_site.page(pages)
    assert 'id="tp-measured"' in page
    assert 'data-tp-chart="trend-' in page
    assert MARKER_PREFIX not in page
    assert 'data-tp-chart="trend-' in late_site.page("fence.html" if variant else "fence/")
    assert 'id="tp-metrics"' in late_site.page("insights/index.html" if variant else "insights/")


@in_fresh_process
def test_a_late_build_with_its_worker_is_the_same_site(
    tmp_path: Path, build_log: pytest.LogCaptureFixture
) -> None:
    _same_sites(tmp_path, build_log, forked=True)


def test_a_late_build_without_a_fork_is_the_same_site(
    tmp_path: Path, build_log: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(late, "can_fork", lambda: False)
    _same_sites(tmp_path, build_log, forked=False)


def test_a_late_build_in_spanish_with_pages_as_files_is_the_same_site(
    tmp_path: Path, build_log: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(late, "can_fork", lambda: False)
    _same_sites(tmp_path, build_log, forked=False, variant="es-files")


def _handbook_with_metrics() -> dict[str, str]:
    """The forked-worker journeys (enough for the journey-pages worker too), with metrics at
    every level: cell rows (a heatmap layer), touchpoint rows of a metric with an estimate
    (a table column), journey rows, a team owner; some journeys without rows."""
    files = journeys()
    files["_metrics.yml"] = (
        "metrics:\n"
        "  - {id: csat, name: CSAT, type: csat, owner: crm, estimate: friction,\n"
        "     target: {value: 80, direction: at-least}}\n"
        "  - {id: calls, name: Calls, type: count, owner: shop}\n"
        "  - {id: conv, name: Conversion, type: ratio, min_n: 50}\n"
    )
    rows = ["metric,period,journey,phase,touchpoint,n,positive,negative,value,source"]
    for number in range(0, COUNT, 2):
        journey = f"j{number:02d}"
        for month in range(1, 13):
            period = f"2026-{month:02d}"
            rows.append(f"csat,{period},{journey},,mail,{40 + month},{30 + month},,,survey")
            rows.append(f"csat,{period},{journey},,web,{8 + month},{5},,,survey")
            rows.append(f"calls,{period},{journey},,,,,,{100 * month},crm")
            rows.append(f"conv,{period},{journey},need,web,{20 * month},{month},,,shop")
    files["_metrics/all.csv"] = "\n".join(rows) + "\n"
    return files


@in_fresh_process
def test_a_late_build_with_both_workers_is_the_same_site(
    new_site: Callable[..., Site], build_log: pytest.LogCaptureFixture
) -> None:
    build_log.set_level(logging.DEBUG, logger="mkdocs")
    late_site = build_site(
        new_site(_handbook_with_metrics(), options={"parallel": True}), strict=False
    )
    messages = [r.getMessage() for r in build_log.records]
    assert any(f"journey pages: {COUNT} of {COUNT} by a worker" in m for m in messages)
    assert any("measured metrics: read by a worker" in m for m in messages)
    inline = new_site(_handbook_with_metrics(), options={"parallel": False})
    inline_site = build_site(inline, strict=False)
    late_files, inline_files = _files(late_site), _files(inline_site)
    assert sorted(late_files) == sorted(inline_files)
    assert [name for name in late_files if late_files[name] != inline_files[name]] == []
    page = late_site.page("journeys/j04/")
    assert 'data-tp-metric="conv"' in page and "Conversion" in page
    assert MARKER_PREFIX not in page
    assert 'id="tp-team-metrics"' in late_site.page("teams/crm/")
