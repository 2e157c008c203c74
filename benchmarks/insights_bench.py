"""The insights page's weight and cost: its bytes at N = 50 and N = 1,000 (the page is
bounded by `insights.top`, so the two must stay within 1.3x), and the time it adds to a
build at N = 1,000: the page and the team pages' share, beside a whole `build_site`.

Run: `.venv/bin/python benchmarks/insights_bench.py [--out benchmarks/out]` (also run by
`make bench`). Prints one JSON object. Not a timed test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import Shape, generate  # noqa: E402

from mkdocs_touchpoints.measures.insights import scan  # noqa: E402
from mkdocs_touchpoints.reading.handbook import Handbook  # noqa: E402
from mkdocs_touchpoints.reading.loader import load_folder  # noqa: E402
from mkdocs_touchpoints.rendering.pages import PageContext  # noqa: E402
from mkdocs_touchpoints.rendering.pages.insights import insights_page  # noqa: E402
from mkdocs_touchpoints.rendering.pipeline import SiteSettings, build_site  # noqa: E402

SIZES = (50, 1_000)
BOUND = 1.3
"""Most the insights page may grow from N = 50 to N = 1,000."""


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """The median wall time of `runs` calls of `work`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def insights_bytes(journeys_dir: Path) -> tuple[int, Handbook]:
    """The insights page's Markdown size in bytes for a handbook, and the loaded handbook."""
    handbook = load_folder(journeys_dir)
    site = build_site(handbook, SiteSettings(journeys_dir=journeys_dir))
    page = next(p for p in site.pages if p.kind == "insights")
    return len(page.markdown.encode("utf-8")), handbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs=2, default=SIZES, metavar=("SMALL", "LARGE"))
    args = parser.parse_args(argv)
    small_n, large_n = args.sizes
    result: dict[str, object] = {}
    sizes: list[int] = []
    handbook: Handbook | None = None
    journeys_dir = args.out
    for n in (small_n, large_n):
        root = args.out / f"insights-n{n}"
        journeys_dir = root / "journeys"
        if not journeys_dir.is_dir():
            generate(root, Shape(journeys=n))
        size, handbook = insights_bytes(journeys_dir)
        sizes.append(size)
    small, large = sizes
    result.update(sizes=[small_n, large_n], markdown_bytes=sizes, growth=round(large / small, 3))
    result["within_bound"] = large <= BOUND * small
    assert handbook is not None
    settings = SiteSettings(journeys_dir=journeys_dir)
    journeys, teams = handbook.journeys, handbook.teams
    ctx = PageContext(settings.labels, settings.layout, {t.id: t for t in teams})
    top = settings.insights_top
    # What the insights add to the pipeline: the page, and the one pass the team pages make
    # for their load rows and hot spots (each timed on its own: the difference of two whole
    # builds drowns in their noise on a busy machine).
    page = median_seconds(lambda: insights_page(journeys, teams, ctx, top=top), args.runs)
    team = median_seconds(lambda: scan(journeys, teams).team_hot_spots(), args.runs)
    whole = median_seconds(lambda: build_site(handbook, settings), max(1, args.runs // 2))
    result["insights_page_seconds"] = round(page, 4)
    result["team_insights_seconds"] = round(team, 4)
    result["pipeline_seconds"] = round(whole, 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
