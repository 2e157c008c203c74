"""Between MkDocs and the pipeline: load, call `build_site`, hand MkDocs the results.

`plugin.TouchpointsPlugin` forwards each MkDocs event to one method here.
Everything generated comes from `mkdocs_touchpoints.rendering.pipeline.build_site`
(the same call `generate`, the golden tests and the benchmarks make); this
module only converts the MkDocs config to `SiteSettings`, turns pages into
`File.generated`, logs the diagnostics and raises `PluginError` at the boundary.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from mkdocs_touchpoints.plugin.options import TouchpointsConfig, site_settings
from mkdocs_touchpoints.reading.diagnostics import (
    Diagnostic,
    Severity,
    TouchpointsError,
)
from mkdocs_touchpoints.reading.handbook import Handbook, TeamsSource
from mkdocs_touchpoints.reading.loader import ParseCache
from mkdocs_touchpoints.reading.resilience import LastValid, PublishedHandbook, published
from mkdocs_touchpoints.rendering.deferred import DeferredJourneyPages
from mkdocs_touchpoints.rendering.docs_writer import MANIFEST_NAME, DocsWriter
from mkdocs_touchpoints.rendering.embed import register, source_of
from mkdocs_touchpoints.rendering.late import LateResult, LateWorker, in_background
from mkdocs_touchpoints.rendering.late_parts import fill
from mkdocs_touchpoints.rendering.nav import NavPlan
from mkdocs_touchpoints.rendering.page_cache import JourneyPageCache
from mkdocs_touchpoints.rendering.page_files import CACHE_DIR, PageFiles
from mkdocs_touchpoints.rendering.pages import SiteLayout
from mkdocs_touchpoints.rendering.pipeline import (
    GeneratedSite,
    SiteError,
    SiteSettings,
    build_site,
    load_handbook,
)
from mkdocs_touchpoints.sinks.terminal import escape

log = get_plugin_logger(__name__)


def theme_language(config: MkDocsConfig) -> str | None:
    """The theme's `language` (Material) or `locale` (MkDocs' own theme), if set."""
    theme = config.theme
    for key in ("language", "locale"):
        value = theme.get(key) if theme is not None else None
        if value:
            return str(value)
    return None


def log_diagnostic(diagnostic: Diagnostic) -> None:
    """One diagnostic at its level, so `mkdocs build --strict` counts the warnings."""
    if diagnostic.severity is Severity.ERROR:
        log.error(diagnostic.format())
    else:
        log.warning(diagnostic.format())


class SiteBuilder:
    """The plugin's state across the builds of one `mkdocs serve` (or the one build)."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        """`mkdocs serve --dirty`: generated pages are backed by files (see `page_files`)."""
        self.page_files: PageFiles | None = None
        self.cache = ParseCache()
        self.journey_pages = JourneyPageCache()
        self.last_valid = LastValid()
        self.settings = SiteSettings()
        self.layout = SiteLayout()
        self.nav_plan = NavPlan()
        self.handed_over: set[str] = set()
        """Generated pages whose Markdown `read_source` hands to MkDocs (one-off builds)."""
        self.parallel = True
        self.deferred = DeferredJourneyPages(worker=False)
        """A one-off build's journey pages, rendered (ahead, by a worker) as MkDocs reads them."""
        self.late: LateWorker | None = None
        """A one-off build's measured metrics, read (by a worker) while MkDocs converts the
        pages, and filled in after (`rendering.late`)."""
        self.late_pages: frozenset[str] = frozenset()
        self.late_result: LateResult | None = None

    # -- events --------------------------------------------------------------------------

    def startup(self, command: str, *, dirty: bool = False) -> None:
        """`mkdocs serve` keeps broken journeys at their last valid version; with `--dirty`
        it rebuilds only the pages whose Markdown changed."""
        self.serving = command == "serve"
        self.dirty = self.serving and dirty

    def configure(self, options: TouchpointsConfig, config: MkDocsConfig) -> None:
        """Resolve the options against mkdocs.yml and register the CSS and JavaScript."""
        self.settings = site_settings(
            options,
            Path(config.config_file_path or "mkdocs.yml"),
            use_directory_urls=bool(config.use_directory_urls),
            theme_language=theme_language(config),
            nav=config.nav,
        )
        self.parallel = options.parallel
        try:
            self.layout = self.settings.layout
        except SiteError as error:
            raise PluginError(f"touchpoints: {error}") from None
        # A config shared with Zensical lists them already (see docs/zensical.md).
        css, js = self.layout.asset("touchpoints.css"), self.layout.asset("touchpoints.js")
        if css not in config.extra_css:
            config.extra_css.append(css)
        if js not in (str(getattr(item, "path", item)) for item in config.extra_javascript):
            config.extra_javascript.append(js)
        if self.dirty and self.page_files is None:
            self.page_files = self._page_files(Path(config.docs_dir))

    def add_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Load the journeys, then add their pages, the assets and the nav sections."""
        started = time.perf_counter()
        self.handed_over = set()
        self.deferred.close()
        self._close_late()
        handbook = self._load()
        site = self._published(handbook)
        # `mkdocs serve` re-renders only the journeys that changed (the page cache); a one-off
        # build renders each journey page when MkDocs reads it, ahead in a worker if it can.
        deferred = None if self.serving else DeferredJourneyPages(worker=self.parallel)
        try:
            generated = build_site(
                handbook,
                self.settings,
                frozenset(f.src_uri for f in files),
                publish=site,
                journey_cache=self.journey_pages if self.serving else None,
                render_journey=deferred.placeholder if deferred is not None else None,
            )
        except SiteError as error:
            raise PluginError(str(error)) from None
        for diagnostic in generated.diagnostics:
            log_diagnostic(diagnostic)
        late = None
        if generated.late is not None:
            # Forked first: reading the observation files is the longest of the two workers.
            self.late = late = LateWorker(generated.late)
            self.late_pages = generated.late_pages
            late.start()
        # The `touchpoints` fence (mkdocs_touchpoints.markdown) shows this handbook.
        settings = self.settings
        embedded = source_of(
            handbook,
            site.journeys,
            measured=generated.measured,
            measured_later=late.measured if late is not None else None,
            language=settings.language,
            dark_schemes=settings.dark_schemes,
        )
        register(settings.journeys_dir, embedded)
        self._drop_generate_copies(files, config)
        self._add_pages(generated, files, config)
        self._add_assets(generated, files, config)
        self._apply_nav(generated.nav, files, config)
        if deferred is not None:
            self.deferred = deferred
            if deferred.start(generated.page_diagnostics):
                # The worker locates the pages' warnings: the trees are not needed here.
                handbook.forget_trees()
        seconds = time.perf_counter() - started
        log.info(f"{len(site.journeys)} journeys, {len(site.teams)} teams in {seconds:.1f} s")
        return files

    def read_source(self, page: Page) -> str | None:
        """The Markdown of a generated page, handed over to MkDocs and dropped from its file.

        MkDocs reads a page's source once per build and keeps its own copy to the end; in a
        one-off build the file's copy would be a second one of every generated page (about
        50 KB per journey page). `mkdocs serve` rebuilds from new files, and keeps them.
        """
        src_uri = page.file.src_uri
        if src_uri not in self.handed_over:
            return None
        self.handed_over.discard(src_uri)
        if src_uri in self.late_pages:
            late_page = self._late().pages.get(src_uri)
            if late_page is not None:
                page.file.content_string = ""
                return late_page
        taken = self.deferred.take(src_uri)
        if taken is not None:
            journey_page, diagnostics = taken
            for diagnostic in diagnostics:
                log_diagnostic(diagnostic)
            return journey_page.markdown
        markdown = page.file.content_string
        page.file.content_string = ""
        return markdown

    def fill_late(self, files: Files) -> None:
        """Once every page is converted: put the measured parts in the journey pages."""
        late = self.late
        if late is None:
            return
        result = self._late()
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        if errors:  # as `_published` stops a build on the journeys' own errors
            lines = "\n".join(d.format() for d in errors)
            raise PluginError(f"{len(errors)} error(s) in the journeys:\n{lines}")
        bodies, anchors = result.bodies, result.anchors
        where = "by a worker" if late.by_worker else "in this process"
        log.debug(f"measured metrics: read {where}, {len(bodies)} journey pages filled")
        for file in files.documentation_pages():
            found = bodies.get(file.src_uri)
            page = file.page
            if found is None or page is None or page.content is None:
                continue
            page.content = fill(page.content, found)
            # MkDocs checks links to anchors against the ids it saw while converting.
            if page.present_anchor_ids is not None:
                page.present_anchor_ids.update(anchors.get(file.src_uri, ()))

    def _late(self) -> LateResult:
        """The late work's result, its warnings logged (once); `fill_late` stops the build on
        its errors, once every page is converted."""
        late = self.late
        assert late is not None
        if self.late_result is None:
            self.late_result = result = late.result()
            for diagnostic in result.diagnostics:
                if diagnostic.severity is not Severity.ERROR:
                    log_diagnostic(diagnostic)
        return self.late_result

    def _close_late(self) -> None:
        """Stop the late worker and forget its build."""
        if self.late is not None:
            self.late.close()
        self.late, self.late_result, self.late_pages = None, None, frozenset()

    def finish(self) -> None:
        """After the build: report the journey pages MkDocs never read, stop the worker."""
        self._close_late()
        deferred = self.deferred
        for _, diagnostics in deferred.rest():
            for diagnostic in diagnostics:
                log_diagnostic(diagnostic)
        if deferred.pages:
            log.debug(f"journey pages: {deferred.worker_pages} of {deferred.pages} by a worker")

    def abort(self) -> None:
        """The build failed: stop the workers."""
        self.deferred.close()
        self._close_late()

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

    def watch(self, server: LiveReloadServer) -> LiveReloadServer:
        """Rebuild when an input changes: a journey, the teams file, the metrics files.

        Which pages a change rebuilds is decided by their Markdown (`page_files`), whatever
        the input: a new kind of input only needs its path in `watched_inputs`.
        """
        self.serving = True
        for path in self.watched_inputs():
            server.watch(str(path))
        return server

    def watched_inputs(self) -> list[Path]:
        """The files and folders the pages are made of, none inside another."""
        settings = self.settings
        journeys_dir = settings.journeys_dir
        found = [journeys_dir] if journeys_dir.is_dir() else []
        others = (
            settings.teams_file,
            journeys_dir / settings.metrics_file,
            journeys_dir / settings.metrics_dir,
        )
        for path in others:
            inside = any(path.resolve().is_relative_to(p.resolve()) for p in found)
            if path.exists() and not inside:
                found.append(path)
        return found

    # -- steps ---------------------------------------------------------------------------

    def _load(self) -> Handbook:
        if gc.get_freeze_count():
            # A rebuild (serve): what the last build froze, now garbage for the most part,
            # must be collected before freezing again, or each rebuild leaks a build's worth.
            gc.unfreeze()
            gc.collect()
        try:
            # A one-off build reuses nothing: the parse cache is for serve.
            # A one-off build reads the observation files in a worker (`rendering.late`),
            # unless the Changes page compares them (`compare_to`): it needs them first.
            later = self.parallel and not self.serving and not self.settings.compare_to
            cache = self.cache if self.serving else None
            handbook = load_handbook(
                self.settings,
                cache,
                observations_later=later,
                background=in_background if later else None,
            )
        except TouchpointsError as error:
            if not self.serving:
                raise PluginError(f"touchpoints: {error}") from None
            log.error(escape(str(error)))
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
            log.info(f"{escape(path)}: showing its last valid version until the errors are fixed")
        if site.teams_kept:
            log.info(f"{escape(handbook.teams_source.display or '')}: using its last valid version")
        return site

    def _drop_generate_copies(self, files: Files, config: MkDocsConfig) -> None:
        """Files `mkdocs-touchpoints generate` wrote (for Zensical) give way to the plugin's."""
        manifest = self.settings.config_dir / MANIFEST_NAME
        for src in DocsWriter(Path(config.docs_dir), manifest).generated_paths():
            file = files.get_file_from_path(src)
            if file is not None:
                files.remove(file)

    def _page_files(self, docs_dir: Path) -> PageFiles | None:
        """The page files of a dirty serve, in the cache folder beside the config file."""
        folder = self.settings.config_dir / CACHE_DIR
        watched = (docs_dir.resolve(), self.settings.journeys_dir.resolve())
        if any(folder.resolve().is_relative_to(inside) for inside in watched):
            log.warning(
                f"{folder} is inside a watched folder: `--dirty` rebuilds every generated page"
            )
            return None
        log.info(
            f"--dirty: generated pages are backed by {folder}; only the pages whose Markdown "
            "changes are rebuilt (nav, search and other pages may show stale content until a "
            "clean build)"
        )
        return PageFiles(folder)

    def _add_pages(self, generated: GeneratedSite, files: Files, config: MkDocsConfig) -> None:
        """Add the pages a hand-written page does not hide; edit links point at the YAML."""
        docs_dir = Path(config.docs_dir)
        if self.page_files is not None:
            self.page_files.begin()
        for page in generated.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                log.warning(
                    f"{page.src_uri} in the docs folder hides the page the plugin generates "
                    "there; the hand-written page is used"
                )
                continue
            if self.page_files is not None:
                # A file rewritten only when the Markdown changed: MkDocs' dirty build
                # compares its time with the built page's and skips the unchanged ones.
                source = str(self.page_files.write(page.src_uri, page.markdown))
                file = File.generated(
                    config, page.src_uri, abs_src_path=source, inclusion=InclusionLevel.NOT_IN_NAV
                )
            else:
                file = File.generated(
                    config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
                )
            if not self.serving:
                self.handed_over.add(page.src_uri)
            if page.source is not None:
                # Percent-encoded: themes print the edit URL raw into an href attribute,
                # and a journey file's name is contributor text (`a"<b>.yml`).
                file.edit_uri = quote(Path(os.path.relpath(page.source, docs_dir)).as_posix())
            files.append(file)
        if self.page_files is not None:
            self.page_files.keep_only(page.src_uri for page in generated.pages)
            rewritten = self.page_files.rewritten
            shown = f": {', '.join(rewritten)}" if 0 < len(rewritten) <= 5 else ""
            log.info(f"--dirty: {len(rewritten)} generated page(s) changed{shown}")

    def _add_assets(self, generated: GeneratedSite, files: Files, config: MkDocsConfig) -> None:
        for name, path in generated.assets.items():
            src = generated.layout.asset(name)
            if files.get_file_from_path(src) is not None:
                log.warning(f"{escape(src)} in the docs folder hides the plugin's own {name}")
                continue
            files.append(File.generated(config, src, abs_src_path=str(path)))

    def _apply_nav(self, plan: NavPlan, files: Files, config: MkDocsConfig) -> None:
        """Append the plan's sections to the nav (MkDocs' own nav when mkdocs.yml has none)."""
        self.nav_plan = plan
        if not plan.sections:
            return
        user_nav = config.nav
        if user_nav is None:
            pages = sorted(files.documentation_pages(), key=file_sort_key)
            user_nav = nest_paths(f.src_uri for f in pages if f.inclusion.is_in_nav())
        config.nav = [*user_nav, *plan.sections]
