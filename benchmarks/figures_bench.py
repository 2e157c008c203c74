"""Time to build one journey's figure set (target: under 1 ms), and the whole charts block.

Run: `.venv/bin/python benchmarks/figures_bench.py [JOURNEYS_DIR]` (default: journeys/).
Prints, per journey and for the largest synthetic journey, the median of many runs.
Not a timed test: numbers depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.model import Journey, Phase, Step, Touchpoint
from mkdocs_touchpoints.rendering.charts import render_charts
from mkdocs_touchpoints.rendering.figures import figure_set
from mkdocs_touchpoints.rendering.i18n import labels_for

TARGET_MS = 1.0


def median_ms(work: Callable[[], object], runs: int = 400, rounds: int = 7) -> float:
    """Median over `rounds` of the mean time of `runs` calls, in milliseconds."""
    means = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(runs):
            work()
        means.append((time.perf_counter() - start) / runs * 1000)
    return statistics.median(means)


def synthetic(phases: int, touchpoints: int, steps: int) -> Journey:
    """A large journey: every metric set, names long enough to be shortened."""
    return Journey(
        id="synthetic",
        title="Synthetic",
        owner="crm",
        phases=[Phase(id=f"p{i}", name=f"Phase number {i}") for i in range(phases)],
        touchpoints=[
            Touchpoint(
                id=f"t{i}",
                name=f"Touchpoint with a rather long name {i}",
                channel=("web", "email", "phone", "store")[i % 4],
                type=("proactive", "reactive")[i % 2],
                third_party=i % 5 == 0,
            )
            for i in range(touchpoints)
        ],
        steps=[
            Step(
                phase=f"p{i % phases}",
                touchpoint=f"t{(i * 7) % touchpoints}",
                action=f"Does thing number {i} & checks <the> result",
                friction=i % 6,
                sentiment=i % 5 - 2,
                volume=float(i * 10),
            )
            for i in range(steps)
        ],
    )


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("journeys")
    labels = labels_for("en")
    journeys = [file.journey for file in load_folder(folder).journeys]
    journeys.append(synthetic(8, 20, 60))
    print(f"{'journey':<22} {'steps':>5} {'figure_set ms':>14} {'render_charts ms':>17}")
    worst = 0.0
    for journey in journeys:
        build = median_ms(lambda j=journey: figure_set(j, labels))
        block = median_ms(lambda j=journey: render_charts(j, labels), runs=100)
        if journey.id != "synthetic":
            worst = max(worst, build)
        print(f"{journey.id or '':<22} {len(journey.steps):>5} {build:>14.3f} {block:>17.3f}")
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(f"slowest example journey: {worst:.3f} ms per figure set")
    print(f"target: < {TARGET_MS} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
