"""The nav sections of the generated pages, sized so page weight does not grow with N.

Every page of an MkDocs site carries the whole sidebar. Up to `threshold`
journeys, the Journeys section lists each one (grouped by sub-folder, as
nested sections); past it, the section holds the journeys index and one link
per folder to that folder's table on the index, so the sidebar grows with the
number of folders, not of journeys; past `max_folders` folders, only the
journeys index is left, so the sidebar has a fixed bound whatever the handbook.
Teams follow the same rule with the same threshold (past it, only the teams
index is in the sidebar).

The sections are MkDocs nav data (`{title: path}` and `{title: [...]}`), so
MkDocs resolves them like a nav the user wrote. Themes print nav titles as
HTML (MkDocs renders templates without autoescaping), so every title here is
HTML-escaped text. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.rendering.pages.index import (
    Group,
    folder_title,
    group_anchor,
    group_title,
    grouped,
)
from mkdocs_touchpoints.rendering.pages.layout import SiteLayout

NavData = list[Any]
"""MkDocs nav data: a list of `path`, `{title: path}` and `{title: [...]}` items."""


@dataclass(slots=True)
class NavPlan:
    """What to add to the site's nav."""

    sections: NavData = field(default_factory=list)
    """Sections to append to the nav (none when the user's nav already places the pages)."""
    folder_links: list[tuple[str, str]] = field(default_factory=list)
    """(title, URL from the site root) links to add under the Journeys section, past the
    threshold: one per folder, to its table on the journeys index."""
    journeys_listed: bool = True
    """True when each journey has its own nav entry."""
    teams_listed: bool = True
    """True when each team has its own nav entry."""


def _journey_tree(groups: Mapping[Group, list[JourneyFile]], layout: SiteLayout) -> NavData:
    """Journeys at the top, then one nested section per folder."""
    root: NavData = []
    folders: dict[Group, NavData] = {(): root}

    def folder(group: Group) -> NavData:
        if group not in folders:
            parent = folder(group[:-1])
            items: NavData = []
            parent.append({escape(folder_title(group[-1])): items})
            folders[group] = items
        return folders[group]

    for group, files in groups.items():
        items = folder(group)
        items.extend({escape(f.journey.title): layout.journey(f.id)} for f in files)
    return root


def referenced_paths(nav: Iterable[Any] | None) -> set[str]:
    """Every page path a nav (as written in mkdocs.yml) names."""
    found: set[str] = set()
    stack: list[Any] = [nav] if nav is not None else []
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def plan_nav(
    journeys: Sequence[JourneyFile],
    teams: Sequence[Team],
    labels: Mapping[str, str],
    layout: SiteLayout,
    *,
    threshold: int,
    max_folders: int = 50,
    user_nav: Iterable[Any] | None = None,
    insights: str | None = None,
) -> NavPlan:
    """The Journeys and Teams sections to append to the nav, and the insights page
    (source path `insights`, when the site has one) between them.

    A section is left out when `user_nav` already names its index page (the
    user placed the pages themselves).
    """
    placed = referenced_paths(user_nav)
    plan = NavPlan(journeys_listed=len(journeys) <= threshold, teams_listed=len(teams) <= threshold)
    groups = grouped(journeys)
    if layout.journeys_index not in placed:
        items: NavData = [{escape(labels["all_journeys"]): layout.journeys_index}]
        if plan.journeys_listed:
            items.extend(_journey_tree(groups, layout))
        elif sum(1 for g in groups if g) <= max_folders:
            base = layout.url(layout.journeys_index)
            plan.folder_links = [
                (escape(group_title(g)), f"{base}#{group_anchor(g)}") for g in groups if g
            ]
        plan.sections.append({escape(labels["journeys"]): items})
    if insights is not None and insights not in placed:
        plan.sections.append({escape(labels["insights"]): insights})
    if layout.teams_index not in placed:
        team_items: NavData = [{escape(labels["all_teams"]): layout.teams_index}]
        if plan.teams_listed:
            team_items.extend({escape(t.name): layout.team(t.id)} for t in teams)
        plan.sections.append({escape(labels["teams"]): team_items})
    return plan
