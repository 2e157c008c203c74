"""A description of the machine a benchmark ran on."""

from __future__ import annotations

import datetime
import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "pyyaml", "pydantic", "markdown", "mkdocs-touchpoints")


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpus() -> int:
    """The CPUs this process may run on (what `nproc` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def package_version(name: str) -> str:
    """The installed version of a distribution, or `-`."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # pragma: no cover
        return "-"


def describe() -> dict[str, str]:
    """Date, CPUs, CPU model, memory, OS, Python and package versions."""
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(cpus()),
        "cpu": cpu_model(),
        "memory": _memory(),
        "os": platform.platform(),
        "python": platform.python_version(),
    }
    info.update({name: package_version(name) for name in PACKAGES})
    info["libyaml"] = _libyaml()
    info["load average"] = load_average()
    return info


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "-"


def _libyaml() -> str:
    import yaml

    return "yes" if getattr(yaml, "__with_libyaml__", False) else "no"
