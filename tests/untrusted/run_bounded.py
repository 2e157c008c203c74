"""Run the command line in this fresh process and record the time and memory of the run.

`python run_bounded.py METRICS-FILE ARG...` runs `mkdocs-touchpoints ARG...` after every
import is done, then writes `{"seconds": ..., "rss_growth_kb": ..., "code": ...}` to
METRICS-FILE: the test bounds the run itself, not the interpreter's start-up.
Both clocks are kept: CPU seconds (what the run costs, whatever else the machine does) and
wall seconds (where a run that blocks, on a FIFO say, shows while using no CPU).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# Every command's modules, MkDocs' config classes (generate) included, are imported before
# the clock starts: the bound is on reading the handbook, not on importing.
from mkdocs_touchpoints.cli import (
    diff_command,  # noqa: F401
    generate,  # noqa: F401
    main,
)
from mkdocs_touchpoints.plugin import options  # noqa: F401


def run(metrics: Path, argv: list[str]) -> int:
    """Run `main(argv)`, write the metrics, return its exit code."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    code = main(argv)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.flush()
    metrics.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "rss_growth_kb": after - before,
                "code": code,
            }
        ),
        encoding="utf-8",
    )
    return code


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), sys.argv[2:]))
