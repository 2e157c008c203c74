"""Measured metrics at scale: read, validate, pool and build 1,000 journeys x 24 months x 5
metrics at touchpoint level (1.8 million observation rows, about 90 MB of CSV).

python benchmarks/metrics_bench.py [--journeys 1000] [--months 24] [--repeats 1]
    [--out benchmarks/out] [--no-build]
BENCH_QUICK=1 uses 100 journeys (180,000 rows). Also run by `make bench` (benchmarks/run.py).

It reports
(a) reading and validating the metrics files alone (`load_metrics`, after the journeys are
    loaded), in a fresh process: time, and the process's peak RSS before and after;
(b) pooling them (`measure_handbook`, what a build does once);
(c) a full `mkdocs build` of the same handbook with and without the metrics files (the ratio;
    target <= 1.15x);
(d) the weight of a journey page with and without metrics, and with 24 vs 48 months (the
    trend charts show the last 24 periods, so it must stay flat), on a small handbook;
(e) what a `mkdocs serve` rebuild spends re-reading the metrics (the loader's cache of
    observation files): with no file changed, and with one of the files edited.
Prints text lines, then one JSON line (`json: {...}`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Shape, generate  # noqa: E402
from measure import run_measured  # noqa: E402
from sites import journey_page_bytes, write_plugin_site  # noqa: E402

PYTHON = sys.executable
TOUCHPOINTS = 15
"""Touchpoints per journey: 1,000 x 24 x 5 x 15 = 1.8 million rows."""
RATIO_TARGET = 1.15
PAGE_SIZE = 50
"""Journeys in the small handbooks that compare page weights (24 vs 48 months)."""

DEFINITIONS = """metrics:
  - id: nps-relationship
    name: Relationship NPS
    type: nps
    owner: team-0
    target: {value: 30, direction: at-least}
    estimate: sentiment
  - id: csat-contact
    name: Contact satisfaction (CSAT)
    type: csat
    owner: team-1
    target: {value: 80, direction: at-least}
    stale_after: P3M
  - id: conversion
    name: Conversion
    type: ratio
    owner: team-2
  - id: contacts
    name: Contacts
    type: count
    estimate: volume
  - id: wait-time
    name: Wait time
    type: mean
    unit: min
    target: {value: 5, direction: at-most}
"""
HEADER = "metric,period,journey,phase,touchpoint,n,positive,negative,value,source\n"


def months(count: int, last: tuple[int, int] = (2026, 11)) -> list[str]:
    """`count` months ending with `last`, oldest first (`2024-12`, ...)."""
    year, month = last
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found[::-1]


def _rows(journey: int, periods: list[str], rng: random.Random) -> list[str]:
    rows = []
    j = f"journey-{journey}"
    for t in range(TOUCHPOINTS):
        tp = f"tp-{t}"
        for period in periods:
            n = rng.randrange(5, 400)
            promoters = rng.randrange(n + 1)
            detractors = rng.randrange(n - promoters + 1)
            rows.append(f"nps-relationship,{period},{j},,{tp},{n},{promoters},{detractors},,survey")
            n = rng.randrange(5, 300)
            rows.append(f"csat-contact,{period},{j},,{tp},{n},{rng.randrange(n + 1)},,,survey")
            n = rng.randrange(100, 20_000)
            rows.append(f"conversion,{period},{j},,{tp},{n},{rng.randrange(n // 5 + 1)},,,web")
            rows.append(f"contacts,{period},{j},,{tp},,,,{rng.randrange(50_000)},crm")
            mean = round(rng.uniform(0.5, 20), 2)
            rows.append(f"wait-time,{period},{j},,{tp},{rng.randrange(1, 900)},,,{mean},acd")
    return rows


def write_metrics(journeys_dir: Path, count: int, periods: list[str]) -> tuple[int, int]:
    """`_metrics.yml` and one observations file per folder of 50 journeys; rows and bytes."""
    rng = random.Random(7)
    (journeys_dir / "_metrics.yml").write_text(DEFINITIONS, encoding="utf-8")
    folder = journeys_dir / "_metrics"
    folder.mkdir(exist_ok=True)
    rows = size = 0
    for start in range(0, count, 50):
        lines = [HEADER]
        for journey in range(start, min(start + 50, count)):
            found = _rows(journey, periods, rng)
            rows += len(found)
            lines.append("\n".join(found) + "\n")
        text = "".join(lines)
        path = folder / f"area-{start // 50:03d}.csv"
        path.write_text(text, encoding="utf-8")
        size += len(text.encode("utf-8"))
    return rows, size


def make_site(root: Path, count: int, periods: int | None) -> Path:
    """A plugin site of `count` journeys with 15 touchpoints, with metrics of `periods` months
    (None: no metrics files)."""
    shutil.rmtree(root, ignore_errors=True)
    journeys = generate(root, Shape(journeys=count, touchpoints=TOUCHPOINTS, steps=TOUCHPOINTS))
    write_plugin_site(root, count)
    if periods:
        write_metrics(journeys, count, months(periods))
    return journeys


# -- (a) and (b), in a fresh process -----------------------------------------------------


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def probe(folder: Path, profile: Path | None = None) -> dict[str, Any]:
    """Load the journeys, then read and validate the metrics alone, then pool them."""
    from mkdocs_touchpoints.measures.measured import measure_handbook
    from mkdocs_touchpoints.reading.loader import (
        build_handbook,
        gc_paused,
        read_journey_files,
        read_teams_file,
        teams_scope,
    )
    from mkdocs_touchpoints.reading.metrics_read import (
        ObservationCache,
        find_metrics_files,
        load_metrics,
    )

    teams, problems = read_teams_file(folder / "_teams.yml", "_teams.yml", teams_scope(folder))
    sources, refused = read_journey_files(folder, "journeys")
    handbook = build_handbook(sources, teams, problems + refused)
    del sources
    before = _max_rss()
    files = find_metrics_files(folder, "journeys")
    started = time.perf_counter()
    cpu = time.process_time()
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cache = ObservationCache()

    def load() -> tuple[Any, list[Any]]:
        with gc_paused():
            return load_metrics(
                files, handbook.journeys, handbook.teams_source, handbook.teams, cache=cache
            )

    metrics, diagnostics = load()
    if profile is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    read_seconds = time.perf_counter() - started
    read_cpu = time.process_time() - cpu
    after = _max_rss()
    errors = [d for d in diagnostics if d.severity.name == "ERROR"]
    started = time.perf_counter()
    with gc_paused():
        measured = measure_handbook(metrics.definitions, metrics.observations)
    pool_seconds = time.perf_counter() - started
    # What `mkdocs serve` does on a rebuild: nothing changed, then one file edited.
    parses = cache.parses
    started = time.perf_counter()
    load()
    unchanged_seconds, unchanged_parses = time.perf_counter() - started, cache.parses - parses
    edited = files.observations[0][0]
    original = edited.read_bytes()
    edited.write_bytes(original.replace(b",survey\n", b",survey (edited)\n", 1))
    try:
        parses = cache.parses
        started = time.perf_counter()
        load()
        edited_seconds, edited_parses = time.perf_counter() - started, cache.parses - parses
    finally:
        edited.write_bytes(original)
    return {
        "rows": len(metrics.observations),
        "errors": len(errors),
        "first_error": str(errors[0]) if errors else "",
        "read_seconds": read_seconds,
        "read_cpu": read_cpu,
        "rss_before_bytes": before,
        "rss_after_bytes": after,
        "pool_seconds": pool_seconds,
        "pooled_pairs": len(measured.measures) if measured is not None else 0,
        "files": len(files.observations),
        "reread_unchanged_seconds": unchanged_seconds,
        "reread_unchanged_parses": unchanged_parses,
        "reread_one_edited_seconds": edited_seconds,
        "reread_one_edited_parses": edited_parses,
    }


def run_probe(folder: Path) -> dict[str, Any]:
    """`probe` in a fresh process (its peak RSS its own)."""
    run = run_measured([PYTHON, str(Path(__file__).resolve()), "--probe", str(folder)])
    return json.loads(run.stdout)


# -- (c) and (d) -----------------------------------------------------------------------


def build(site: Path) -> Any:
    """One `mkdocs build` of `site`, measured."""
    command = [PYTHON, "-m", "mkdocs", "build", "--clean", "-f", str(site / "mkdocs.yml")]
    return run_measured(command, cwd=site)


def without_metrics(site: Path, twin: Path) -> None:
    """A copy of `site` without its metrics files."""
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(site, twin, ignore=shutil.ignore_patterns("site", "_metrics", "_metrics.yml"))


def page_weights(out: Path, size: int = PAGE_SIZE) -> dict[str, float]:
    """Mean journey page bytes of small handbooks: no metrics, 24 months, 48 months."""
    ids = [f"journey-{i}" for i in range(size)]
    found = {}
    for name, periods in (("none", None), ("24", 24), ("48", 48)):
        site = out / f"metrics-pages-{name}"
        make_site(site, size, periods)
        build(site)
        found[name] = journey_page_bytes(site / "site", ids)
    return found


def main(argv: list[str] | None = None) -> int:
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=100 if quick else 1_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=1, help="builds of each kind")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-build", action="store_true", help="only (a), (b) and (e)")
    parser.add_argument("--page-journeys", type=int, default=PAGE_SIZE, help="size for (d)")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help="with --probe: cProfile the read")
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe(args.probe, args.profile)))
        return 0
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    n = args.journeys
    site = args.out / f"metrics-n{n}"
    journeys = make_site(site, n, None)
    started = time.perf_counter()
    rows, size = write_metrics(journeys, n, months(args.months))
    print(
        f"metrics at N={n:,}: {rows:,} rows ({n:,} journeys x {args.months} months x 5 metrics "
        f"x {TOUCHPOINTS} touchpoints), {size / 1e6:.1f} MB of CSV in "
        f"{len(list((journeys / '_metrics').iterdir()))} files "
        f"(written in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    report: dict[str, Any] = {"journeys": n, "months": args.months, "rows": rows, "bytes": size}
    found = run_probe(journeys)
    report["probe"] = found
    if found["errors"]:
        print(f"  the metrics have {found['errors']} errors: {found['first_error']}")
    mb = 1024 * 1024
    print(
        f"(a) read + validate the metrics alone: {found['read_seconds']:.2f} s "
        f"(CPU {found['read_cpu']:.2f} s), {found['rows']:,} rows kept; peak RSS "
        f"{found['rss_before_bytes'] / mb:,.0f} MB with the journeys loaded -> "
        f"{found['rss_after_bytes'] / mb:,.0f} MB after the metrics "
        f"(+{(found['rss_after_bytes'] - found['rss_before_bytes']) / mb:,.0f} MB)"
    )
    print(
        f"(b) pool (measure_handbook): {found['pool_seconds']:.2f} s, "
        f"{found['pooled_pairs']:,} (metric, journey) pairs with figures"
    )
    print(
        f"(e) serve rebuild, re-reading the metrics: {found['reread_unchanged_seconds']:.2f} s "
        f"with no file changed ({found['reread_unchanged_parses']} of {found['files']} files "
        f"parsed), {found['reread_one_edited_seconds']:.2f} s after editing one "
        f"({found['reread_one_edited_parses']} parsed)"
    )
    if not args.no_build:
        twin = args.out / f"metrics-n{n}-none"
        without_metrics(site, twin)
        plain, with_metrics = [], []
        for _ in range(args.repeats):  # alternate, so a change of machine load hits both
            with_metrics.append(build(site))
            plain.append(build(twin))
        ids = [f"journey-{i}" for i in range(n)]
        runs = {
            "with": [r.seconds for r in with_metrics],
            "without": [r.seconds for r in plain],
            "with_cpu": [r.cpu_seconds for r in with_metrics],
            "without_cpu": [r.cpu_seconds for r in plain],
            "with_rss": max(r.max_rss_bytes for r in with_metrics),
            "without_rss": max(r.max_rss_bytes for r in plain),
            "page_with": journey_page_bytes(site / "site", ids),
            "page_without": journey_page_bytes(twin / "site", ids),
        }
        ratio = statistics.median(runs["with"]) / statistics.median(runs["without"])
        cpu_ratio = statistics.median(runs["with_cpu"]) / statistics.median(runs["without_cpu"])
        runs.update(ratio=ratio, cpu_ratio=cpu_ratio)
        report["build"] = runs
        print(
            f"(c) mkdocs build at N={n:,}: with metrics "
            f"{statistics.median(runs['with']):.1f} s (CPU "
            f"{statistics.median(runs['with_cpu']):.1f} s, peak {runs['with_rss'] / mb:,.0f} MB),"
            f" without {statistics.median(runs['without']):.1f} s (CPU "
            f"{statistics.median(runs['without_cpu']):.1f} s, peak "
            f"{runs['without_rss'] / mb:,.0f} MB): ratio {ratio:.3f} (CPU {cpu_ratio:.3f}), "
            f"target <= {RATIO_TARGET}: {'met' if ratio <= RATIO_TARGET else 'MISSED'}"
        )
        weights = page_weights(args.out, args.page_journeys)
        report["pages"] = weights
        print(
            f"(d) journey page: {runs['page_without'] / 1024:,.1f} KB without metrics, "
            f"{runs['page_with'] / 1024:,.1f} KB with ({args.months} months, N={n:,}); at "
            f"N={args.page_journeys}: {weights['none'] / 1024:,.1f} KB without, "
            f"{weights['24'] / 1024:,.1f} KB with 24 months, {weights['48'] / 1024:,.1f} KB "
            f"with 48 months (48/24: {weights['48'] / weights['24']:.3f})"
        )
    print("json: " + json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
