"""`make bench`: time the plugin against its static twin, and validation against parsing.

python benchmarks/run.py [--sizes 100 1000 10000] [--repeats 3] [--out benchmarks/out]
BENCH_QUICK=1 leaves out N = 10,000 (one build of each kind there, about 15 minutes).

For each size N, a synthetic handbook is generated (benchmarks/generate.py) and
built twice over: once as a site with the plugin, once as its *static twin* (the
plugin's own Markdown written out as ordinary pages with the same nav and
assets, built without the plugin). Every timing runs `--repeats` times in fresh
processes; the table shows the median. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import Shape, generate  # noqa: E402
from hosts import edit_reload, free_port  # noqa: E402
from machine import describe  # noqa: E402
from measure import Run, run_measured  # noqa: E402
from sites import journey_page_bytes, nav_links, write_plugin_site, write_twin_site  # noqa: E402

DEFAULT_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (100, 1_000)
LARGE = 10_000
"""From this size on, each build runs `--large-repeats` times (one 10,000-journey build takes
minutes)."""
REBUILD_SIZE = 1_000
"""The handbook size of the serve-rebuild measurement (the largest size run, up to this)."""
PYTHON = sys.executable
QUIET_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
"""What the Makefile exports to silence the MkDocs 2 notices of Material and ProperDocs."""
SUMMARY_LINE = re.compile(r"touchpoints: [\d,]+ journeys?, [\d,]+ teams? in [\d.]+ s")


@dataclass
class SizeResult:
    """Everything measured for one handbook size."""

    journeys: int
    plugin_seconds: float = 0.0
    twin_seconds: float = 0.0
    plugin_cpu: float = 0.0
    twin_cpu: float = 0.0
    plugin_page_bytes: float = 0.0
    twin_page_bytes: float = 0.0
    insights_page_bytes: int = 0
    nav_links: int = 0
    plugin_peak_bytes: int = 0
    twin_peak_bytes: int = 0
    plugin_tree_peak_bytes: int = 0
    """The build's peak with its children counted (summed PSS of the process tree)."""
    twin_tree_peak_bytes: int = 0
    validate_seconds: float = 0.0
    parse_seconds: float = 0.0
    cli_seconds: float = 0.0
    plugin_log: str = ""
    plugin_runs: list[float] = field(default_factory=list)
    twin_runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Plugin build time over static twin build time."""
        return self.plugin_seconds / self.twin_seconds if self.twin_seconds else float("nan")

    @property
    def pair_ratios(self) -> list[float]:
        """Plugin over twin for each alternating pair (run back to back, on the same machine
        state: on a shared machine the speed drifts by 10 to 30 % between minutes)."""
        return [p / t for p, t in zip(self.plugin_runs, self.twin_runs, strict=True) if t]

    @property
    def cpu_ratio(self) -> float:
        """Plugin build CPU time over static twin build CPU time."""
        return self.plugin_cpu / self.twin_cpu if self.twin_cpu else float("nan")

    @property
    def tree_memory_ratio(self) -> float:
        """Plugin over twin peak memory, children counted."""
        twin = self.twin_tree_peak_bytes
        return self.plugin_tree_peak_bytes / twin if twin else float("nan")

    @property
    def validate_ratio(self) -> float:
        """Validate time over C-loader parse time."""
        return self.validate_seconds / self.parse_seconds if self.parse_seconds else float("nan")


def build_command(site: Path) -> list[str]:
    """`mkdocs build` of the site in `site` (its mkdocs.yml), into `site/site`."""
    return [PYTHON, "-m", "mkdocs", "build", "--clean", "-f", str(site.resolve() / "mkdocs.yml")]


def _build(site: Path) -> Run:
    return run_measured(build_command(site), cwd=site)


def measure_size(n: int, repeats: int, out: Path) -> SizeResult:
    """Generate, build (plugin and twin, alternating) and validate a handbook of `n` journeys."""
    root = out / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    plugin_site, twin_site = root / "plugin", root / "twin"
    generate(plugin_site, Shape(journeys=n))
    write_plugin_site(plugin_site, n)
    write_twin_site(plugin_site, twin_site)
    result = SizeResult(n)
    plugin_runs: list[Run] = []
    twin_runs: list[Run] = []
    for _ in range(repeats):  # alternate, so a change of machine load hits both
        plugin_runs.append(_build(plugin_site))
        twin_runs.append(_build(twin_site))
    result.plugin_runs = [r.seconds for r in plugin_runs]
    result.twin_runs = [r.seconds for r in twin_runs]
    result.plugin_seconds = statistics.median(result.plugin_runs)
    result.twin_seconds = statistics.median(result.twin_runs)
    result.plugin_cpu = statistics.median(r.cpu_seconds for r in plugin_runs)
    result.twin_cpu = statistics.median(r.cpu_seconds for r in twin_runs)
    result.plugin_peak_bytes = max(r.max_rss_bytes for r in plugin_runs)
    result.twin_peak_bytes = max(r.max_rss_bytes for r in twin_runs)
    result.plugin_tree_peak_bytes = max(r.tree_peak_bytes for r in plugin_runs)
    result.twin_tree_peak_bytes = max(r.tree_peak_bytes for r in twin_runs)
    ids = [f"journey-{i}" for i in range(n)]
    result.plugin_page_bytes = journey_page_bytes(plugin_site / "site", ids)
    result.twin_page_bytes = journey_page_bytes(twin_site / "site", ids)
    insights = plugin_site / "site" / "insights" / "index.html"
    result.insights_page_bytes = insights.stat().st_size if insights.is_file() else 0
    result.nav_links = nav_links(plugin_site / "site" / "journeys" / ids[0] / "index.html")
    found = SUMMARY_LINE.search(plugin_runs[-1].stderr)
    result.plugin_log = found.group(0) if found else ""
    measure_validation(result, plugin_site / "journeys", repeats)
    return result


def _probe(name: str, folder: Path) -> float:
    run = run_measured([PYTHON, str(HERE / "probes.py"), name, str(folder)])
    return float(json.loads(run.stdout))


def measure_validation(result: SizeResult, journeys: Path, repeats: int) -> None:
    """In-process validate and C-loader parse times (fresh process each), and CLI wall time."""
    validate, parse, cli = [], [], []
    command = [PYTHON, "-m", "mkdocs_touchpoints", "validate", str(journeys)]
    for _ in range(repeats):
        validate.append(_probe("validate", journeys))
        parse.append(_probe("parse", journeys))
        cli.append(run_measured(command).seconds)
    result.validate_seconds = statistics.median(validate)
    result.parse_seconds = statistics.median(parse)
    result.cli_seconds = statistics.median(cli)


def measure_rebuild(out: Path, n: int) -> dict[str, object]:
    """The plugin's time in a serve rebuild after one edit (on a copy of the N-journey site)."""
    source = out / f"n{n}" / "plugin"
    scratch = out / f"n{n}-rebuild"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(source, scratch, ignore=shutil.ignore_patterns("site"))
    run = run_measured([PYTHON, str(HERE / "rebuild.py"), str(scratch)])
    return json.loads(run.stdout)


def measure_edit_reload(out: Path, n: int, edits: int) -> list[float]:
    """Seconds from a journey edit to the page served with it, by a real `mkdocs serve`
    (benchmarks/hosts.py, MkDocs only), on a copy of the N-journey site."""
    scratch = out / f"n{n}-serve"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(out / f"n{n}" / "plugin", scratch, ignore=shutil.ignore_patterns("site"))
    port = free_port()
    serve = [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    return edit_reload(scratch, [serve], port, edits)


def measure_dirty_reload(out: Path, n: int, edits: int) -> list[float]:
    """Seconds from an edit of one step's text to the page served with it, by a real
    `mkdocs serve --dirty` (generated pages backed by files: docs/plugin.md)."""
    scratch = out / f"n{n}-dirty"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(out / f"n{n}" / "plugin", scratch, ignore=shutil.ignore_patterns("site"))
    port = free_port()
    serve = [PYTHON, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    return edit_reload(scratch, [serve], port, edits, field="action: ")


def measure_figures() -> list[str]:
    """The figure-set benchmark of the charts (benchmarks/figures_bench.py), when present.

    It times the example handbook's journeys and a large synthetic one; this keeps
    its summary lines and the synthetic journey's row.
    """
    script = HERE / "figures_bench.py"
    if not script.exists():
        return []
    run = run_measured([PYTHON, str(script), str(REPO / "journeys")], cwd=REPO)
    lines = run.stdout.splitlines()
    header = lines[:1]
    keep = [line for line in lines[1:] if line.startswith(("synthetic", "slowest", "target"))]
    return header + keep


def measure_insights(out: Path) -> dict[str, Any]:
    """The insights page's bytes at N = 50 and 1,000 and its build time at N = 1,000
    (benchmarks/insights_bench.py, through the site pipeline)."""
    script = HERE / "insights_bench.py"
    run = run_measured([PYTHON, str(script), "--out", str(out)], cwd=REPO)
    return json.loads(run.stdout)


def format_insights(found: dict[str, Any]) -> str:
    """The insights lines of the report."""
    (small, large), (small_bytes, large_bytes) = found["sizes"], found["markdown_bytes"]
    return (
        f"insights page: {small_bytes:,} bytes of Markdown at N={small:,}, {large_bytes:,} at "
        f"N={large:,} (x{found['growth']}, bound x1.3: "
        f"{'met' if found['within_bound'] else 'MISSED'}); at N={large:,} the page takes "
        f"{found['insights_page_seconds']:.3f} s and the team pages' load rows and hot spots "
        f"{found['team_insights_seconds']:.3f} s, of the pipeline's "
        f"{found['pipeline_seconds']:.2f} s"
    )


def measure_first_paint(repeats: int) -> list[str]:
    """The heatmap's first paint in Chromium (benchmarks/firstpaint.py): its printed lines."""
    command = [PYTHON, str(HERE / "firstpaint.py"), "--repeats", str(max(repeats, 3))]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if run.returncode:
        return [f"first paint: failed ({run.stderr.strip().splitlines()[-1:]})"]
    return run.stdout.splitlines()


def measure_metrics_scale(out: Path) -> list[str]:
    """Measured metrics at scale (benchmarks/metrics_bench.py: 1.8 M observation rows, or
    180,000 with BENCH_QUICK=1): its printed lines, without the JSON one."""
    run = run_measured([PYTHON, str(HERE / "metrics_bench.py"), "--out", str(out)], cwd=REPO)
    return [line for line in run.stdout.splitlines() if not line.startswith("json: ")]


def _mb(value: float) -> str:
    return f"{value / 1024 / 1024:,.0f} MB"


def _kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"


def format_table(results: list[SizeResult]) -> str:
    """The results as a Markdown table, one row per size."""
    header = [
        "N",
        "plugin build",
        "static twin",
        "ratio",
        "CPU ratio",
        "journey page",
        "twin page",
        "insights page",
        "nav links",
        "peak mem (plugin / twin)",
        "peak mem, children counted (plugin / twin)",
        "validate",
        "C-loader parse",
        "validate / parse",
        "CLI validate",
    ]
    rows = [
        [
            f"{r.journeys:,}",
            f"{r.plugin_seconds:.2f} s",
            f"{r.twin_seconds:.2f} s",
            f"{r.ratio:.3f}",
            f"{r.cpu_ratio:.3f}",
            _kb(r.plugin_page_bytes),
            _kb(r.twin_page_bytes),
            _kb(r.insights_page_bytes),
            str(r.nav_links),
            f"{_mb(r.plugin_peak_bytes)} / {_mb(r.twin_peak_bytes)}",
            f"{_mb(r.plugin_tree_peak_bytes)} / {_mb(r.twin_tree_peak_bytes)}"
            f" = {r.tree_memory_ratio:.2f}x",
            f"{r.validate_seconds:.3f} s",
            f"{r.parse_seconds:.3f} s",
            f"{r.validate_ratio:.2f}",
            f"{r.cli_seconds:.2f} s",
        ]
        for r in results
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def format_rebuild(rebuild: dict[str, object], n: int) -> str:
    """The serve-rebuild lines."""
    first, again = rebuild["first_build"], rebuild["rebuild"]
    assert isinstance(first, dict) and isinstance(again, dict)
    return "\n".join(
        [
            f"serve at N={n:,}, first build: plugin {first['plugin_seconds']:.3f} s of "
            f"{first['build_seconds']:.2f} s, {first['journeys_parsed']} journey files parsed",
            f"serve rebuild after editing 1 journey: plugin {again['plugin_seconds']:.3f} s of "
            f"{again['build_seconds']:.2f} s, {again['journeys_parsed']} journey file(s) parsed, "
            f"{again['pages_rendered']} journey page(s) rendered"
            f" (plugin instance kept: {rebuild['same_plugin_instance']},"
            f" edit published: {rebuild['edit_published']})",
            f"plotly modules imported by the builds: {rebuild['plotly_imported'] or 'none'}",
            "  slowest hooks in the rebuild: "
            + ", ".join(f"{k} {v:.3f} s" for k, v in again["hooks"].items()),
        ]
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=QUICK_SIZES if quick else DEFAULT_SIZES
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--large-repeats", type=int, default=1, help=f"repeats at N >= {LARGE:,}")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the serve rebuild")
    parser.add_argument(
        "--no-serve", action="store_true", help="skip edit -> reload with a real mkdocs serve"
    )
    parser.add_argument(
        "--no-dirty", action="store_true", help="skip edit -> reload with mkdocs serve --dirty"
    )
    parser.add_argument("--no-figures", action="store_true", help="skip figures_bench.py")
    parser.add_argument("--no-insights", action="store_true", help="skip insights_bench.py")
    parser.add_argument("--no-first-paint", action="store_true", help="skip the browser benchmark")
    parser.add_argument("--no-metrics", action="store_true", help="skip metrics_bench.py")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print the table; also write out/results.json."""
    args = parse_args(argv)
    os.environ.update(QUIET_ENV)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    machine = describe()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()), flush=True)
    results = []
    for n in args.sizes:
        print(f"measuring N={n:,} ...", file=sys.stderr, flush=True)
        repeats = args.repeats if n < LARGE else args.large_repeats
        results.append(measure_size(n, repeats, args.out))
    rebuild_n = max((n for n in args.sizes if n <= REBUILD_SIZE), default=min(args.sizes))
    rebuild = {} if args.no_rebuild else measure_rebuild(args.out, rebuild_n)
    reloads = [] if args.no_serve else measure_edit_reload(args.out, rebuild_n, args.repeats)
    dirty = [] if args.no_dirty else measure_dirty_reload(args.out, rebuild_n, max(args.repeats, 2))
    figures = [] if args.no_figures else measure_figures()
    insights = {} if args.no_insights else measure_insights(args.out)
    first_paint = [] if args.no_first_paint else measure_first_paint(args.repeats)
    metrics = [] if args.no_metrics else measure_metrics_scale(args.out)
    print()
    print(format_table(results))
    print()
    for r in results:
        ratios = ", ".join(f"{x:.3f}" for x in r.pair_ratios)
        median = statistics.median(r.pair_ratios) if r.pair_ratios else float("nan")
        print(f"N={r.journeys:,}: plugin/twin per alternating pair {ratios} (median {median:.3f})")
    for r in results:
        if r.plugin_log:
            print(f"plugin log at N={r.journeys:,}: {r.plugin_log}")
    if rebuild:
        print(format_rebuild(rebuild, rebuild_n))
    if reloads:
        print(
            f"mkdocs serve at N={rebuild_n:,}, edit -> reload (one journey's title changed on "
            f"disk until the page is served with it): median {statistics.median(reloads):.1f} s "
            f"of {', '.join(f'{r:.1f}' for r in reloads)} s"
        )
    if dirty:
        full = next((r.plugin_seconds for r in results if r.journeys == rebuild_n), float("nan"))
        print(
            f"mkdocs serve --dirty at N={rebuild_n:,}, edit -> reload (one step's text changed "
            f"on disk until the page is served with it): "
            + ", ".join(f"{r:.2f} s ({r / full:.1%} of the full build)" for r in dirty)
            + f"; full build {full:.2f} s (target: each edit within 10 %: "
            + f"{'met' if max(dirty) <= 0.1 * full else 'MISSED'})"
        )
    if figures:
        print("figure set (benchmarks/figures_bench.py):")
        print("\n".join(f"  {line}" for line in figures))
    if insights:
        print(format_insights(insights))
    if first_paint:
        print("\n".join(first_paint))
    if metrics:
        print("measured metrics at scale (benchmarks/metrics_bench.py):")
        print("\n".join(f"  {line}" for line in metrics))
    print(f"load average at the end: {describe()['load average']}")
    runs = f"{args.repeats} runs ({args.large_repeats} at N >= {LARGE:,})"
    print(f"(medians of {runs}; whole benchmark {time.perf_counter() - started:.0f} s)")
    report = {
        "machine": machine,
        "repeats": args.repeats,
        "large_repeats": args.large_repeats,
        "sizes": [
            asdict(r)
            | {
                "ratio": r.ratio,
                "cpu_ratio": r.cpu_ratio,
                "pair_ratios": r.pair_ratios,
                "validate_ratio": r.validate_ratio,
            }
            for r in results
        ],
        "rebuild": rebuild,
        "edit_reload_seconds": reloads,
        "dirty_edit_reload_seconds": dirty,
        "figures": figures,
        "insights": insights,
        "first_paint": first_paint,
    }
    (args.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.SubprocessError as exc:  # pragma: no cover
        sys.exit(f"bench: {exc}")
