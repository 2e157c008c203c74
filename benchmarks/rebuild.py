"""The plugin's time in a `mkdocs serve` rebuild after editing one journey.

python benchmarks/rebuild.py SITE_DIR   (SITE_DIR holds mkdocs.yml and journeys/)

Drives MkDocs in-process the way `mkdocs serve` does: `on_startup(command="serve")`,
a first build, then an edit of one journey file and a second build from a freshly
loaded config (MkDocs keeps the plugin instance across rebuilds because it has
`on_startup`). Every `on_*` hook of the plugin class is wrapped with a timer, and
the loader's `load_journey` with a counter, so the output says how long the
plugin took in each build and how many journey files it re-read. One JSON object
is printed on stdout.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_touchpoints.reading import loader

PLUGIN_NAME = "touchpoints"
SERVE_URL = "http://127.0.0.1:8000/"


class HookTimer:
    """Seconds spent in the plugin's hooks and journey files parsed, since the last reset."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.parsed = 0
        self.by_hook: dict[str, float] = {}

    def reset(self) -> None:
        """Start counting a new build."""
        self.seconds, self.parsed, self.by_hook = 0.0, 0, {}

    def wrap(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        """`method`, timed into `name`."""

        @functools.wraps(method)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent = time.perf_counter() - started
                self.seconds += spent
                self.by_hook[name] = self.by_hook.get(name, 0.0) + spent

        return timed

    def count(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function`, counted as one parsed journey file per call."""

        @functools.wraps(function)
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.parsed += 1
            return function(*args, **kwargs)

        return counted


def instrument(plugin_class: type, timer: HookTimer) -> None:
    """Time every hook the plugin class defines, and count journey parses."""
    for name in dir(plugin_class):
        if name.startswith("on_") and callable(getattr(plugin_class, name)):
            setattr(plugin_class, name, timer.wrap(name, getattr(plugin_class, name)))
    loader.load_journey = timer.count(loader.load_journey)  # type: ignore[assignment]


def edit_one_journey(journeys: Path) -> Path:
    """Change the title of one journey (the last file in path order); return its path."""
    target = sorted(p for p in journeys.rglob("*.yml") if not p.name.startswith("_"))[-1]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    return target


def _pages_rendered(plugin: Any) -> int | None:
    """Journey pages the plugin rendered (not reused from its page cache) in the last build."""
    cache = getattr(getattr(plugin, "builder", None), "journey_pages", None)
    return getattr(cache, "rendered", None)


def measure(site: Path) -> dict[str, Any]:
    """The plugin's seconds and parsed files in a cold build and in the rebuild after an edit."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    config_file = str(site / "mkdocs.yml")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as site_dir:

        def fresh_config() -> Any:
            config = load_config(config_file=config_file, site_dir=site_dir)
            config.site_url = SERVE_URL
            return config

        config = fresh_config()
        plugin = config.plugins[PLUGIN_NAME]
        timer = HookTimer()
        instrument(type(plugin), timer)
        config = fresh_config()  # hooks are collected when the config loads
        config.plugins.on_startup(command="serve", dirty=False)
        results: dict[str, Any] = {}
        try:
            for label in ("first_build", "rebuild"):
                if label == "rebuild":
                    edited = edit_one_journey(site / "journeys")
                    config = fresh_config()
                timer.reset()
                started = time.perf_counter()
                build(config, serve_url=SERVE_URL)
                results[label] = {
                    "build_seconds": time.perf_counter() - started,
                    "plugin_seconds": timer.seconds,
                    "journeys_parsed": timer.parsed,
                    "pages_rendered": _pages_rendered(plugin),
                    "hooks": dict(sorted(timer.by_hook.items(), key=lambda kv: -kv[1])[:5]),
                }
            results["same_plugin_instance"] = config.plugins[PLUGIN_NAME] is plugin
            page = Path(site_dir) / "journeys" / edited.stem / "index.html"
            results["edit_published"] = "Edited " in page.read_text(encoding="utf-8")
            results["plotly_imported"] = sorted(m for m in sys.modules if m.startswith("plotly"))
        finally:
            config.plugins.on_shutdown()
    return results


def main(argv: list[str]) -> None:
    """Measure the site given on the command line and print JSON."""
    (site,) = argv
    print(json.dumps(measure(Path(site))))


if __name__ == "__main__":
    main(sys.argv[1:])
