"""`mkdocs-touchpoints generate`: the plugin's pages and assets as files, for Zensical.

Hosts that run Python-Markdown but not MkDocs plugins (Zensical) build the
same handbook from files: this command calls the site pipeline with the
options of the `touchpoints` entry in mkdocs.yml and writes its pages and
assets into the docs folder through `DocsWriter` (only what changed; never a
hand-written file; never through a symbolic link). `--watch` polls the
journeys folder and the teams file and generates again on each change.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs_touchpoints.cli.site_config import SiteConfig, read_site_config
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.report import as_text
from mkdocs_touchpoints.rendering.docs_writer import MANIFEST_NAME, DocsWriter, WriteReport
from mkdocs_touchpoints.rendering.pipeline import (
    SiteSettings,
    build_site,
    load_handbook,
    site_assets,
)

if TYPE_CHECKING:
    from mkdocs_touchpoints.plugin.options import TouchpointsConfig

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
ASSET_LINES = (
    ("extra_css", "touchpoints.css"),
    ("extra_javascript", "touchpoints.js"),
)
"""The config lists that must name the plugin's CSS and JavaScript (the plugin adds them)."""
POLL_SECONDS = 0.5


@dataclass(slots=True)
class GenerateResult:
    """The outcome of one run: diagnostics, config warnings and what was written."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: WriteReport | None = None

    def exit_code(self, strict: bool) -> int:
        """1 on errors (or on warnings with `strict`), else 0."""
        if any(d.severity is Severity.ERROR for d in self.diagnostics):
            return EXIT_PROBLEMS
        if self.report is not None and self.report.errors:
            return EXIT_PROBLEMS
        warned = self.warnings or self.diagnostics or (self.report and self.report.left)
        return EXIT_PROBLEMS if strict and warned else EXIT_OK

    def render_text(self) -> str:
        """Diagnostics, warnings, then the write report."""
        text = as_text(self.diagnostics) + "".join(f"warning: {w}\n" for w in self.warnings)
        if self.report is not None:
            text += self.report.render_text()
        return text


def options_of(config: SiteConfig) -> TouchpointsConfig:
    """The `touchpoints` options, validated as the plugin validates them (its own Config)."""
    # Imported here: the Config classes import MkDocs, which the other subcommands never need.
    from mkdocs_touchpoints.plugin.options import TouchpointsConfig

    options = TouchpointsConfig(config_file_path=str(config.path))
    options.load_dict(dict(config.options))
    failed, warnings = options.validate()
    if failed:
        problems = "; ".join(f"{name}: {error}" for name, error in failed)
        raise SourceError(f"{config.path}: plugins.touchpoints: {problems}")
    for name, warning in warnings:
        print(f"warning: {config.path}: plugins.touchpoints.{name}: {warning}", file=sys.stderr)
    return options


def settings_of(config: SiteConfig) -> SiteSettings:
    """The pipeline's settings for the site of `config`.

    Links in raw HTML are source paths: Zensical resolves and checks them like
    Markdown links (MkDocs, through the plugin, needs final URLs there).
    """
    from mkdocs_touchpoints.plugin.options import site_settings

    settings = site_settings(
        options_of(config),
        config.path,
        use_directory_urls=config.use_directory_urls,
        theme_language=config.theme_language,
        nav=config.nav,
    )
    return replace(settings, source_links=True)


def missing_asset_lines(config: SiteConfig, settings: SiteSettings) -> list[str]:
    """A warning per asset line the config lacks (the plugin adds them; Zensical needs them)."""
    listed = {"extra_css": config.extra_css, "extra_javascript": config.extra_javascript}
    warnings = []
    for key, name in ASSET_LINES:
        path = settings.layout.asset(name)
        if path not in listed[key]:
            warnings.append(f"{config.path.name}: add '{path}' under {key}, or the charts lack it")
    return warnings


def _docs_files(docs_dir: Path, generated: set[str]) -> frozenset[str]:
    """Docs-relative paths of the files in the docs folder that generate did not write."""
    if not docs_dir.is_dir():
        return frozenset()
    return frozenset(
        rel
        for path in docs_dir.rglob("*")
        if path.is_file() and (rel := path.relative_to(docs_dir).as_posix()) not in generated
    )


def generate(config: SiteConfig, *, assets_only: bool = False) -> GenerateResult:
    """Generate once: load, build the site, write what changed. Raises SourceError."""
    settings = settings_of(config)
    writer = DocsWriter(config.docs_dir, config.path.parent / MANIFEST_NAME)
    result = GenerateResult(warnings=missing_asset_lines(config, settings))
    layout = settings.layout
    if assets_only:
        assets, problems = site_assets()
        result.diagnostics.extend(problems)
        outputs = {layout.asset(name): path.read_bytes() for name, path in assets.items()}
        result.report = writer.sync(outputs)
        return result
    handbook = load_handbook(settings)
    result.diagnostics.extend(handbook.diagnostics)
    if handbook.errors:
        return result  # nothing is written from journeys with errors
    site = build_site(handbook, settings, _docs_files(config.docs_dir, writer.generated_paths()))
    result.diagnostics.extend(site.diagnostics)
    outputs = {page.src_uri: page.markdown.encode("utf-8") for page in site.pages}
    outputs.update(
        {site.layout.asset(name): path.read_bytes() for name, path in site.assets.items()}
    )
    result.report = writer.sync(outputs)
    return result


def _watched_state(settings: SiteSettings) -> tuple[tuple[str, int, int], ...]:
    """Path, size and mtime of every file under the journeys folder and of the teams file."""

    def entries() -> Iterator[tuple[str, int, int]]:
        roots = [settings.journeys_dir, settings.teams_file]
        for root in roots:
            paths = sorted(root.rglob("*")) if root.is_dir() else [root]
            for path in paths:
                try:
                    info = path.stat()
                except OSError:
                    continue
                yield str(path), info.st_size, info.st_mtime_ns

    return tuple(entries())


def _run_once(config: SiteConfig, args: argparse.Namespace) -> int:
    result = generate(config, assets_only=args.assets_only)
    sys.stderr.write(result.render_text())
    return result.exit_code(args.strict)


def run(args: argparse.Namespace) -> int:
    """The `generate` subcommand."""
    config = read_site_config(Path(args.config_file))
    if not args.watch:
        return _run_once(config, args)
    settings = settings_of(config)
    # Taken before the first run: an edit made while it runs is seen by the first poll.
    state = _watched_state(settings)
    code = _run_once(config, args)
    print(f"watching {settings.journeys_dir} (Ctrl+C to stop)", file=sys.stderr)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            current = _watched_state(settings)
            if current != state:
                state = current
                try:
                    _run_once(config, args)
                except SourceError as error:  # a folder gone for a moment: report, keep watching
                    print(f"mkdocs-touchpoints: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        return code


def add_arguments(sub: argparse._SubParsersAction) -> None:
    """The `generate` parser."""
    parser = sub.add_parser(
        "generate",
        help="write the handbook's pages and assets into the docs folder (for Zensical)",
    )
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="the site's config (mkdocs.yml)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--assets-only", action="store_true", help="write only the assets (sites using the fence)"
    )
    parser.add_argument(
        "--watch", action="store_true", help="generate again whenever a journey file changes"
    )
    parser.set_defaults(run=run)
