"""Helpers of the tests of the forked journey-page worker (rendering/deferred.py), shared by
tests/rendering/test_deferred.py (the worker itself) and tests/plugin/test_deferred.py (a
real build with it).

The build process forks only when it runs no other thread, and a test session has
threads of its own (the browser tests' servers): the tests that need the worker run
in a fresh pytest process of their own (`in_fresh_process`).
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mkdocs_touchpoints.rendering.deferred import MIN_JOURNEYS
from mkdocs_touchpoints.rendering.forked import can_fork
from tests.journey_text import journey_yaml

COUNT = MIN_JOURNEYS + 4
BROKEN = "see [the guide](missing-guide.md)"
ROOT = Path(__file__).resolve().parents[1]
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
        node = f"{Path(inspect.getfile(test)).resolve().relative_to(ROOT)}::{test.__name__}"
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
