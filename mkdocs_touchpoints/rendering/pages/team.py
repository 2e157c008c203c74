"""The page of one team: contact, the journeys it owns, every touchpoint it owns."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mkdocs_touchpoints.measures.insights import StepRef, TeamLoad
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team, Touchpoint
from mkdocs_touchpoints.rendering.markup import escape_markdown, escape_url, mailto
from mkdocs_touchpoints.rendering.pages.common import (
    TABLES_MARK,
    BrokenLink,
    GeneratedPage,
    PageContext,
    description_block,
    front_matter,
    link,
    table,
    yes_no,
)
from mkdocs_touchpoints.rendering.pages.insights import hot_spots_table, team_load_table
from mkdocs_touchpoints.rendering.pages.journey import touchpoint_anchor
from mkdocs_touchpoints.rendering.pages.layout import relative_link


@dataclass(slots=True)
class TeamHoldings:
    """What one team owns across the handbook."""

    journeys: list[JourneyFile] = field(default_factory=list)
    touchpoints: list[tuple[JourneyFile, Touchpoint]] = field(default_factory=list)


def holdings_by_team(journeys: Iterable[JourneyFile]) -> dict[str, TeamHoldings]:
    """Journeys and touchpoints by owning team id, in one pass over every journey."""
    holdings: dict[str, TeamHoldings] = {}
    for file in journeys:
        owner = file.journey.owner
        holdings.setdefault(owner, TeamHoldings()).journeys.append(file)
        for touchpoint in file.journey.touchpoints:
            team = touchpoint.owner or owner
            holdings.setdefault(team, TeamHoldings()).touchpoints.append((file, touchpoint))
    return holdings


def team_page(
    team: Team,
    holdings: TeamHoldings | None,
    ctx: PageContext,
    *,
    load: TeamLoad | None = None,
    hot_spots: Sequence[StepRef] = (),
) -> GeneratedPage:
    """The Markdown of a team page; with `load`, its row of the insights page's team load
    table, and with `hot_spots`, its hot spots (the caller bounds them)."""
    labels = ctx.labels
    owned = holdings or TeamHoldings()
    src = ctx.layout.team(team.id)
    broken: list[BrokenLink] = []
    parts = [
        front_matter(team.name),
        f"# {escape_markdown(team.name)}\n\n",
        description_block(ctx, src, team.description, ("description",), broken),
    ]
    contact = []
    if team.contact:
        contact.append((labels["contact"], link(team.contact, mailto(team.contact))))
    if team.url:
        contact.append((labels["web_page"], link(team.url, escape_url(team.url))))
    if team.github:  # the pattern allows no backtick, so a code span holds it as written
        contact.append((labels["code_review"], f"`{team.github}`"))
    if contact:
        parts.append("".join(f"- **{escape_markdown(k)}:** {v}\n" for k, v in contact) + "\n")
    parts.append(_journeys(owned, ctx, src))
    if load is not None:
        parts.append(f"## {escape_markdown(labels['team_load'])}\n\n")
        parts.append(team_load_table([load], ctx, src))
    if hot_spots:
        parts.append(f"## {escape_markdown(labels['hotspots'])}\n\n")
        parts.append(escape_markdown(labels["team_hotspots_intro"]) + "\n\n")
        parts.append(hot_spots_table(hot_spots, ctx, src))
    parts.append(_counts(owned, ctx))
    parts.append(_touchpoints(owned, ctx, src))
    if owned.touchpoints:
        parts.append(TABLES_MARK)
    return GeneratedPage(src, team.name, "".join(parts), "team", team.id, tuple(broken))


def _journeys(owned: TeamHoldings, ctx: PageContext, src: str) -> str:
    heading = f"## {escape_markdown(ctx.labels['journeys'])}\n\n"
    if not owned.journeys:
        return heading + escape_markdown(ctx.labels["owns_no_journey"]) + "\n\n"
    items = sorted(owned.journeys, key=lambda f: (f.journey.title.casefold(), f.id))
    lines = [
        f"- {link(f.journey.title, relative_link(src, ctx.layout.journey(f.id)))}\n" for f in items
    ]
    return heading + "".join(lines) + "\n"


def _counts(owned: TeamHoldings, ctx: PageContext) -> str:
    labels = ctx.labels
    if not owned.touchpoints:
        return ""
    counts = {"proactive": 0, "reactive": 0}
    for _, touchpoint in owned.touchpoints:
        counts[touchpoint.type] += 1
    rows = [[escape_markdown(labels[kind]), str(count)] for kind, count in counts.items()]
    rows.append([f"**{escape_markdown(labels['total'])}**", f"**{sum(counts.values())}**"])
    heading = f"## {escape_markdown(labels['touchpoints_by_type'])}\n\n"
    header = [escape_markdown(labels["type"]), escape_markdown(labels["touchpoints"])]
    return heading + table(header, rows) + "\n"


def _touchpoints(owned: TeamHoldings, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    heading = f"## {escape_markdown(labels['touchpoints'])}\n\n"
    if not owned.touchpoints:
        return heading + escape_markdown(labels["owns_no_touchpoint"]) + "\n"
    header = [
        labels["touchpoint"],
        labels["journey"],
        labels["channel"],
        labels["type"],
        labels["third_party"],
    ]
    rows = []
    for file, tp in owned.touchpoints:
        page = ctx.layout.journey(file.id)
        rows.append(
            [
                link(tp.name, relative_link(src, page, touchpoint_anchor(tp.id))),
                link(file.journey.title, relative_link(src, page)),
                escape_markdown(tp.channel),
                escape_markdown(labels[tp.type]),
                escape_markdown(yes_no(tp.third_party, labels)),
            ]
        )
    return heading + table([escape_markdown(h) for h in header], rows)
