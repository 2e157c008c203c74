"""Journey pages by content, so a `mkdocs serve` rebuild renders only the journeys that changed.

A journey page is a pure function of its journey file and of the build's page
settings: the labels, the layout, the chart options, the teams (their names
are the owner links' text) and the site's source paths (a description link to
a missing file is reported). `JourneyPageCache.begin` starts a build with those
settings; when they differ from the last build's, every page is rendered again.
Within a build, a page whose file digest is unchanged is reused. Nothing here
imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.rendering.pages import GeneratedPage, PageContext, SiteLayout, journey_page

JourneyRenderer = Callable[[JourneyFile, PageContext], GeneratedPage]


def page_settings(
    labels: Mapping[str, str],
    layout: SiteLayout,
    teams: Iterable[Team],
    site_paths: Iterable[str],
    chart_options: Hashable = (),
) -> Hashable:
    """What a journey page depends on besides its own file, as one comparable value."""
    return (
        tuple(sorted(labels.items())),
        layout,
        tuple((team.id, team.name) for team in teams),
        frozenset(site_paths),
        chart_options,
    )


def measured_token(file: JourneyFile, ctx: PageContext) -> str:
    """What the journey's page shows of the measured metrics, as one comparable value: an edit
    to an observations file renders again only the pages of the journeys whose figures moved."""
    measured = ctx.measured
    if not measured:
        return ""
    return repr(measured.for_journey(file.id))


class JourneyPageCache:
    """The journey pages of the last build, by journey file path and content digest."""

    def __init__(self, render: JourneyRenderer = journey_page) -> None:
        self._render = render
        self._settings: Hashable = None
        self._previous: dict[tuple[str, str, str], GeneratedPage] = {}
        self._current: dict[tuple[str, str, str], GeneratedPage] = {}
        self.rendered = 0
        """Pages rendered (not reused) since the last `begin`."""

    def begin(self, settings: Hashable) -> None:
        """Start a build; pages of the last one are reused only if `settings` are unchanged."""
        same = settings == self._settings and self._settings is not None
        self._previous = self._current if same else {}
        self._current = {}
        self._settings = settings
        self.rendered = 0

    def page(self, file: JourneyFile, ctx: PageContext) -> GeneratedPage:
        """The page of `file`: reused when its digest is unchanged, else rendered."""
        key = (file.display, file.digest, measured_token(file, ctx))
        page = self._previous.get(key) or self._current.get(key)
        if page is None:
            page = self._render(file, ctx)
            self.rendered += 1
        self._current[key] = page
        return page
