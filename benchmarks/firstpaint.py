"""First paint of the heatmap in Chromium: direct load and instant navigation, cold and warm.

python benchmarks/firstpaint.py [--repeats 3] [--journeys 3] [--language es] [--code DIR]

A small synthetic handbook (benchmarks/generate.py; Spanish by default, as in issue 15) is
built with the plugin and served from 127.0.0.1 on the port its site_url names (Material's
instant navigation follows only links under site_url). Debian's Chromium, driven by
Playwright as in tests/browser, measures:

- direct load: from navigation start until the heatmap's touchpoint names and cell values
  are on screen (a requestAnimationFrame poll: the frame that paints them);
- instant navigation: from the click on a journey in the journeys index until the same;
- for both, when the interactive Plotly chart stands (`data-tp-rendered=true`), and the
  cumulative layout shift (CLS) until then plus a short settle.

Cold = a new browser context (empty cache); warm = the same context once more. Each figure
is the median of `--repeats` runs. `--code DIR` builds with the mkdocs_touchpoints found in
DIR (an older checkout, for a before/after comparison); the browser side is the same.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from generate import Shape, generate  # noqa: E402

from tests.browser.conftest import BUILD_SCRIPT, CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.local_http import Served  # noqa: E402

HEATMAP = ".tp-plot[data-tp-chart=heatmap]"
SETTLE_MS = 400
"""How long after the interactive chart stands layout shifts still count."""
TIMEOUT_MS = 20_000

WATCH = """(() => {
  const HEATMAP = "__HEATMAP__";
  window.__tpShifts = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__tpShifts.push([entry.startTime, entry.value]);
      }
    }).observe({ type: "layout-shift", buffered: true });
  } catch (error) {}
  function onScreen(element) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && box.top < innerHeight && box.bottom > 0 &&
      style.visibility !== "hidden" && style.opacity !== "0";
  }
  /* The touchpoint names and the cell values of the heatmap, drawn statically or by Plotly. */
  function shown() {
    const gd = document.querySelector(HEATMAP);
    if (!gd || !onScreen(gd)) return false;
    const names = Array.from(gd.querySelectorAll("text.ytick, .ytick text")).filter(onScreen);
    const rendered = gd.getAttribute("data-tp-rendered") === "true";
    const values = Array.from(gd.querySelectorAll(".tp-cell text")).filter(onScreen);
    return names.length > 0 && (values.length > 0 || rendered);
  }
  function interactive() {
    const gd = document.querySelector(HEATMAP);
    return !!gd && gd.getAttribute("data-tp-rendered") === "true" &&
      gd.classList.contains("js-plotly-plot");
  }
  /* Resolve with the times (ms after `start`) the heatmap shows and becomes interactive. */
  window.__tpWatch = (start) => new Promise((resolve) => {
    const result = { visible: null, interactive: null };
    function frame() {
      const now = performance.now();
      if (result.visible === null && shown()) result.visible = now - start;
      if (result.interactive === null && interactive()) result.interactive = now - start;
      if (result.visible !== null && result.interactive !== null) {
        setTimeout(() => {
          result.cls = window.__tpShifts
            .filter(([time]) => time >= start)
            .reduce((sum, [, value]) => sum + value, 0);
          resolve(result);
        }, __SETTLE__);
      } else {
        requestAnimationFrame(frame);
      }
    }
    requestAnimationFrame(frame);
  });
  window.__tpDirect = window.__tpWatch(0);
})();""".replace("__HEATMAP__", HEATMAP).replace("__SETTLE__", str(SETTLE_MS))

CLICK = """([selector]) => {
  window.__tpSameDocument = true;
  const start = performance.now();
  const watching = window.__tpWatch(start);
  document.querySelector(selector).click();
  return watching.then((result) => Object.assign(result, { same: window.__tpSameDocument }));
}"""


@dataclass
class Path_:
    """The runs of one path (direct or instant), cold and warm."""

    cold: list[dict[str, float]] = field(default_factory=list)
    warm: list[dict[str, float]] = field(default_factory=list)


def build(root: Path, site_url: str, site_dir: Path, code: Path | None) -> None:
    """`mkdocs build --strict` of root/mkdocs.yml at site_url, with `code` first on the path."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    command = [sys.executable, "-c", BUILD_SCRIPT, str(root / "mkdocs.yml"), site_url]
    result = subprocess.run(
        [*command, str(site_dir)], cwd=root, capture_output=True, text=True, env=env, check=False
    )
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stdout}{result.stderr}")


def write_site(root: Path, journeys: int, language: str) -> None:
    """A Material site with instant navigation and the plugin over a synthetic handbook."""
    generate(root, Shape(journeys=journeys, teams=min(journeys, 20)))
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Manual\n\n[Viajes](journeys/index.md)\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Manual de viajes\n"
        "site_url: http://127.0.0.1:8000/\n"
        "theme:\n"
        "  name: material\n"
        f"  language: {language}\n"
        "  font: false\n"
        "  features: [navigation.instant]\n"
        "plugins:\n"
        "  - touchpoints\n",
        encoding="utf-8",
    )


def direct(context: Any, url: str) -> dict[str, float]:
    page = context.new_page()
    page.add_init_script(WATCH)
    page.goto(url, wait_until="commit")
    page.set_default_timeout(TIMEOUT_MS)
    result = page.evaluate("() => window.__tpDirect")
    page.close()
    return result


def instant(context: Any, index_url: str, link: str, attempts: int = 3) -> dict[str, float]:
    """One instant navigation; retried when the click came before Material was ready for it
    (then the browser loads the page in full, which is not what this measures)."""
    from playwright.sync_api import Error

    for _ in range(attempts):
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.add_init_script(WATCH)
        page.goto(index_url, wait_until="load")
        page.wait_for_load_state("networkidle")  # Material wires instant navigation after load
        try:
            result = page.evaluate(CLICK, [link])
        except Error:  # the document went away: a full page load
            result = {}
        page.close()
        if result.pop("same", False):
            return result
    raise SystemExit("the click was never an instant navigation (site_url and port?)")


def measure(browser: Any, served: Served, repeats: int, journey: str) -> dict[str, Path_]:
    url = served.url(f"journeys/{journey}/")
    index = served.url("journeys/")
    link = f".md-content a[href$='{journey}/']"
    paths = {"direct load": Path_(), "instant navigation": Path_()}
    for _ in range(repeats):
        for name, run in (
            ("direct load", lambda c: direct(c, url)),
            ("instant navigation", lambda c: instant(c, index, link)),
        ):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            paths[name].cold.append(run(context))
            paths[name].warm.append(run(context))
            context.close()
    return paths


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def report(paths: dict[str, Path_]) -> list[str]:
    """One line per path and cache state: medians of visible, interactive and CLS."""
    lines = []
    for name, runs in paths.items():
        for state in ("cold", "warm"):
            done = getattr(runs, state)
            lines.append(
                f"{name:<19} {state}: heatmap visible {_median(done, 'visible'):6.0f} ms,"
                f" interactive {_median(done, 'interactive'):6.0f} ms,"
                f" CLS {_median(done, 'cls'):.3f} (max {max(r['cls'] for r in done):.3f})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Build, serve, measure; print the medians and write out/firstpaint.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--journeys", type=int, default=3)
    parser.add_argument("--language", default="es")
    parser.add_argument("--code", type=Path, default=None, help="mkdocs_touchpoints from DIR")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print(f"first paint: skipped, no Chromium at {CHROMIUM}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="tp-firstpaint-"))
    site_dir = work / "site"
    site_dir.mkdir()
    served = Served(site_dir)
    try:
        write_site(work / "source", args.journeys, args.language)
        build(work / "source", served.url(), site_dir, args.code)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            paths = measure(browser, served, args.repeats, "journey-1")
            browser.close()
    finally:
        served.close()
        shutil.rmtree(work, ignore_errors=True)
    lines = report(paths)
    print(f"first paint ({args.journeys} journeys, '{args.language}', medians of {args.repeats}):")
    print("\n".join(f"  {line}" for line in lines))
    args.out.mkdir(parents=True, exist_ok=True)
    raw = {name: {"cold": p.cold, "warm": p.warm} for name, p in paths.items()}
    (args.out / "firstpaint.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
