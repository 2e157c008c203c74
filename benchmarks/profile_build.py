"""Profile one `mkdocs build` of a generated handbook, with cProfile, in-process.

python benchmarks/profile_build.py [--journeys 1000] [--out benchmarks/out] [--top 25]

Prints where the time goes: the plugin's share of the build (its hooks, timed),
the functions with the most cumulative time inside mkdocs_touchpoints, and the
functions with the most own time in the whole build. The raw profile is saved
as out/profile-N.pstats (open it with `python -m pstats` or snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Shape, generate  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from rebuild import PLUGIN_NAME, HookTimer, instrument  # noqa: E402
from sites import write_plugin_site  # noqa: E402


def _stats_text(stats: pstats.Stats, sort: str, top: int, *restrictions: str) -> str:
    buffer = io.StringIO()
    stats.stream = buffer  # type: ignore[attr-defined]
    stats.sort_stats(sort).print_stats(*restrictions, top)
    lines = buffer.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def profile(n: int, out: Path, top: int) -> None:
    """Generate an N-journey site (if missing), profile its build and print the summary."""
    site = out / f"profile-n{n}"
    if not (site / "mkdocs.yml").exists():
        generate(site, Shape(journeys=n))
        write_plugin_site(site, n)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=str(site / "mkdocs.yml"))
    timer = HookTimer()
    instrument(type(config.plugins[PLUGIN_NAME]), timer)
    config = load_config(config_file=str(site / "mkdocs.yml"))
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build(config)
    profiler.disable()
    total = time.perf_counter() - started
    dump = out / f"profile-{n}.pstats"
    profiler.dump_stats(dump)
    print(f"build of {n:,} journeys under cProfile: {total:.2f} s")
    print(f"plugin hooks: {timer.seconds:.2f} s ({timer.seconds / total:.0%})")
    for name, seconds in sorted(timer.by_hook.items(), key=lambda kv: -kv[1]):
        print(f"  {name}: {seconds:.3f} s")
    stats = pstats.Stats(profiler)
    print("\nmkdocs_touchpoints, by cumulative time:")
    print(_stats_text(stats, "cumulative", top, "mkdocs_touchpoints"))
    print("\nwhole build, by own time:")
    print(_stats_text(stats, "tottime", top))
    print(f"\nprofile saved to {dump}")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    profile(args.journeys, args.out, args.top)


if __name__ == "__main__":
    main()
