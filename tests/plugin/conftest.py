"""Fixtures of the plugin tests: small sites written into tmp_path and built for real.

`build_site` builds in this process (fast; MkDocs' own `build`), `run_tool`
runs the `mkdocs` or `properdocs` command in a subprocess (needed for
properdocs, which redirects every `mkdocs.*` import).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from tests.journey_text import TEAMS, journey_yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Site:
    """A fixture site on disk."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def page(self, url: str) -> str:
        """The built HTML at a site URL (`journeys/a/`)."""
        path = self.site_dir / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


def make_site(
    root: Path,
    journeys: Mapping[str, str] | None = None,
    *,
    teams: str | None = TEAMS,
    theme: str = "material",
    theme_options: Mapping[str, object] | None = None,
    options: Mapping[str, object] | None = None,
    extra: str = "",
    docs: Mapping[str, str] | None = None,
) -> Site:
    """Write mkdocs.yml (plugin `options`, `extra` top-level YAML), docs/ and journeys/."""
    site = Site(root)
    config = {
        "site_name": "Fixture",
        "theme": {"name": theme, **(theme_options or {})},
        "plugins": [{"touchpoints": dict(options or {})}],
    }
    site.write("mkdocs.yml", yaml.safe_dump(config, sort_keys=False) + textwrap.dedent(extra))
    for rel, text in (docs or {"index.md": "# Home\n"}).items():
        site.write(f"docs/{rel}", text)
    for rel, text in (journeys if journeys is not None else {"a.yml": journey_yaml()}).items():
        site.write(f"journeys/{rel}", text)
    if teams is not None:
        site.write("journeys/_teams.yml", teams)
    return site


@pytest.fixture
def new_site(tmp_path: Path) -> Callable[..., Site]:
    """`new_site(journeys, teams=..., theme=..., extra=..., docs=...)` in a fresh folder."""
    counter = iter(range(1000))

    def make(journeys: Mapping[str, str] | None = None, **kwargs: object) -> Site:
        return make_site(tmp_path / f"site{next(counter)}", journeys, **kwargs)  # type: ignore[arg-type]

    return make


def _reset_plugin_cache() -> None:
    """MkDocs keeps plugins with `on_startup` across `load_config` calls: start fresh."""
    plugins = dict(MkDocsConfig._schema)["plugins"]
    plugins.plugin_cache.clear()  # type: ignore[attr-defined]


def build_site(site: Site, *, strict: bool = True, **options: object) -> Site:
    """Build `site` in this process (raises MkDocs' Abort on failure)."""
    _reset_plugin_cache()
    config = load_config(
        str(site.config_file), site_dir=str(site.site_dir), strict=strict, **options
    )
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


@pytest.fixture
def build_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Captured MkDocs log records (warnings and errors of the build)."""
    caplog.set_level(logging.INFO, logger="mkdocs")
    yield caplog


def run_tool(
    tool: str,
    site: Site | Path,
    *args: str,
    timeout: float = 120,
    preexec_fn: Callable[[], object] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` or `properdocs build` on a site, in a subprocess.

    `preexec_fn` runs in the child before the tool (to cap its memory, say).
    """
    config = site.config_file if isinstance(site, Site) else site
    env = {**os.environ, "DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [str(BIN / tool), "build", "-f", str(config), *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
        preexec_fn=preexec_fn,
    )


class LinkCollector(HTMLParser):
    """Every href and every id of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def links_and_ids(html: str) -> LinkCollector:
    """Parse a page for its links and ids."""
    collector = LinkCollector()
    collector.feed(html)
    return collector
