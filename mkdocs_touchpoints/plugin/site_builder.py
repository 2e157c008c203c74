"""Between MkDocs and the pure core: load the journeys, add the pages and assets, shape the nav.

`plugin.TouchpointsPlugin` forwards each MkDocs event to one method here. The
page Markdown comes from `mkdocs_touchpoints.rendering.pages`, the nav sections from
`mkdocs_touchpoints.rendering.nav`, the serve-mode fallback from
`mkdocs_touchpoints.reading.resilience`; this module only adapts them to MkDocs.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from mkdocs_touchpoints.diff.page import ChangesPage, build_changes_page, read_base
from mkdocs_touchpoints.plugin.config import TouchpointsConfig
from mkdocs_touchpoints.reading.diagnostics import (
    Diagnostic,
    JourneyValidationError,
    Severity,
    SourceError,
    TouchpointsError,
)
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, TeamsSource
from mkdocs_touchpoints.reading.loader import TEAMS_FILE_NAME, ParseCache, load_folder
from mkdocs_touchpoints.reading.locate import locate
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.resilience import LastValid, PublishedHandbook, published
from mkdocs_touchpoints.rendering.charts import render_charts
from mkdocs_touchpoints.rendering.i18n import Labels, labels_for
from mkdocs_touchpoints.rendering.nav import NavPlan, plan_nav
from mkdocs_touchpoints.rendering.page_cache import JourneyPageCache, JourneyRenderer, page_settings
from mkdocs_touchpoints.rendering.pages import (
    ChangeMarks,
    GeneratedPage,
    PageContext,
    SiteLayout,
    holdings_by_team,
    journey_page,
    journeys_index_page,
    team_page,
    teams_index_page,
)
from mkdocs_touchpoints.rendering.pages.journey import TOUCHPOINT_TABLE_MARK

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parents[1] / "assets"
"""The plugin's own assets (touchpoints.js and touchpoints.css, from the charts work)."""
TOUCHPOINT_TABLE_ID = "tp-table"
"""The id the touchpoint table of a journey page gets (the charts refer to it)."""


def plotly_bundle() -> Path | None:
    """plotly.min.js from the installed plotly package, found without importing plotly."""
    spec = importlib.util.find_spec("plotly")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundle = Path(folder) / "package_data" / "plotly.min.js"
        if bundle.is_file():
            return bundle
    return None


def site_language(options: TouchpointsConfig, config: MkDocsConfig) -> str:
    """The plugin's `language`, else the theme's `language` (Material) or `locale` (mkdocs)."""
    if options.language:
        return options.language
    theme = config.theme
    for key in ("language", "locale"):
        value = theme.get(key) if theme is not None else None
        if value:
            return str(value)
    return "en"


def _display(path: Path, base: Path) -> str:
    """`path` as diagnostics show it: relative to the folder of mkdocs.yml, POSIX."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


@dataclass(slots=True)
class SiteInput:
    """What the page generators get: the published handbook and the build's settings."""

    journeys: list[JourneyFile]
    teams: list[Team]
    teams_source: TeamsSource
    ctx: PageContext
    options: TouchpointsConfig
    config_dir: Path
    holdings: Mapping[str, Any] = field(default_factory=dict)
    render_journey: JourneyRenderer = journey_page
    """Renders one journey page (the plugin passes its cache's `page`)."""
    changes: ChangesPage | None = None
    """The Changes page against `compare_to`, when that option is set."""


PageGenerator = Callable[[SiteInput], Iterable[GeneratedPage]]
"""A function adding pages to the site; `PAGE_GENERATORS` lists them in order."""


def journey_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The journeys index and one page per journey."""
    marks = None
    if site.changes is not None:
        levels = {journey: str(level) for journey, level in site.changes.marks.items()}
        marks = ChangeMarks(site.changes.page.src_uri, levels, site.changes.added)
    yield journeys_index_page(site.journeys, site.ctx, marks)
    for file in site.journeys:
        yield site.render_journey(file, site.ctx)


def team_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The teams index and one page per team."""
    yield teams_index_page(site.teams, site.holdings, site.ctx)
    for team in site.teams:
        yield team_page(team, site.holdings.get(team.id), site.ctx)


def changes_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The Changes page, with `compare_to` only."""
    if site.changes is not None:
        yield site.changes.page


PAGE_GENERATORS: list[PageGenerator] = [journey_pages, team_pages, changes_pages]
"""Each returns pages to add; a page of a kind the nav plan does not know (not `journey`,
`team` or an index) is appended to the nav as `{title: src}`."""
NAV_KINDS = frozenset({"journey", "team", "journeys-index", "teams-index"})


class _Known:
    """Source paths of the site: the files MkDocs found plus the pages about to be added."""

    def __init__(self, files: Files, planned: set[str]) -> None:
        self._files = files
        self._planned = planned

    def __contains__(self, src: object) -> bool:
        return src in self._planned or (
            isinstance(src, str) and self._files.get_file_from_path(src) is not None
        )


class SiteBuilder:
    """The plugin's state across the builds of one `mkdocs serve` (or the one build)."""

    def __init__(self) -> None:
        self.serving = False
        self.cache = ParseCache()
        self.journey_pages = JourneyPageCache()
        self.last_valid = LastValid()
        self.options: TouchpointsConfig | None = None
        self.layout = SiteLayout()
        self.labels: Labels = labels_for("en")
        self.journeys_dir = Path("journeys")
        self.teams_file = Path("journeys") / TEAMS_FILE_NAME
        self.config_dir = Path()
        self.assets: dict[str, Path] = {}
        self.nav_plan = NavPlan()
        self.journey_srcs: set[str] = set()

    # -- events --------------------------------------------------------------------------

    def startup(self, command: str) -> None:
        """`mkdocs serve` keeps broken journeys at their last valid version."""
        self.serving = command == "serve"

    def configure(self, options: TouchpointsConfig, config: MkDocsConfig) -> None:
        """Resolve the options against mkdocs.yml and register the CSS and JavaScript."""
        self.options = options
        self.config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.journeys_dir = self.config_dir / options.journeys_dir
        teams = options.teams_file
        self.teams_file = self.config_dir / teams if teams else self.journeys_dir / TEAMS_FILE_NAME
        journeys_url = options.journeys_url.rstrip("/")
        teams_url = options.teams_url.rstrip("/")
        if journeys_url == teams_url:
            raise PluginError(
                f"touchpoints: journeys_url and teams_url must differ (both '{journeys_url}/')"
            )
        self.layout = SiteLayout(journeys_url, teams_url, bool(config.use_directory_urls))
        self.labels = labels_for(site_language(options, config))
        self.assets = {p.name: p for p in sorted(ASSETS.glob("touchpoints.*")) if p.is_file()}
        bundle = plotly_bundle()
        if bundle is not None:
            self.assets["plotly.min.js"] = bundle
        else:
            log.warning("plotly.min.js not found in the plotly package; charts will not draw")
        if "touchpoints.css" in self.assets:
            config.extra_css.append(self.layout.asset("touchpoints.css"))
        if "touchpoints.js" in self.assets:
            config.extra_javascript.append(self.layout.asset("touchpoints.js"))

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Load the journeys, then add their pages, the assets and the nav sections."""
        assert self.options is not None
        started = time.perf_counter()
        handbook = self._load()
        site = self._published(handbook)
        planned = self._planned_paths(site)
        ctx = PageContext(
            self.labels,
            self.layout,
            {t.id: t for t in site.teams},
            functools.partial(render_charts, dark_schemes=self.options.dark_schemes),
            _Known(files, planned),
        )
        data = SiteInput(
            site.journeys,
            site.teams,
            handbook.teams_source,
            ctx,
            self.options,
            self.config_dir,
            holdings_by_team(site.journeys),
            render_journey=self.journey_pages.page,
            changes=self._changes(site, handbook.teams_source, ctx),
        )
        dark_schemes = tuple(self.options.dark_schemes)
        site_paths = [*planned, *(f.src_uri for f in files)]
        self.journey_pages.begin(
            page_settings(self.labels, self.layout, site.teams, site_paths, dark_schemes)
        )
        sources = {self.layout.journey(f.id): f for f in site.journeys}
        pages = [page for generate in PAGE_GENERATORS for page in generate(data)]
        self._report_broken_links(pages, sources, handbook.teams_source, site.teams)
        added = self._add_pages(pages, sources, files, config)
        self.journey_srcs = {p.src_uri for p in added if p.kind == "journey"}
        self._add_assets(files, config)
        self._plan_nav(site, added, files, config)
        seconds = time.perf_counter() - started
        log.info(f"{len(site.journeys)} journeys, {len(site.teams)} teams in {seconds:.1f} s")
        return files

    def _changes(
        self, site: PublishedHandbook, teams: TeamsSource, ctx: PageContext
    ) -> ChangesPage | None:
        """The Changes page against the `compare_to` revision, or None without that option."""
        assert self.options is not None
        revision = self.options.compare_to
        if not revision:
            return None
        journeys_dir = self.config_dir / self.options.journeys_dir
        try:
            base = read_base(revision, journeys_dir, self.config_dir)
        except JourneyValidationError as exc:
            lines = "\n".join(d.format() for d in exc.diagnostics)
            raise PluginError(
                f"compare_to: the journeys of {revision} have errors:\n{lines}"
            ) from None
        except SourceError as exc:
            raise PluginError(f"compare_to: {exc}") from None
        head = Handbook(list(site.journeys), list(site.teams), teams)
        return build_changes_page(revision, base, head, ctx, dark_schemes=self.options.dark_schemes)

    def shape_nav(self, nav: Navigation, files: Files) -> Navigation:
        """Past the threshold, add one link per folder under the Journeys section."""
        if not self.nav_plan.folder_links:
            return nav
        index = files.get_file_from_path(self.layout.journeys_index)
        section = index.page.parent if index is not None and index.page is not None else None
        if section is None or section.children is None:
            return nav
        for title, url in self.nav_plan.folder_links:
            link = Link(title, url)
            link.parent = section
            section.children.append(link)
        return nav

    def finish_page(self, html: str, page: Page) -> str:
        """Give the touchpoint table of a journey page its id."""
        if page.file.src_uri not in self.journey_srcs:
            return html
        start = html.find(TOUCHPOINT_TABLE_MARK)
        table = html.find("<table", start)
        if start < 0 or table < 0:
            return html
        opened = f'<table id="{TOUCHPOINT_TABLE_ID}"'
        return html[:start] + opened + html[table + len("<table") :]

    def watch(self, server: LiveReloadServer) -> LiveReloadServer:
        """Rebuild when a journey or the teams file changes."""
        self.serving = True
        if self.journeys_dir.is_dir():
            server.watch(str(self.journeys_dir))
        if self.teams_file.is_file() and not self.teams_file.is_relative_to(self.journeys_dir):
            server.watch(str(self.teams_file))
        return server

    # -- steps ---------------------------------------------------------------------------

    def _load(self) -> Handbook:
        display = _display(self.journeys_dir, self.config_dir)
        if gc.get_freeze_count():
            # A rebuild (serve): what the last build froze, now garbage for the most part,
            # must be collected before freezing again, or each rebuild leaks a build's worth.
            gc.unfreeze()
            gc.collect()
        try:
            if (
                self.options is not None
                and self.options.teams_file
                and not self.teams_file.is_file()
            ):
                shown = _display(self.teams_file, self.config_dir)
                raise SourceError(f"teams file not found: {shown} (plugin option teams_file)")
            handbook = load_folder(
                self.journeys_dir,
                self.teams_file,
                display_base=display,
                teams_display=_display(self.teams_file, self.config_dir),
                cache=self.cache if self.serving else None,  # a one-off build reuses nothing
            )
        except TouchpointsError as error:
            if not self.serving:
                raise PluginError(f"touchpoints: {error}") from None
            log.error(str(error))
            return Handbook([], [], TeamsSource())
        # The handbook (~480 tracked objects per journey) lives to the end of the build;
        # frozen, the cyclic collector stops re-scanning it on every full collection
        # (0.8 s of CPU at 1,000 journeys, see docs/performance.md).
        gc.freeze()
        return handbook

    def _published(self, handbook: Handbook) -> PublishedHandbook:
        """Log the diagnostics; stop a build on errors, keep last valid versions in serve."""
        for warning in handbook.warnings:
            log.warning(warning.format())
        errors = handbook.errors
        if not self.serving:
            if errors:
                lines = "\n".join(d.format() for d in errors)
                raise PluginError(f"{len(errors)} error(s) in the journeys:\n{lines}")
            return published(handbook)
        for error in errors:
            log.error(error.format())
        site = self.last_valid.publish(handbook)
        for path in site.kept:
            log.info(f"{path}: showing its last valid version until the errors are fixed")
        if site.teams_kept:
            log.info(f"{handbook.teams_source.display}: using its last valid version")
        return site

    def _planned_paths(self, site: PublishedHandbook) -> set[str]:
        layout = self.layout
        planned = {layout.journeys_index, layout.teams_index}
        planned.update(layout.journey(f.id) for f in site.journeys)
        planned.update(layout.team(t.id) for t in site.teams)
        return planned

    def _report_broken_links(
        self,
        pages: list[GeneratedPage],
        sources: Mapping[str, JourneyFile],
        teams_source: TeamsSource,
        teams: list[Team],
    ) -> None:
        team_index = {t.id: i for i, t in enumerate(teams_source.declared or [])}
        for page in pages:
            for broken in page.broken_links:
                journey = sources.get(page.src_uri) if page.kind == "journey" else None
                if journey is not None:
                    path, tree, where = journey.display, journey.tree, broken.field
                elif page.kind == "team" and page.key in team_index and teams_source.tree:
                    path, tree = teams_source.display or "", teams_source.tree
                    where = ("teams", team_index[page.key], *broken.field)
                else:
                    log.warning(
                        f"{page.src_uri}: a description links to '{broken.target}', "
                        "which is not a file of the site"
                    )
                    continue
                mark = locate(tree, where)
                message = f"description links to '{broken.target}', which is not a file of the site"
                diagnostic = Diagnostic(
                    path, mark.line, mark.column, Severity.WARNING, "broken-link", message
                )
                log.warning(diagnostic.format())

    def _add_pages(
        self,
        pages: list[GeneratedPage],
        sources: Mapping[str, JourneyFile],
        files: Files,
        config: MkDocsConfig,
    ) -> list[GeneratedPage]:
        """Add the pages a hand-written page does not hide; edit links point at the YAML."""
        docs_dir = Path(config.docs_dir)
        added = []
        for page in pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(
                    f"{page.src_uri} in the docs folder hides the page the plugin generates "
                    "there; the hand-written page is used"
                )
                continue
            file = File.generated(
                config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            source = self._source_of(page, sources)
            if source is not None:
                # Percent-encoded: themes print the edit URL raw into an href attribute,
                # and a journey file's name is contributor text (`a"<b>.yml`).
                file.edit_uri = quote(Path(os.path.relpath(source, docs_dir)).as_posix())
            files.append(file)
            added.append(page)
        return added

    def _source_of(self, page: GeneratedPage, sources: Mapping[str, JourneyFile]) -> Path | None:
        if page.kind == "journey" and page.src_uri in sources:
            return self.journeys_dir / sources[page.src_uri].rel
        if page.kind in ("team", "teams-index") and self.teams_file.is_file():
            return self.teams_file
        return None

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        for name, path in self.assets.items():
            src = self.layout.asset(name)
            if files.get_file_from_path(src) is not None:
                log.warning(f"{src} in the docs folder hides the plugin's own {name}")
                continue
            files.append(File.generated(config, src, abs_src_path=str(path)))

    def _plan_nav(
        self,
        site: PublishedHandbook,
        added: list[GeneratedPage],
        files: Files,
        config: MkDocsConfig,
    ) -> None:
        assert self.options is not None
        self.nav_plan = NavPlan()
        if not self.options.nav.append:
            return
        user_nav = config.nav
        plan = plan_nav(
            site.journeys,
            site.teams,
            self.labels,
            self.layout,
            threshold=self.options.nav.threshold,
            max_folders=self.options.nav.max_folders,
            user_nav=user_nav,
        )
        extra = [{escape(p.title): p.src_uri} for p in added if p.kind not in NAV_KINDS]
        plan.sections.extend(extra)
        self.nav_plan = plan
        if not plan.sections:
            return
        if user_nav is None:
            pages = sorted(files.documentation_pages(), key=file_sort_key)
            user_nav = nest_paths(f.src_uri for f in pages if f.inclusion.is_in_nav())
        config.nav = [*user_nav, *plan.sections]
