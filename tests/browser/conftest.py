"""Real-browser fixtures: a built fixture site served on 127.0.0.1 and Debian's Chromium.

With CI=true a missing browser (or Playwright) fails the run instead of skipping it.
`--screenshots` enables the screenshot test (`make screenshots`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mkdocs_touchpoints.cli import main
from tests.local_http import Served

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
FIXTURE_SITE = HERE / "fixture_site"
CHROMIUM = Path(os.environ.get("TOUCHPOINTS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BUILD_SCRIPT = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_url=sys.argv[2], site_dir=sys.argv[3], strict=True)
build(config)
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="write docs/img/{journey,steps}-{light,dark,phone}.png from the example handbook",
    )


def unavailable(reason: str) -> None:
    """Skip, or fail when CI=true: CI must run the browser tests."""
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


CELL_CENTRE = """([sel, column, row]) => {
  const gd = document.querySelector(sel);
  const box = gd.getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  return [box.left + xa._offset + xa.d2p(gd.data[0].x[column]),
          box.top + ya._offset + ya.d2p(gd.data[0].y[row])];
}"""
"""Page coordinates of a heatmap cell: `page.evaluate(CELL_CENTRE, [selector, column, row])`."""


def build_site(config_file: Path, site_url: str, site_dir: Path) -> None:
    """`mkdocs build --strict` of a config, with site_url set to where it is served."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD_SCRIPT, str(config_file), site_url, str(site_dir)],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def serve_built(config_file: Path, out: Path) -> Served:
    """Start a server on a free port, then build the site into the folder it serves."""
    out.mkdir(parents=True, exist_ok=True)
    served = Served(out)
    try:
        build_site(config_file, served.url(), out)
    except BaseException:
        served.close()
        raise
    return served


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture site of tests/browser/site, built with the plugin and served."""
    source = tmp_path_factory.mktemp("fixture-source")
    shutil.copytree(FIXTURE_SITE, source, dirs_exist_ok=True)
    served = serve_built(source / "mkdocs.yml", tmp_path_factory.mktemp("fixture-site"))
    yield served
    served.close()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example handbook of the repository (mkdocs.yml, docs/, journeys/), served."""
    served = serve_built(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("example-site"))
    yield served
    served.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as error:  # pragma: no cover - depends on the environment
            unavailable(f"Chromium does not start: {error}")
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that a clean page must not: console errors, errors, outside requests."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.outside == [], self.outside


def watched_page(browser: Any, origin: str, **context: Any) -> tuple[Any, Any, Watch]:
    """A new context and page that record console errors and requests leaving the origin."""
    ctx = browser.new_context(**context)
    page, watch = watch_page(ctx.new_page(), origin)
    return ctx, page, watch


def watch_page(page: Any, origin: str) -> tuple[Any, Watch]:
    """Record the console errors of a page and its requests leaving the origin."""
    watch = Watch()
    page.on(
        "console",
        lambda message: (
            watch.errors.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: watch.errors.append(f"page error: {error}"))

    def on_failure(request: Any) -> None:
        # A request cut short by the next navigation (a late favicon) is not an error.
        if request.failure != "net::ERR_ABORTED":
            watch.errors.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", on_failure)

    def on_request(request: Any) -> None:
        watch.requests.append(request.url)
        if not request.url.startswith(origin + "/") and not request.url.startswith("data:"):
            watch.outside.append(request.url)

    page.on("request", on_request)
    return page, watch


@pytest.fixture(scope="session")
def desktop(browser: Any) -> Iterator[Any]:
    """One desktop-sized browser context for the fixture-site tests (its HTTP cache keeps
    plotly-cartesian.min.js between tests)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page_and_watch(desktop: Any, fixture_site: Served) -> Iterator[tuple[Any, Watch]]:
    """A fresh page on the fixture site, in the light palette, and its watch."""
    page, watch = watch_page(desktop.new_page(), fixture_site.origin)
    yield page, watch
    if page.url.startswith(fixture_site.origin):
        page.evaluate("localStorage.clear()")  # Material keeps the chosen palette there
    page.close()


ZENSICAL = Path(sys.executable).parent / "zensical"
"""Zensical's command in the project's venv (pinned in the dev extras and the lock)."""


def generate_and_build_with_zensical(config_file: Path) -> None:
    """`generate --strict`, then `zensical build --strict --clean`, as a user runs them."""
    assert main(["generate", "-f", str(config_file), "--strict"]) == 0
    result = subprocess.run(
        [str(ZENSICAL), "build", "-f", str(config_file), "--strict", "--clean"],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
