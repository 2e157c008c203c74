"""Run a command in a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One run of a command: wall and CPU seconds, peak resident memory of the child, output."""

    seconds: float
    cpu_seconds: float
    """User plus system CPU time of the child: less sensitive than wall time to a busy machine."""
    max_rss_bytes: int
    stdout: str
    stderr: str


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero code."""


def run_measured(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run `command`; its wall time, and its own CPU time and peak RSS (from `wait4`)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # Read the pipes in full before reaping the child with wait4 (which gives its rusage).
    stdout, stderr = _read_all(process)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise CommandFailed(
            f"{' '.join(command)} exited with {process.returncode}:\n{stderr[-4000:]}"
        )
    # ru_maxrss is in kilobytes on Linux.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_maxrss * 1024, stdout, stderr)


def _read_all(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Drain stdout and stderr without deadlocking and without reaping the child."""

    chunks: dict[str, str] = {}

    def drain(name: str, stream: object) -> None:
        chunks[name] = stream.read()  # type: ignore[attr-defined]

    threads = [
        threading.Thread(target=drain, args=("out", process.stdout)),
        threading.Thread(target=drain, args=("err", process.stderr)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return chunks["out"], chunks["err"]
