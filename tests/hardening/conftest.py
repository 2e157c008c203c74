"""Fixtures of the hardening tests: in-process builds, the payload site, a served folder
(optionally with a Content-Security-Policy header) and Debian's Chromium.

The browser launch reuses tests/browser's settings (path, flags, and the rule that
with CI=true a missing browser fails instead of skipping).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from browser.conftest import CHROMIUM, CHROMIUM_ARGS, unavailable
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.local_http import Served

from .payloads import PayloadSite, payload_site

T = TypeVar("T")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def _reset_plugin_cache() -> None:
    """MkDocs keeps plugins that define `on_startup` across `load_config` calls."""
    plugins = dict(MkDocsConfig._schema)["plugins"]
    plugins.plugin_cache.clear()  # type: ignore[attr-defined]


def build_in_process(
    config_file: Path, site_dir: Path, *, strict: bool = False, **overrides: Any
) -> Path:
    """`mkdocs build` of `config_file` into `site_dir`, in this process.

    Raises MkDocs' `Abort` when the build stops (a `PluginError` is logged and turned
    into `Abort` by MkDocs); any other exception is a bug.
    """
    _reset_plugin_cache()
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site_dir


def page_file(site_dir: Path, url: str) -> Path:
    """The HTML file of a site URL (`journeys/p00/`)."""
    path = site_dir / url
    return path / "index.html" if url.endswith("/") or not url else path


def generated_urls(site_dir: Path) -> list[str]:
    """The URLs of every journey and team page and the two index pages."""
    urls = []
    for folder in ("journeys", "teams"):
        urls += sorted(
            p.parent.relative_to(site_dir).as_posix() + "/"
            for p in (site_dir / folder).rglob("index.html")
        )
    return urls


@dataclass
class BuiltPayloadSite:
    """The payload site, built once and served."""

    source: PayloadSite
    site_dir: Path
    served: Served

    def html(self, url: str) -> str:
        return page_file(self.site_dir, url).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def payload_built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltPayloadSite]:
    """The payload site, built with the plugin (site_url = where it is served)."""
    site_dir = tmp_path_factory.mktemp("payload-site")
    served = Served(site_dir)
    try:
        source = payload_site(tmp_path_factory.mktemp("payload-source"), served.origin)
        build_in_process(source.config_file, site_dir)
        yield BuiltPayloadSite(source, site_dir, served)
    finally:
        served.close()


class BrowserThread:
    """Debian's Chromium, driven through Playwright from a thread of its own.

    Playwright's sync API allows one instance per thread, and tests/browser keeps its
    own alive for the whole session; so this browser lives in a worker thread, and
    `run(fn, ...)` calls `fn(browser, ...)` there (every Playwright object must be used
    by the thread that made it), returning its result or raising its exception.
    """

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright: Any = None
        try:
            self.browser = self._pool.submit(self._start).result()
        except BaseException:
            self._pool.shutdown()
            raise

    def _start(self) -> Any:
        try:
            from playwright.sync_api import Error, sync_playwright
        except ImportError:  # pragma: no cover - depends on the environment
            unavailable("playwright is not installed")
        if not CHROMIUM.exists():
            unavailable(f"no Chromium at {CHROMIUM}")
        self._playwright = sync_playwright().start()
        try:
            return self._playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
        except Error as error:  # pragma: no cover - depends on the environment
            self._playwright.stop()
            unavailable(f"Chromium does not start: {error}")

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self._pool.submit(fn, self.browser, *args).result()

    def close(self) -> None:
        def stop() -> None:
            self.browser.close()
            self._playwright.stop()

        try:
            self._pool.submit(stop).result()
        finally:
            self._pool.shutdown()


@pytest.fixture(scope="session")
def chromium() -> Iterator[BrowserThread]:
    """The hardening tests' Chromium (see BrowserThread)."""
    driver = BrowserThread()
    yield driver
    driver.close()
