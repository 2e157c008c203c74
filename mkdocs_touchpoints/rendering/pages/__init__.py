"""Markdown of the generated pages: one journey, one team, and the two index pages.

Pure functions over plain arguments (journey files, teams, labels, a
`SiteLayout`); nothing here imports MkDocs. `mkdocs_touchpoints.plugin.site_builder`
turns the results into MkDocs files.
"""

from mkdocs_touchpoints.rendering.pages.common import GeneratedPage, PageContext
from mkdocs_touchpoints.rendering.pages.index import (
    ChangeMarks,
    journeys_index_page,
    teams_index_page,
)
from mkdocs_touchpoints.rendering.pages.journey import journey_page
from mkdocs_touchpoints.rendering.pages.layout import SiteLayout
from mkdocs_touchpoints.rendering.pages.team import TeamHoldings, holdings_by_team, team_page

__all__ = [
    "ChangeMarks",
    "GeneratedPage",
    "PageContext",
    "SiteLayout",
    "TeamHoldings",
    "holdings_by_team",
    "journey_page",
    "journeys_index_page",
    "team_page",
    "teams_index_page",
]
