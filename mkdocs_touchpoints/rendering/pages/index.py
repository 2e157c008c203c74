"""The two index pages: every journey (grouped by folder) and every team."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs_touchpoints.measures.stats import journey_stats
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.slug import slugify
from mkdocs_touchpoints.rendering.markup import escape_markdown, mailto
from mkdocs_touchpoints.rendering.pages.common import (
    TABLES_MARK,
    GeneratedPage,
    PageContext,
    anchor,
    format_number,
    format_percent,
    front_matter,
    link,
    table,
    team_link,
)
from mkdocs_touchpoints.rendering.pages.layout import relative_link
from mkdocs_touchpoints.rendering.pages.team import TeamHoldings

Group = tuple[str, ...]
"""The sub-folders a journey file is in; `()` for the top of the journeys folder."""


def folder_title(name: str) -> str:
    """A folder name as a title, as MkDocs titles folders (`late-delivery`: `Late delivery`)."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def group_title(group: Group) -> str:
    """`Delivery / Europe` for `("delivery", "europe")`."""
    return " / ".join(folder_title(part) for part in group)


def group_anchor(group: Group) -> str:
    """The id of a folder's section on the journeys index (`group-delivery--europe`)."""
    parts = [slugify(part) or f"g{zlib.crc32(part.encode()):08x}" for part in group]
    return "group-" + "--".join(parts)


def sort_journeys(journeys: Iterable[JourneyFile]) -> list[JourneyFile]:
    """By title (then id), the order of the index tables and the nav."""
    return sorted(journeys, key=lambda f: (f.journey.title.casefold(), f.id))


def grouped(journeys: Iterable[JourneyFile]) -> dict[Group, list[JourneyFile]]:
    """Journeys by folder: the top first, then folders by path; each sorted by title."""
    groups: dict[Group, list[JourneyFile]] = {}
    for file in journeys:
        groups.setdefault(file.group, []).append(file)
    return {g: sort_journeys(groups[g]) for g in sorted(groups, key=lambda g: (g != (), g))}


def journeys_index_page(
    journeys: Sequence[JourneyFile],
    ctx: PageContext,
    changes: ChangeMarks | None = None,
) -> GeneratedPage:
    """The page listing every journey, one table per folder (changed ones marked)."""
    labels = ctx.labels
    src = ctx.layout.journeys_index
    title = labels["all_journeys"]
    parts = [front_matter(title), f"# {escape_markdown(title)}\n\n"]
    if not journeys:
        parts.append(escape_markdown(labels["no_journeys"]) + "\n")
    header = [
        labels["journey"],
        labels["owner"],
        labels["phases"],
        labels["touchpoints"],
        labels["steps"],
        labels["proactive_share"],
        labels["mean_friction"],
    ]
    for group, files in grouped(journeys).items():
        if group:
            parts.append(
                f"## {anchor(group_anchor(group))}{escape_markdown(group_title(group))}\n\n"
            )
        rows = []
        for file in files:
            stats = journey_stats(file.journey)
            friction = stats.mean_friction
            rows.append(
                [
                    link(file.journey.title, relative_link(src, ctx.layout.journey(file.id)))
                    + (changes.mark(file.id, src, labels) if changes else ""),
                    team_link(ctx, src, file.journey.owner),
                    str(stats.phases),
                    str(stats.touchpoints),
                    str(stats.steps),
                    escape_markdown(format_percent(stats.proactive_share, labels)),
                    "" if friction is None else format_number(friction, labels, 1, fixed=True),
                ]
            )
        parts.append(table([escape_markdown(h) for h in header], rows) + "\n")
    markdown = "".join(parts).rstrip("\n") + "\n" + TABLES_MARK
    return GeneratedPage(src, title, markdown, "journeys-index")


@dataclass(frozen=True, slots=True)
class ChangeMarks:
    """Which journeys changed since the compared revision, and how seriously."""

    page: str
    """Source path of the Changes page the marks link to."""
    levels: Mapping[str, str]
    """Changed journey id -> `breaking`, `warning` or `info`."""
    added: frozenset[str] = frozenset()

    def mark(self, journey_id: str, src: str, labels: Mapping[str, str]) -> str:
        """` · [changed (warning)](../changes/index.md)`, or nothing for an unchanged journey."""
        if journey_id in self.added:
            text = labels["changes_mark_added"]
        elif journey_id in self.levels:
            level = self.levels[journey_id]
            text = labels["changes_mark_changed"].format(level=labels[level])
        else:
            return ""
        return " · " + link(text, relative_link(src, self.page))


def teams_index_page(
    teams: Sequence[Team], holdings: Mapping[str, TeamHoldings], ctx: PageContext
) -> GeneratedPage:
    """The page listing every team, with what each owns."""
    labels = ctx.labels
    src = ctx.layout.teams_index
    title = labels["all_teams"]
    parts = [front_matter(title), f"# {escape_markdown(title)}\n\n"]
    if not teams:
        parts.append(escape_markdown(labels["no_teams"]) + "\n")
    else:
        header = [labels["team"], labels["contact"], labels["journeys"], labels["touchpoints"]]
        rows = []
        for team in teams:
            owned = holdings.get(team.id) or TeamHoldings()
            contact = link(team.contact, mailto(team.contact)) if team.contact else ""
            rows.append(
                [
                    team_link(ctx, src, team.id),
                    contact,
                    str(len(owned.journeys)),
                    str(len(owned.touchpoints)),
                ]
            )
        parts.append(table([escape_markdown(h) for h in header], rows) + TABLES_MARK)
    return GeneratedPage(src, title, "".join(parts), "teams-index")
