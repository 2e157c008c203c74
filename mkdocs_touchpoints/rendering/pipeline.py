"""The one site pipeline: a loaded handbook and plain settings in, everything generated out.

Every host calls `build_site` and nothing else assembles the pages:

- the MkDocs plugin (`plugin.site_builder`) turns the pages into `File.generated`;
- `mkdocs-touchpoints generate` writes them into the docs folder (for Zensical);
- the golden page tests and `benchmarks/` check and time exactly this.

Adding a kind of page: write a function `SiteInput -> Iterable[GeneratedPage]`
and append it to `PAGE_GENERATORS`; every host then publishes it. A page whose
`kind` is not in `NAV_KINDS` is appended to the nav as `{title: src}`.

Nothing here imports MkDocs; nothing here logs: problems are returned as
`Diagnostic` objects, or raised as `SiteError` when the site cannot be built.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

from mkdocs_touchpoints.measures.insights import DEFAULT_TOP, Scan, scan
from mkdocs_touchpoints.measures.measured import MeasuredHandbook, measure_handbook
from mkdocs_touchpoints.reading.diagnostics import (
    Diagnostic,
    JourneyValidationError,
    Severity,
    SourceError,
    TouchpointsError,
)
from mkdocs_touchpoints.reading.files import exists
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, TeamsSource
from mkdocs_touchpoints.reading.loader import (
    SITE_TEAMS_SCOPE,
    ParseCache,
    gc_paused,
    load_folder,
    teams_scope,
)
from mkdocs_touchpoints.reading.locate import locate
from mkdocs_touchpoints.reading.metrics_model import (
    MetricDefinition,
    Metrics,
    PendingObservations,
)
from mkdocs_touchpoints.reading.metrics_read import (
    METRICS_DIR_NAME,
    METRICS_FILE_NAME,
    Background,
)
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.resilience import PublishedHandbook, published
from mkdocs_touchpoints.rendering.assets import PLOTLY_FILE, packaged_assets
from mkdocs_touchpoints.rendering.charts import DEFAULT_DARK_SCHEMES, render_charts
from mkdocs_touchpoints.rendering.i18n import Labels, labels_for
from mkdocs_touchpoints.rendering.late import LateResult, LateWork
from mkdocs_touchpoints.rendering.late_parts import TEAM_METRICS, LatePlan, anchor_ids, late_plan
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
from mkdocs_touchpoints.rendering.pages.changes import ChangesPage, build_changes_page, read_base
from mkdocs_touchpoints.rendering.pages.common import ChartsRenderer
from mkdocs_touchpoints.rendering.pages.insights import INSIGHTS_PAGE, insights_page
from mkdocs_touchpoints.rendering.pages.journey import late_bodies
from mkdocs_touchpoints.rendering.pages.measured import team_metrics_table

NAV_KINDS = frozenset({"journey", "team", "journeys-index", "teams-index", "insights"})
"""Page kinds the nav plan places itself; any other kind gets a `{title: src}` nav entry."""


class SiteError(TouchpointsError):
    """The site cannot be generated (conflicting options, an unreadable `compare_to`)."""


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """The options of a site, as plain values (the plugin's and `generate`'s alike)."""

    journeys_url: str = "journeys/"
    teams_url: str = "teams/"
    use_directory_urls: bool = True
    language: str = "en"
    dark_schemes: tuple[str, ...] = DEFAULT_DARK_SCHEMES
    nav_threshold: int = 50
    nav_max_folders: int = 50
    nav_append: bool = True
    user_nav: Any = None
    """The `nav` written in the site's config (MkDocs nav data), or None."""
    compare_to: str | None = None
    source_links: bool = False
    """Raw HTML links as source paths, for hosts that resolve them (Zensical; see SiteLayout)."""
    insights_top: int = DEFAULT_TOP
    """Most rows, bars or journeys each part of the insights page shows."""
    config_dir: Path = Path()
    """The folder of the site's config file (git runs there for `compare_to`)."""
    journeys_dir: Path = Path("journeys")
    teams_file: Path = Path("journeys/_teams.yml")
    teams_file_given: bool = False
    """True when the options name the teams file (then a missing one is an error)."""
    metrics_file: str = "_metrics.yml"
    """The metrics' definitions file, relative to `journeys_dir`."""
    metrics_dir: str = "_metrics"
    """The folder of observation files, relative to `journeys_dir`."""

    @property
    def layout(self) -> SiteLayout:
        """Where the pages go; raises SiteError when journeys and teams share a folder."""
        journeys = self.journeys_url.strip("/")
        teams = self.teams_url.strip("/")
        if journeys == teams:
            raise SiteError(f"journeys_url and teams_url must differ (both '{journeys}/')")
        return SiteLayout(journeys, teams, self.use_directory_urls, source_links=self.source_links)

    @property
    def labels(self) -> Labels:
        """The labels of the site's language."""
        return labels_for(self.language)


@dataclass(slots=True)
class SiteInput:
    """What the page generators get: the published handbook and the build's settings."""

    journeys: list[JourneyFile]
    teams: list[Team]
    teams_source: TeamsSource
    ctx: PageContext
    settings: SiteSettings
    holdings: Mapping[str, Any] = field(default_factory=dict)
    render_journey: JourneyRenderer = journey_page
    """Renders one journey page (through the page cache of the host)."""
    changes: ChangesPage | None = None
    """The Changes page against `compare_to`, when that option is set."""
    _scan: Scan | None = None

    @property
    def scan(self) -> Scan:
        """The insights' one pass over every step, made once per build (insights and team
        pages both read it)."""
        if self._scan is None:
            self._scan = scan(self.journeys, self.teams)
        return self._scan


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


def insights_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The insights page, across all journeys."""
    yield insights_page(
        site.journeys,
        site.teams,
        site.ctx,
        top=site.settings.insights_top,
        dark_schemes=site.settings.dark_schemes,
        found=site.scan,
    )


def team_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The teams index and one page per team (with its load and its hot spots)."""
    yield teams_index_page(site.teams, site.holdings, site.ctx)
    found = site.scan
    loads, hot_spots = found.loads, found.team_hot_spots()
    for team in site.teams:
        yield team_page(
            team,
            site.holdings.get(team.id),
            site.ctx,
            load=loads.get(team.id),
            hot_spots=hot_spots.get(team.id, ()),
        )


def changes_pages(site: SiteInput) -> Iterable[GeneratedPage]:
    """The Changes page, with `compare_to` only."""
    if site.changes is not None:
        yield site.changes.page


PAGE_GENERATORS: list[PageGenerator] = [journey_pages, insights_pages, team_pages, changes_pages]
"""The page generators, in site order. To add a kind of page, append one function here."""


@dataclass(slots=True)
class GeneratedSite:
    """Everything the pipeline generates for one build."""

    pages: list[GeneratedPage]
    """Every page, in site order; `page.source` is the YAML file it shows (edit links)."""
    nav: NavPlan
    assets: dict[str, Path]
    """Asset file name -> the file to publish at `layout.asset(name)`."""
    diagnostics: list[Diagnostic]
    layout: SiteLayout
    labels: Labels
    page_diagnostics: Callable[[Sequence[GeneratedPage]], list[Diagnostic]]
    """The warnings of pages rendered after `build_site` returned (deferred journey pages)."""
    measured: MeasuredHandbook | None = None
    """The measured metrics the pages show (the fence shows the same); None in a late build."""
    late: LateWork | None = None
    """In a late build, what reads the observation files and renders the measured parts the
    pages left to fill (`rendering.late`); the host runs it once."""
    late_pages: frozenset[str] = frozenset()
    """In a late build, the pages whose Markdown the host takes from the `LateResult`."""


def display_path(path: Path, base: Path) -> str:
    """`path` as diagnostics show it: relative to the folder of the site's config, POSIX."""
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def load_handbook(
    settings: SiteSettings,
    cache: ParseCache | None = None,
    *,
    observations_later: bool = False,
    background: Background | None = None,
) -> Handbook:
    """The journeys folder and teams file of `settings`, read by the loader.

    With `observations_later`, the observation files are only sketched (by `background`
    while the journeys load, if given: `late.in_background`), and `build_site` makes a
    late build (`rendering.late`). Raises SourceError when the folder, or a teams file the
    options name, is missing.
    """
    display = display_path(settings.journeys_dir, settings.config_dir)
    teams_display = display_path(settings.teams_file, settings.config_dir)
    if settings.teams_file_given and not exists(settings.teams_file):
        raise SourceError(f"teams file not found: {teams_display} (plugin option teams_file)")
    return load_folder(
        settings.journeys_dir,
        settings.teams_file,
        display_base=display,
        teams_display=teams_display,
        cache=cache,
        teams_in=teams_scope(settings.journeys_dir, settings.config_dir, name=SITE_TEAMS_SCOPE),
        metrics_file=settings.metrics_file,
        metrics_dir=settings.metrics_dir,
        observations_later=observations_later,
        background=background,
    )


def site_assets() -> tuple[dict[str, Path], list[Diagnostic]]:
    """The assets every site needs (name -> file), and a warning when plotly.js is missing."""
    assets = packaged_assets()
    if PLOTLY_FILE not in assets:
        message = "not found in the package; charts will not draw (make vendor)"
        return assets, [Diagnostic(PLOTLY_FILE, 0, 0, Severity.WARNING, "no-plotly", message)]
    return assets, []


class _SitePaths:
    """Source paths of the site: the files the host found plus the pages about to be added."""

    def __init__(self, existing: Container[str], planned: set[str]) -> None:
        self._existing = existing
        self._planned = planned

    def __contains__(self, src: object) -> bool:
        return src in self._planned or src in self._existing


def build_site(
    handbook: Handbook,
    settings: SiteSettings,
    existing_paths: Container[str] = frozenset(),
    *,
    publish: PublishedHandbook | None = None,
    journey_cache: JourneyPageCache | None = None,
    render_journey: JourneyRenderer | None = None,
    charts: ChartsRenderer | None = None,
) -> GeneratedSite:
    """The pages, nav plan, assets and diagnostics of the site of `handbook`.

    `existing_paths` are the source paths the host already has (hand-written
    pages, images): description links to them are not reported. `publish` is
    what to publish when it is not `handbook` as it is (serve keeps the last
    valid versions); `journey_cache` reuses unchanged journey pages across
    rebuilds; `render_journey` renders them instead (the plugin's
    `deferred.DeferredJourneyPages`, whose pages carry their Markdown and
    broken links only when taken: `GeneratedSite.page_diagnostics` reports
    those); `charts` replaces the charts block (tests). The handbook's own
    diagnostics are the caller's to report. Raises SiteError.
    """
    layout, labels = settings.layout, settings.labels
    site = publish if publish is not None else published(handbook)
    planned = _planned_paths(site, layout)
    renderer = charts or functools.partial(render_charts, dark_schemes=settings.dark_schemes)
    known = _SitePaths(existing_paths, planned)
    # Computed once per build; staleness is judged against the build date.
    metrics = handbook.metrics
    later = None
    if metrics.pending is not None:  # a late build: the observations are read afterwards
        later = late_plan(metrics.outline, metrics.definitions)
        measured = None
    else:
        measured = measure_handbook(metrics.definitions, metrics.observations) if metrics else None
    ctx = PageContext(
        labels,
        layout,
        {t.id: t for t in site.teams},
        renderer,
        known,
        measured=measured,
        dark_schemes=settings.dark_schemes,
        later=later,
    )
    cache = journey_cache or JourneyPageCache()
    cache.begin(_cache_key(settings, layout, labels, site.teams, planned, existing_paths, charts))
    data = SiteInput(
        site.journeys,
        site.teams,
        handbook.teams_source,
        ctx,
        settings,
        holdings_by_team(site.journeys),
        render_journey=render_journey or cache.page,
        changes=_changes(
            settings,
            site,
            handbook.teams_source,
            ctx,
            metrics if metrics.pending is None else Metrics(),
        ),
    )
    pages = [page for generate in PAGE_GENERATORS for page in generate(data)]
    pages = _with_sources(pages, site.journeys, handbook.teams_source, settings, layout)
    page_diagnostics = functools.partial(
        _broken_links, journeys=site.journeys, teams_source=handbook.teams_source, layout=layout
    )
    diagnostics = page_diagnostics(pages)
    assets, missing = site_assets()
    nav = _nav(site, pages, settings, layout, labels)
    late, late_pages = None, frozenset[str]()
    if later is not None and metrics.pending is not None:
        late_pages = _late_pages(layout, later)
        late = functools.partial(
            _late_work, data, later, late_pages, metrics.definitions, metrics.pending
        )
    return GeneratedSite(
        pages,
        nav,
        assets,
        [*missing, *diagnostics],
        layout,
        labels,
        page_diagnostics,
        measured,
        late,
        late_pages,
    )


def _late_pages(layout: SiteLayout, plan: LatePlan) -> frozenset[str]:
    """The pages a late build takes whole from its `LateResult`: the insights page and the
    pages of the teams that own a metric with rows."""
    return frozenset({INSIGHTS_PAGE, *(layout.team(team) for team in plan.teams)})


def _late_work(
    data: SiteInput,
    plan: LatePlan,
    late_pages: frozenset[str],
    definitions: Sequence[MetricDefinition],
    pending: PendingObservations,
) -> tuple[LateResult, MeasuredHandbook | None]:
    """A late build's `LateWork`: read the observation files, pool them, and render the
    measured parts of the journey pages, the team pages and the insights page."""
    with gc_paused():  # millions of rows, no cycles (as when the loader reads them)
        observations, diagnostics = pending()
        measured = (
            measure_handbook(definitions, observations) if definitions or observations else None
        )
    ctx = replace(data.ctx, measured=measured, later=None)
    bodies, anchors = {}, {}
    for file in data.journeys:
        slots = plan.slots(file.id)
        if slots:
            src = ctx.layout.journey(file.id)
            bodies[src] = found = late_bodies(file, ctx, slots)
            anchors[src] = set().union(*(anchor_ids(body) for body in found.values()))
    pages = {
        page.src_uri: page.markdown
        for page in insights_pages(replace(data, ctx=ctx))
        if page.src_uri in late_pages
    }
    # The team pages keep a marker for their metrics table (`measured` and `later` both set).
    marked = replace(data, ctx=replace(ctx, later=plan))
    for page in team_pages(marked):
        if page.src_uri in late_pages and page.kind == "team":
            team = next(t for t in data.teams if t.id == page.key)
            pages[page.src_uri] = page.markdown
            table = team_metrics_table(team, ctx, page.src_uri)
            bodies[page.src_uri] = {TEAM_METRICS: table.rstrip("\n")}
            anchors[page.src_uri] = anchor_ids(table)
    return LateResult(diagnostics, bodies, pages, anchors), measured


def _planned_paths(site: PublishedHandbook, layout: SiteLayout) -> set[str]:
    planned = {layout.journeys_index, layout.teams_index, INSIGHTS_PAGE}
    planned.update(layout.journey(f.id) for f in site.journeys)
    planned.update(layout.team(t.id) for t in site.teams)
    return planned


def _cache_key(
    settings: SiteSettings,
    layout: SiteLayout,
    labels: Labels,
    teams: Iterable[Team],
    planned: set[str],
    existing: Container[str],
    charts: ChartsRenderer | None,
) -> Hashable:
    """What a journey page depends on besides its file (the cache starts over when it differs)."""
    paths: Iterable[str] = planned
    if isinstance(existing, Iterable):
        paths = [*planned, *existing]
    chart_options = (settings.dark_schemes, charts)
    return page_settings(labels, layout, teams, paths, chart_options)


def _changes(
    settings: SiteSettings,
    site: PublishedHandbook,
    teams: TeamsSource,
    ctx: PageContext,
    handbook_metrics: Metrics,
) -> ChangesPage | None:
    """The Changes page against the `compare_to` revision, or None without that option; the
    measured metrics are compared when they are read (not in a late build)."""
    revision = settings.compare_to
    if not revision:
        return None
    # The revision reader knows the default metrics file names only: with others, BASE
    # would seem to have no metrics, so they are not compared.
    metrics = bool(handbook_metrics) and (settings.metrics_file, settings.metrics_dir) == (
        METRICS_FILE_NAME,
        METRICS_DIR_NAME,
    )
    try:
        base = read_base(revision, settings.journeys_dir, settings.config_dir, metrics=metrics)
    except JourneyValidationError as exc:
        lines = "\n".join(d.format() for d in exc.diagnostics)
        raise SiteError(f"compare_to: the journeys of {revision} have errors:\n{lines}") from None
    except SourceError as exc:
        raise SiteError(f"compare_to: {exc}") from None
    head = Handbook(list(site.journeys), list(site.teams), teams)
    if metrics:
        head.metrics = handbook_metrics
    return build_changes_page(
        revision, base, head, ctx, dark_schemes=settings.dark_schemes, metrics=metrics
    )


def _with_sources(
    pages: list[GeneratedPage],
    journeys: Sequence[JourneyFile],
    teams_source: TeamsSource,
    settings: SiteSettings,
    layout: SiteLayout,
) -> list[GeneratedPage]:
    """Each page with the YAML file it shows, for the host's edit link."""
    files = {layout.journey(f.id): settings.journeys_dir / f.rel for f in journeys}
    teams_file = settings.teams_file if teams_source.display is not None else None
    out = []
    for page in pages:
        source = None
        if page.kind == "journey":
            source = files.get(page.src_uri)
        elif page.kind in ("team", "teams-index"):
            source = teams_file
        out.append(replace(page, source=source) if source is not None else page)
    return out


def _broken_links(
    pages: list[GeneratedPage],
    journeys: Sequence[JourneyFile],
    teams_source: TeamsSource,
    layout: SiteLayout,
) -> list[Diagnostic]:
    """A warning per description link to a file the site does not have, located in the YAML."""
    if not any(page.broken_links for page in pages):
        # Called once per deferred journey page: the indexes below cost O(journeys).
        return []
    sources = {layout.journey(f.id): f for f in journeys}
    team_index = {t.id: i for i, t in enumerate(teams_source.declared or [])}
    found = []
    for page in pages:
        for broken in page.broken_links:
            message = f"description links to '{broken.target}', which is not a file of the site"
            journey = sources.get(page.src_uri) if page.kind == "journey" else None
            if journey is not None:
                path, tree, where = journey.display, journey.tree, broken.field
            elif page.kind == "team" and page.key in team_index and teams_source.tree:
                path, tree = teams_source.display or "", teams_source.tree
                where = ("teams", team_index[page.key], *broken.field)
            else:
                found.append(
                    Diagnostic(page.src_uri, 0, 0, Severity.WARNING, "broken-link", message)
                )
                continue
            mark = locate(tree, where)
            found.append(
                Diagnostic(path, mark.line, mark.column, Severity.WARNING, "broken-link", message)
            )
    return found


def _nav(
    site: PublishedHandbook,
    pages: list[GeneratedPage],
    settings: SiteSettings,
    layout: SiteLayout,
    labels: Labels,
) -> NavPlan:
    """The nav sections of the generated pages (none with `nav.append: false`)."""
    if not settings.nav_append:
        return NavPlan()
    plan = plan_nav(
        site.journeys,
        site.teams,
        labels,
        layout,
        threshold=settings.nav_threshold,
        max_folders=settings.nav_max_folders,
        user_nav=settings.user_nav,
        insights=INSIGHTS_PAGE if any(p.kind == "insights" for p in pages) else None,
    )
    # Nav titles are HTML (see rendering.nav), so the page titles are escaped.
    plan.sections.extend({escape(p.title): p.src_uri} for p in pages if p.kind not in NAV_KINDS)
    return plan
