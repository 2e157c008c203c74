"""`mkdocs serve --dirty`: an edit rebuilds the pages whose Markdown changed and no other; a
clean `mkdocs build` after a series of edits is byte-identical to one from scratch."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mkdocs_touchpoints.rendering.page_files import CACHE_DIR, PageFiles
from tests.local_http import fetch, free_port, stop_process

from .conftest import BIN, Site, journey_yaml
from .test_serve import wait_for

ENV = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}


def test_a_page_file_is_rewritten_only_when_its_markdown_changes(tmp_path: Path) -> None:
    files = PageFiles(tmp_path / "cache")
    files.begin()
    path = files.write("journeys/a.md", "# A\n")
    stamp = path.stat().st_mtime_ns
    assert files.rewritten == ["journeys/a.md"]
    files.begin()
    assert files.write("journeys/a.md", "# A\n") == path
    assert files.rewritten == [] and path.stat().st_mtime_ns == stamp
    files.write("journeys/a.md", "# A, edited\n")
    assert files.rewritten == ["journeys/a.md"] and path.read_text() == "# A, edited\n"
    again = PageFiles(tmp_path / "cache")  # a new session finds the file right: no rewrite
    again.write("journeys/a.md", "# A, edited\n")
    assert again.rewritten == []
    files.keep_only([])
    assert not path.exists()


@pytest.fixture
def dirty_served(new_site: Callable[..., Site], tmp_path: Path) -> Iterator[tuple[Site, str, Path]]:
    """Two journeys under `mkdocs serve --dirty` on 127.0.0.1."""
    site = new_site({"a.yml": journey_yaml("First"), "b.yml": journey_yaml("Second")})
    port = free_port()
    log = tmp_path / "serve.log"
    command = [str(BIN / "mkdocs"), "serve", "--dirty", "-f", str(site.config_file)]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=ENV)
    try:
        yield site, f"http://127.0.0.1:{port}", log
    finally:
        stop_process(process)


def changed(log: Path) -> list[str]:
    """The generated pages each build of the serve rewrote, as its log lines name them."""
    return re.findall(r"--dirty: \d+ generated page\(s\) changed(.*)", log.read_text())


def test_a_dirty_serve_rebuilds_the_edited_page_and_still_serves_the_others(
    dirty_served: tuple[Site, str, Path],
) -> None:
    site, origin, log = dirty_served
    a, b = f"{origin}/journeys/a/", f"{origin}/journeys/b/"
    wait_for(lambda: "Reads the offer" in fetch(a)[1], "the first build", log)
    cache = site.root / CACHE_DIR
    untouched = {p: p.stat().st_mtime_ns for p in cache.rglob("*.md") if p.name != "a.md"}

    site.write("journeys/a.yml", journey_yaml("First").replace("Reads the offer", "Opens it"))
    wait_for(lambda: "Opens it" in fetch(a)[1], "the edited step on the page", log)
    status, body = fetch(b)
    assert status == 200 and "Reads the offer" in body and "Second" in body
    assert fetch(f"{origin}/teams/shop/")[0] == 200
    # The edited page, and the pages that show the step (its friction puts it among the hot
    # spots of the insights page and of its touchpoint's team); not the other journey's page,
    # the journeys index nor the other team's page.
    wait_for(lambda: len(changed(log)) >= 2, "the rebuild's log line", log)
    assert changed(log)[-1] == ": journeys/a.md, insights/index.md, teams/crm.md", log.read_text()
    shown_elsewhere = {cache / "insights/index.md", cache / "teams/crm.md"}
    kept = {p: t for p, t in untouched.items() if p not in shown_elsewhere}
    assert {p: p.stat().st_mtime_ns for p in kept} == kept and len(kept) >= 4
    assert "Traceback" not in log.read_text()

    # A second edit, of a title the journeys index shows: that page is rebuilt too.
    site.write("journeys/a.yml", journey_yaml("Renamed").replace("Reads the offer", "Opens it"))
    wait_for(lambda: "Renamed" in fetch(f"{origin}/journeys/")[1], "the new title listed", log)
    assert "Renamed" in fetch(a)[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_clean_build_after_dirty_edits_equals_one_from_scratch(
    dirty_served: tuple[Site, str, Path], tmp_path: Path
) -> None:
    site, origin, log = dirty_served
    a = f"{origin}/journeys/a/"
    wait_for(lambda: "First" in fetch(a)[1], "the first build", log)
    for number, title in enumerate(("Edit one", "Edit two", "First")):
        site.write("journeys/a.yml", journey_yaml(title).replace("Buys", f"Buys {number}"))
        wait_for(lambda t=title: t in fetch(a)[1], f"edit {number}", log)
    site.write("journeys/c.yml", journey_yaml("Third"))
    wait_for(lambda: fetch(f"{origin}/journeys/c/")[0] == 200, "the added journey", log)
    assert (site.root / CACHE_DIR).is_dir()

    fresh = tmp_path / "fresh"
    shutil.copytree(site.root, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    for root in (site.root, fresh):
        command = [str(BIN / "mkdocs"), "build", "--strict", "-f", str(root / "mkdocs.yml")]
        done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
        assert done.returncode == 0, done.stderr
    assert _tree(site.site_dir) == _tree(fresh / "site")
