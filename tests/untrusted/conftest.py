"""Hostile handbooks, as an untrusted pull request can plant them, and bounded runs over them.

Each case is a site in tmp_path (mkdocs.yml, docs/, journeys/ with one valid journey and
the teams file) plus one hostile item in journeys/, and a clean copy of the journeys in
base/ for `diff base journeys`. Every command runs in a subprocess with a timeout (a hang
fails the test instead of blocking the suite) and a cap on its address space.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.diff.conftest import git_env, repo  # noqa: F401  (fixtures: a throw-away git repo)
from tests.plugin.conftest import make_site, run_tool

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
RUNNER = HERE / "run_bounded.py"

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
"""Text that must never be printed: it stands for a credential outside the journeys."""
SECRET_FILE = f"AWS_SECRET_ACCESS_KEY={SECRET}\nDB_PASSWORD=hunter2-{SECRET[:8]}\n"

LONG_VALUE = "a" * 3000
LONG_JOURNEY = f"""\
title: Long value
owner: shop
phases: [Need]
touchpoints:
  - {{id: web, name: Web shop, channel: web, type: {LONG_VALUE}}}
steps:
  - {{phase: need, touchpoint: web, action: Looks}}
"""

CLI_SECONDS = 1.0
"""Most CPU seconds one CLI run may take on a hostile handbook (imports excluded).

CPU time, not wall time: on a loaded machine (CI runners share cores) a 0.1 s run can take
seconds of wall time, and the bound is on what the run does, not on its neighbours."""
CLI_WALL_SECONDS = 10.0
"""Most wall seconds one CLI run may take: a run blocked on a FIFO uses no CPU, but shows here."""
CLI_RSS_GROWTH_KB = 64 * 1024
"""Most the CLI run may grow its peak memory (reading /dev/zero would be gigabytes)."""
ADDRESS_SPACE = 3 * 1024**3
"""Cap on each subprocess's address space: a regression that reads without bound fails fast."""
TIMEOUT = 60.0
"""A run that takes longer than this is taken to hang."""


def _plant_link_out(root: Path) -> None:
    (root / "journeys" / "env.yml").symlink_to(root / "secret.env")


def _plant_dangling(root: Path) -> None:
    (root / "journeys" / "gone.yml").symlink_to("no-such-file.yml")


def _plant_loop(root: Path) -> None:
    (root / "journeys" / "loop.yml").symlink_to("loop.yml")


def _plant_folder_link(root: Path) -> None:
    outside = root / "outside"
    outside.mkdir()
    (outside / "leak.yml").write_text(f"title: {SECRET}\n", encoding="utf-8")
    (root / "journeys" / "shared").symlink_to(outside, target_is_directory=True)


def _plant_dev_zero(root: Path) -> None:
    (root / "journeys" / "zero.yml").symlink_to("/dev/zero")


def _plant_fifo(root: Path) -> None:
    os.mkfifo(root / "journeys" / "pipe.yml")


def _plant_long_value(root: Path) -> None:
    (root / "journeys" / "long.yml").write_text(LONG_JOURNEY, encoding="utf-8")


def _plant_teams_link_out(root: Path) -> None:
    teams = root / "journeys" / "_teams.yml"
    teams.unlink()
    teams.symlink_to(root / "secret.env")


PLANTS: dict[str, Callable[[Path], None]] = {
    "link-out": _plant_link_out,
    "dangling-link": _plant_dangling,
    "link-loop": _plant_loop,
    "folder-link": _plant_folder_link,
    "dev-zero": _plant_dev_zero,
    "fifo": _plant_fifo,
    "long-value": _plant_long_value,
    "teams-link-out": _plant_teams_link_out,
}
CASES = sorted(PLANTS)


def hostile_site(root: Path, case: str) -> Path:
    """A site with one valid journey, a clean `base/` copy, a secret beside it, and `case`."""
    make_site(root)
    shutil.copytree(root / "journeys", root / "base")
    (root / "secret.env").write_text(SECRET_FILE, encoding="utf-8")
    PLANTS[case](root)
    return root


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


@dataclass(frozen=True)
class BoundedRun:
    """What one bounded CLI run printed, and what it cost."""

    code: int
    out: str
    err: str
    seconds: float
    cpu_seconds: float
    rss_growth_kb: int


def run_cli(root: Path, *argv: str) -> BoundedRun:
    """`mkdocs-touchpoints ARGV` in `root`, in a subprocess bounded in time and memory."""
    metrics = root / "metrics.json"
    metrics.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(metrics), *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(HERE.parents[1])},
        preexec_fn=_limit_memory,
        check=False,
    )
    assert metrics.exists(), done.stderr
    measured = json.loads(metrics.read_text(encoding="utf-8"))
    assert measured["code"] == done.returncode
    return BoundedRun(
        done.returncode,
        done.stdout,
        done.stderr,
        measured["seconds"],
        measured["cpu_seconds"],
        measured["rss_growth_kb"],
    )


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the site in `root`, bounded in time and memory."""
    return run_tool("mkdocs", root / "mkdocs.yml", *args, timeout=TIMEOUT, preexec_fn=_limit_memory)
