"""Run a command in a child process and measure its wall time, CPU time and peak memory.

The command is started through this file run as a small launcher
(`python benchmarks/measure.py COMMAND...`), which starts the command, waits for
it with `wait4` and prints one JSON object. The detour matters on Linux: a
child's peak RSS (`ru_maxrss`) starts at its parent's peak when it is forked,
so a command started straight from the harness, which holds a generated
handbook in memory, would be reported as at least as big as the harness.

`ru_maxrss` is one process's peak (`wait4` gives the larger of the command's and
its waited-for children's, never their sum). The launcher also samples the whole
process tree (the command and every descendant, such as the plugin's forked
worker) every `SAMPLE_SECONDS` and reports the peak of the tree's summed
proportional set size (PSS, from /proc/PID/smaps_rollup: a page shared by a parent
and its forked child counts half in each, so the sum is what the tree really
holds), on Linux; 0 elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

LAUNCHER = Path(__file__).resolve()
SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Run:
    """One run of a command: wall and CPU seconds, peak resident memory of the child, output."""

    seconds: float
    cpu_seconds: float
    """User plus system CPU time of the child: less sensitive than wall time to a busy machine."""
    max_rss_bytes: int
    stdout: str
    stderr: str
    returncode: int = 0
    tree_peak_bytes: int = 0
    """Peak of the summed PSS of the command and all its descendants (children counted)."""


class CommandFailed(RuntimeError):
    """A measured command exited with a non-zero code."""


def run_measured(command: Sequence[str], cwd: Path | None = None) -> Run:
    """Run `command` through the launcher; its wall time, CPU time and its own peak RSS."""
    launcher = [sys.executable, str(LAUNCHER), *command]
    done = subprocess.run(launcher, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise CommandFailed(f"launcher failed ({done.returncode}):\n{done.stderr[-4000:]}")
    run = Run(**json.loads(done.stdout))
    if run.returncode != 0:
        raise CommandFailed(
            f"{' '.join(command)} exited with {run.returncode}:\n{run.stderr[-4000:]}"
        )
    return run


def measure_here(command: Sequence[str]) -> Run:
    """Run `command` as a child of this process and measure it (the launcher's side)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = TreeSampler(process.pid)
    sampler.start()
    # Read the pipes in full before reaping the child with wait4 (which gives its rusage).
    stdout, stderr = _read_all(process)
    sampler.stop()  # the child is a zombie until wait4: its descendants are gone by now
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    # ru_maxrss is in kilobytes on Linux.
    rss = usage.ru_maxrss * 1024
    return Run(seconds, cpu, rss, stdout, stderr, process.returncode, sampler.peak)


class TreeSampler(threading.Thread):
    """The peak summed PSS of a process and its descendants, sampled (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (their threads' `children` lists)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                text = Path(f"/proc/{current}/task/{task}/children").read_text()
            except OSError:
                continue
            todo.extend(int(child) for child in text.split())
    return found


def _pss(pid: int) -> int:
    """The proportional set size of `pid` in bytes (0 when it is gone or unreadable)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


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


if __name__ == "__main__":
    print(json.dumps(asdict(measure_here(sys.argv[1:]))))
