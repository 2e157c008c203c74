"""A real `mkdocs serve`: a journey broken while serving keeps its last good page, then recovers."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.local_http import fetch, free_port, stop_process

from .conftest import BIN, Site, journey_yaml

pytestmark = pytest.mark.slow
"""Slow: `mkdocs serve` in a subprocess (`-m 'not slow'` leaves them out)."""

DEADLINE = 40.0
"""Seconds any one wait may take before the test fails (a normal run takes a few)."""


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; server log:\n{log.read_text(errors='replace')}")


@pytest.fixture
def served(new_site: Callable[..., Site], tmp_path: Path) -> Iterator[tuple[Site, str, Path]]:
    """A fixture site under `mkdocs serve --livereload` on 127.0.0.1 and a free port."""
    site = new_site({"a.yml": journey_yaml("Good title")}, theme="mkdocs")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BIN / "mkdocs"), "serve", "--livereload", "-f", str(site.config_file)]
    command += ["--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield site, f"http://127.0.0.1:{port}", log
    finally:
        stop_process(process)


def test_a_broken_journey_keeps_its_last_good_page_then_recovers(
    served: tuple[Site, str, Path],
) -> None:
    site, origin, log = served
    page = f"{origin}/journeys/a/"
    wait_for(lambda: "Good title" in fetch(page)[1], "the first build", log)

    broken = journey_yaml("Broken title").replace("owner: shop", "owner: shop\nbogus: 1")
    site.write("journeys/a.yml", broken)
    located = "journeys/a.yml:3:1: error: unknown key 'bogus'"
    wait_for(lambda: located in log.read_text(), "the located error in the log", log)
    wait_for(
        # Not "Documentation built": MkDocs' duplicate log filter drops a repeated line.
        lambda: log.read_text().split(located, 1)[-1].count("Reloading browsers") > 0,
        "the rebuild after the error",
        log,
    )
    status, body = fetch(page)
    text = log.read_text()
    assert status == 200 and "Good title" in body and "Broken title" not in body, text
    assert "showing its last valid version" in text, text
    assert "Traceback" not in text, text

    site.write("journeys/a.yml", journey_yaml("Fixed title"))
    wait_for(lambda: "Fixed title" in fetch(page)[1], "the fixed journey", log)
    assert fetch(f"{origin}/teams/shop/")[0] == 200
