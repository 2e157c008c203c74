"""The benchmark harness runs end to end at a tiny size, so `make bench` cannot rot.

Nothing here is timed: the numbers only have to exist and be positive.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_prints_the_table_at_tiny_size(tmp_path: Path) -> None:
    env = {**os.environ, "BENCH_QUICK": "1"}
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "run.py"),
        *("--sizes", "5", "--repeats", "1", "--out", str(tmp_path)),
        *("--no-figures", "--no-insights", "--no-first-paint", "--no-metrics"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "nproc" in out and "mkdocs 1." in out
    assert re.search(r"^\| 5 \| [\d.]+ s \| [\d.]+ s \| [\d.]+ \|", out, re.MULTILINE), out
    assert re.search(r"plugin log at N=5: touchpoints: 5 journeys, 20 teams in [\d.]+ s", out)
    assert "1 journey file(s) parsed" in out

    report = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    [size] = report["sizes"]
    assert size["journeys"] == 5
    keys = ("plugin_seconds", "twin_seconds", "plugin_page_bytes", "insights_page_bytes")
    for key in (*keys, "validate_seconds"):
        assert size[key] > 0, key
    # The twin is the plugin's own Markdown: its journey pages weigh about the same.
    assert abs(size["plugin_page_bytes"] - size["twin_page_bytes"]) < 0.05 * size["twin_page_bytes"]
    assert report["rebuild"]["rebuild"]["journeys_parsed"] == 1
    assert report["rebuild"]["rebuild"]["pages_rendered"] == 1
    assert report["rebuild"]["edit_published"] is True
    assert report["rebuild"]["plotly_imported"] == []  # plotly.graph_objects stays out
    assert report["rebuild"]["same_plugin_instance"] is True
    assert size["plugin_tree_peak_bytes"] > 0 and size["twin_tree_peak_bytes"] > 0
    assert len(report["dirty_edit_reload_seconds"]) == 2  # mkdocs serve --dirty, two edits
    assert "mkdocs serve --dirty at N=5" in out


@pytest.mark.slow
def test_metrics_bench_reads_pools_builds_and_weighs(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "metrics_bench.py"),
        *("--journeys", "3", "--months", "2", "--page-journeys", "2", "--out", str(tmp_path)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    [line] = [x for x in result.stdout.splitlines() if x.startswith("json: ")]
    found = json.loads(line.removeprefix("json: "))
    assert found["rows"] == 3 * 2 * 5 * 15 and found["probe"]["rows"] == found["rows"]
    assert found["probe"]["errors"] == 0 and found["probe"]["pooled_pairs"] == 3 * 5
    assert found["probe"]["reread_unchanged_parses"] == 0
    assert found["probe"]["reread_one_edited_parses"] == 1
    assert found["build"]["page_with"] > found["build"]["page_without"] > 0
    assert found["pages"]["48"] > 0 and found["pages"]["24"] > 0


def test_insights_bench_measures_bytes_and_time(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "insights_bench.py"),
        *("--sizes", "3", "8", "--runs", "1", "--out", str(tmp_path)),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    assert found["sizes"] == [3, 8]
    assert all(size > 1000 for size in found["markdown_bytes"])
    assert found["pipeline_seconds"] > 0
    assert isinstance(found["within_bound"], bool)
