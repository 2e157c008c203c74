"""The two hosts side by side: MkDocs with the plugin against `generate` + Zensical.

python benchmarks/hosts.py [--n 1000] [--repeats 3] [--out benchmarks/out/hosts]

For a synthetic handbook of N journeys (benchmarks/generate.py), it times:

- a full build: `mkdocs build` with the plugin, against `mkdocs-touchpoints
  generate` into an empty docs folder followed by `zensical build --clean`;
- edit -> reload: with `mkdocs serve` (plugin), or `generate --watch` next to
  `zensical serve`, running and the journey page served, one journey's title is
  changed on disk; the time until the server returns the page with the new
  title (polled every 50 ms over HTTP, as a browser reloading would fetch it).

Reported figures, not targets (docs/performance.md). One JSON object is printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generate import Shape, generate
from machine import describe
from measure import run_measured
from sites import write_plugin_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.local_http import fetch, free_port, stop_process

BIN = Path(sys.executable).parent
ZENSICAL_CONFIG = """INHERIT: mkdocs.yml
extra_css: [assets/touchpoints/touchpoints.css]
extra_javascript: [assets/touchpoints/touchpoints.js]
watch: [journeys]
"""
EDITED = "journeys/area-000/journey-0.yml"
"""The journey the edit -> reload figure changes (the first of the synthetic handbook)."""


def _site(root: Path, n: int) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    generate(root, Shape(journeys=n))
    write_plugin_site(root, n)
    (root / "mkdocs.zensical.yml").write_text(ZENSICAL_CONFIG, encoding="utf-8")
    return root


def _clean_generated(root: Path) -> None:
    """Everything but docs/index.md goes: what generate wrote, its record, Zensical's cache."""
    for path in (root / "docs").iterdir():
        if path.is_dir():
            shutil.rmtree(path)
        elif path.name != "index.md":
            path.unlink()
    (root / ".touchpoints-generated.json").unlink(missing_ok=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)


def full_builds(root: Path, repeats: int) -> dict[str, Any]:
    """Wall and CPU seconds (median of `repeats`) of each host's full build.

    CPU time (user + system of the command, its children included) moves much less than
    wall time when the machine is busy; Zensical builds on several threads.
    """
    commands = {
        "mkdocs_build": [str(BIN / "mkdocs"), "build", "--clean"],
        "generate": [str(BIN / "mkdocs-touchpoints"), "generate", "-f", "mkdocs.zensical.yml"],
        "zensical_build": [str(BIN / "zensical"), "build", "-f", "mkdocs.zensical.yml", "--clean"],
    }
    runs: dict[str, list[Any]] = {name: [] for name in commands}
    for _ in range(repeats):
        _clean_generated(root)
        for name, command in commands.items():
            run = run_measured(command, cwd=root)
            runs[name].append(run)
            # As it goes: a long run on a busy machine still leaves its figures.
            print(f"{name}: {run.seconds:.1f} s, CPU {run.cpu_seconds:.1f} s", file=sys.stderr)
    result: dict[str, Any] = {}
    for name, measured in runs.items():
        result[f"{name}_s"] = statistics.median(r.seconds for r in measured)
        result[f"{name}_cpu_s"] = statistics.median(r.cpu_seconds for r in measured)
    for kind in ("s", "cpu_s"):
        result[f"generate_plus_zensical_{kind}"] = (
            result[f"generate_{kind}"] + result[f"zensical_build_{kind}"]
        )
    return result


def _journey_url(root: Path) -> str:
    text = (root / EDITED).read_text(encoding="utf-8")
    journey_id = next(
        (line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:")),
        Path(EDITED).stem,
    )
    return f"journeys/{journey_id}/"


def _wait_for(url: str, text: str, timeout: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, body = fetch(url, timeout=timeout)
        if status == 200 and text in body:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise TimeoutError(f"{url} never showed {text!r}")


def edit_reload(
    root: Path, processes: list[list[str]], port: int, edits: int, field: str = "title: "
) -> list[float]:
    """Seconds from each edit to the page served with it, with `processes` running.

    The edit puts a new marker after the first `field` of the journey file: its title by
    default, `"action: "` for the text of its first step.
    """
    started = [
        subprocess.Popen(c, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for c in processes
    ]
    journey = root / EDITED
    original = journey.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/{_journey_url(root)}"
    try:
        _wait_for(url, "", timeout=900)
        times = []
        for edit in range(edits):
            marker = f"Edited{edit}x{time.time_ns()}"
            journey.write_text(original.replace(field, f"{field}{marker} ", 1), "utf-8")
            times.append(_wait_for(url, marker, timeout=900))
            print(f"{processes[-1][0]} edit -> reload: {times[-1]:.1f} s", file=sys.stderr)
            time.sleep(2)  # let the server settle before the next edit
        return times
    finally:
        journey.write_text(original, encoding="utf-8")
        for process in started:
            stop_process(process)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/hosts"))
    args = parser.parse_args(argv)
    root = _site(args.out.resolve() / f"n{args.n}", args.n)
    result: dict[str, Any] = {"n": args.n, **full_builds(root, args.repeats)}
    _clean_generated(root)
    port = free_port()
    result["mkdocs_serve_edit_reload_s"] = edit_reload(
        root, [[str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]], port, args.edits
    )
    port = free_port()
    generate_watch = [str(BIN / "mkdocs-touchpoints"), "generate", "-f", "mkdocs.zensical.yml"]
    subprocess.run(generate_watch, cwd=root, check=True, capture_output=True)
    zensical_serve = [str(BIN / "zensical"), "serve", "-f", "mkdocs.zensical.yml"]
    result["zensical_serve_edit_reload_s"] = edit_reload(
        root,
        [[*generate_watch, "--watch"], [*zensical_serve, "--dev-addr", f"127.0.0.1:{port}"]],
        port,
        args.edits,
    )
    result["machine"] = describe()
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
