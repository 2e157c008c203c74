"""A real `mkdocs serve --livereload` (Material, 127.0.0.1, a free port) through a
sequence of edits: a valid edit is rebuilt; a YAML syntax error, an alias bomb and a
broken teams file each keep the last good site served while the error is logged as
PATH:LINE:COL; fixing everything recovers. tests/plugin/test_serve.py covers a
schema error; this adds the valid edit and the hostile breaks."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.local_http import fetch, free_port, stop_process

from .conftest import build_in_process

pytestmark = pytest.mark.slow
"""Slow: `mkdocs serve` in a subprocess, rebuilt many times (`-m 'not slow'` leaves them out)."""

DEADLINE = 40.0
"""Seconds one wait may take before the test fails (a normal step takes about a second)."""

TEAMS = "teams:\n  - {id: shop, name: Shop team}\n"
JOURNEY = """\
title: {title}
owner: shop
phases: [Need, Purchase]
touchpoints:
  - {{id: web, name: Web shop, channel: web, type: reactive}}
steps:
  - {{phase: need, touchpoint: web, action: Looks}}
  - {{phase: purchase, touchpoint: web, action: Buys}}
"""


def alias_bomb(levels: int = 8) -> str:
    """Ten to the power `levels` values once expanded, in a few hundred bytes."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\ntitle: *a{levels - 1}\n"


class Server:
    def __init__(self, root: Path, log: Path, port: int) -> None:
        self.root, self.log, self.origin = root, log, f"http://127.0.0.1:{port}"

    def write(self, rel: str, text: str) -> None:
        (self.root / rel).write_text(text, encoding="utf-8")

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if condition():
                return
            time.sleep(0.2)
        pytest.fail(f"timed out waiting for {what}; server log:\n{self.text()}")

    def builds(self) -> int:
        """Finished builds. Not "Documentation built": MkDocs' duplicate filter drops that
        line when two builds take the same time to the hundredth of a second."""
        return self.text().count("Reloading browsers")

    def idle(self) -> bool:
        """Every rebuild started has finished (none may fail: the plugin keeps serve alive).
        The first build is not followed by "Reloading browsers"."""
        text = self.text()
        return text.count("Building documentation...") == 1 + text.count("Reloading browsers")

    def rebuilt_after(self, count: int) -> Callable[[], bool]:
        return lambda: self.builds() > count

    def page(self, path: str) -> str:
        status, body = fetch(f"{self.origin}/{path}")
        assert status == 200, (path, status, self.text())
        return body


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.yml").write_text(JOURNEY.format(title="First title"))
    (tmp_path / "journeys" / "_teams.yml").write_text(TEAMS)
    config = {"site_name": "Serve", "theme": {"name": "material"}, "plugins": ["touchpoints"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    env["PYTHONUNBUFFERED"] = "1"
    command = [str(Path(sys.executable).parent / "mkdocs"), "serve", "--livereload"]
    command += ["-f", str(tmp_path / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield Server(tmp_path, log, port)
    finally:
        stop_process(process)


def test_edit_break_in_hostile_ways_and_recover(server: Server) -> None:
    page = "journeys/a/"
    server.wait_for(lambda: "First title" in fetch(f"{server.origin}/{page}")[1], "first build")
    assert "livereload" in server.page(page)  # the dev server injects its reload script

    # A valid edit is rebuilt and served.
    server.write("journeys/a.yml", JOURNEY.format(title="Second title"))
    server.wait_for(lambda: "Second title" in fetch(f"{server.origin}/{page}")[1], "the edit")

    # Each hostile break: the error is logged with its location, the last good page stays.
    breaks = [
        ("journeys/a.yml", "title: [unclosed\nowner: shop\n", r"journeys/a\.yml:\d+:\d+: error: "),
        (
            "journeys/a.yml",
            alias_bomb(),
            r"journeys/a\.yml:\d+:\d+: error: aliases expand to more than [\d,]+ characters",
        ),
        ("journeys/_teams.yml", "teams:\n  - {id: shop}\n", r"journeys/_teams\.yml:2:\d+: error: "),
    ]
    for rel, text, located in breaks:
        server.wait_for(server.idle, "the previous build to finish")
        before = server.builds()
        server.write(rel, text)
        server.wait_for(server.rebuilt_after(before), f"the rebuild after breaking {rel}")
        log = server.text()
        assert re.search(located, log), log
        body = server.page(page)
        assert "Second title" in body, log
        assert "Shop team" in server.page("teams/shop/"), log
        if rel.endswith("a.yml"):
            server.wait_for(server.idle, "the build to finish")
            repaired = server.builds()
            server.write(rel, JOURNEY.format(title="Second title"))  # next break starts clean
            server.wait_for(server.rebuilt_after(repaired), "the rebuild after the repair")

    # A new journey added while the teams file is broken is published too.
    server.write("journeys/b.yml", JOURNEY.format(title="New journey"))
    server.wait_for(lambda: fetch(f"{server.origin}/journeys/b/")[0] == 200, "the new journey")

    # Fixed: everything current again, and no traceback at any point.
    server.write("journeys/_teams.yml", TEAMS.replace("Shop team", "Shop team (fixed)"))
    server.write("journeys/a.yml", JOURNEY.format(title="Final title"))
    server.wait_for(lambda: "Final title" in fetch(f"{server.origin}/{page}")[1], "recovery")
    server.wait_for(
        lambda: "Shop team (fixed)" in fetch(f"{server.origin}/teams/shop/")[1], "teams recovery"
    )
    assert "Traceback" not in server.text()


def test_rebuilds_in_one_process_do_not_pile_up_frozen_objects(tmp_path: Path) -> None:
    """The plugin freezes the loaded handbook out of the cyclic GC during a build; each
    rebuild (serve) must let the previous build's garbage be collected, not refreeze it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "journeys").mkdir()
    for i in range(5):
        (tmp_path / "journeys" / f"j{i}.yml").write_text(JOURNEY.format(title=f"J{i}"))
    (tmp_path / "journeys" / "_teams.yml").write_text(TEAMS)
    config = {"site_name": "Rebuilds", "theme": {"name": "material"}, "plugins": ["touchpoints"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    frozen = []
    for _ in range(5):
        build_in_process(tmp_path / "mkdocs.yml", tmp_path / "site")
        frozen.append(gc.get_freeze_count())
    assert frozen[-1] - frozen[1] < 200, frozen
