"""The insights page (`insights/`): where the friction is, across every journey.

Hot spots, steps per channel, team load, opportunities, third parties and the
journeys by mean friction. Each part shows at most `top` rows (or bars) and
says how many there are in all, so the page weighs the same for 50 journeys or
10,000. The tables carry the ids the spec names (`tp-hotspots`, `tp-team-load`,
`tp-opportunities`), so they are raw HTML tables (a Markdown table cannot carry
an id), with links as the host publishes them. The computations are
`mkdocs_touchpoints.measures.insights`; this module only writes them out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mkdocs_touchpoints.measures.insights import (
    DEFAULT_TOP,
    Insights,
    Ranked,
    Scan,
    StepRef,
    TeamLoad,
    insights,
)
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.rendering.charts import DEFAULT_DARK_SCHEMES, chart_block
from mkdocs_touchpoints.rendering.figures import channels_all_figure
from mkdocs_touchpoints.rendering.markup import escape_html, escape_markdown, escape_text
from mkdocs_touchpoints.rendering.pages.common import (
    GeneratedPage,
    PageContext,
    format_number,
    format_percent,
    front_matter,
    html_table,
    team_link,
)
from mkdocs_touchpoints.rendering.pages.journey import step_anchor

INSIGHTS_PAGE = "insights/index.md"
"""The source path of the insights page (URL `insights/`)."""
HOTSPOTS_ID = "tp-hotspots"
TEAM_LOAD_ID = "tp-team-load"
OPPORTUNITIES_ID = "tp-opportunities"
THIRD_PARTIES_ID = "tp-third-parties"
JOURNEY_FRICTION_ID = "tp-journey-friction"
CHANNELS_CHART = "channels-all"


def insights_table(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    element_id: str = "",
) -> str:
    """An insights table (cells already HTML); the stylesheet fits it to the content column and
    right-aligns its number columns by position (`data-tp-table="insights-<name>"`)."""
    headings = [escape_text(h) for h in header]
    return html_table(headings, rows, f"insights-{name}", element_id=element_id) + "\n"


def _href(ctx: PageContext, src: str, target_src: str, fragment: str = "") -> str:
    """The URL of a page of the site as written in raw HTML on page `src`."""
    href = ctx.layout.href(src, ctx.layout.url(target_src))
    return escape_html(f"{href}#{fragment}" if fragment else href)


def _a(href: str, text: str) -> str:
    return f'<a href="{href}">{escape_text(text)}</a>'


def step_link(ctx: PageContext, src: str, ref: StepRef) -> str:
    """`Journey title · step 3`, linking to the step's row, with the action under it."""
    href = _href(ctx, src, ctx.layout.journey(ref.journey_id), step_anchor(ref.number))
    text = ctx.labels["journey_step"].format(journey=ref.file.journey.title, number=ref.number)
    action = escape_text(ref.step.action)
    return f'{_a(href, text)}<br><span class="tp-insights__action">{action}</span>'


def _number(value: float | None, ctx: PageContext, decimals: int = 0) -> str:
    if value is None:
        return ""
    return escape_text(format_number(value, ctx.labels, decimals))


def _mean(value: float | None, ctx: PageContext) -> str:
    if value is None:
        return escape_text(ctx.labels["no_value"])
    return escape_text(format_number(value, ctx.labels, 1, fixed=True))


def _text(value: str | None) -> str:
    return escape_text(value) if value else ""


def hot_spots_table(
    refs: Sequence[StepRef], ctx: PageContext, src: str, element_id: str = ""
) -> str:
    """The hot spot rows: step, phase, touchpoint, channel, owner, friction, volume, pain point."""
    labels = ctx.labels
    header = [
        labels["step"],
        labels["phase"],
        labels["touchpoint"],
        labels["channel"],
        labels["owner"],
        labels["friction"],
        labels["volume"],
        labels["pain_point"],
    ]
    rows = [
        [
            step_link(ctx, src, ref),
            escape_text(ref.phase.name if ref.phase else ref.step.phase),
            escape_text(ref.touchpoint.name if ref.touchpoint else ref.step.touchpoint),
            escape_text(ref.touchpoint.channel if ref.touchpoint else ""),
            team_link(ctx, src, ref.owner, raw_html=True),
            _number(ref.step.friction, ctx),
            _number(ref.step.volume, ctx, 2),
            _text(ref.step.pain_point),
        ]
        for ref in refs
    ]
    return insights_table("hotspots", header, rows, element_id)


def team_load_table(
    loads: Sequence[TeamLoad], ctx: PageContext, src: str, element_id: str = ""
) -> str:
    """Team load rows: journeys, touchpoints, steps on them, proactive share, mean friction."""
    labels = ctx.labels
    header = [
        labels["team"],
        labels["journeys"],
        labels["touchpoints"],
        labels["steps_on_touchpoints"],
        labels["proactive_share"],
        labels["mean_friction"],
    ]
    rows = [
        [
            team_link(ctx, src, load.team, raw_html=True),
            str(load.journeys),
            str(load.touchpoints),
            str(load.steps),
            escape_text(
                labels["no_value"]
                if load.proactive_share is None
                else format_percent(load.proactive_share, labels)
            ),
            _mean(load.mean_friction, ctx),
        ]
        for load in loads
    ]
    return insights_table("team-load", header, rows, element_id)


def _count(ranked: Ranked[Any], labels: Mapping[str, str], name: str) -> str:
    """`The first 20 of 143.` or `12 in all.`, with the numbers in data attributes."""
    shown, total = len(ranked.shown), ranked.total
    text = (
        labels["count_top"].format(shown=shown, total=total)
        if shown < total
        else labels["count_all"].format(total=total)
    )
    return (
        f'<p class="tp-insights__count" data-tp-count="{name}" data-tp-shown="{shown}"'
        f' data-tp-total="{total}">{escape_text(text)}</p>\n\n'
    )


def _section(title: str, intro: str) -> str:
    return f"## {escape_markdown(title)}\n\n{escape_markdown(intro)}\n\n"


def _hot_spots(data: Insights, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    text = _section(labels["hotspots"], labels["hotspots_intro"])
    if not data.hot_spots.total:
        return text + escape_markdown(labels["hotspots_none"]) + "\n\n"
    text += _count(data.hot_spots, labels, "hotspots")
    return text + hot_spots_table(data.hot_spots.shown, ctx, src, HOTSPOTS_ID)


def _channels(data: Insights, ctx: PageContext, dark_schemes: Iterable[str]) -> str:
    labels = ctx.labels
    title = labels["channels_all_title"]
    text = _section(title, labels["channels_all_intro"])
    if not data.channels.total:
        return text + escape_markdown(labels["channels_none"]) + "\n\n"
    figure = channels_all_figure(data.channels.shown, labels)
    items = "; ".join(
        labels["breakdown_item"].format(phase=c.channel, proactive=c.proactive, reactive=c.reactive)
        for c in data.channels.shown
    )
    block = chart_block(
        CHANNELS_CHART, title, {"figure": figure}, f"{items}.", dark_schemes=dark_schemes
    )
    return text + _count(data.channels, labels, "channels") + block + "\n\n"


def _team_load(data: Insights, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    text = _section(labels["team_load"], labels["team_load_intro"])
    if not data.teams.total:
        return text + escape_markdown(labels["no_teams"]) + "\n\n"
    text += _count(data.teams, labels, "teams")
    return text + team_load_table(data.teams.shown, ctx, src, TEAM_LOAD_ID)


def _opportunities(data: Insights, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    text = _section(labels["opportunities"], labels["opportunities_intro"])
    if not data.opportunities.total:
        return text + escape_markdown(labels["opportunities_none"]) + "\n\n"
    header = [
        labels["step"],
        labels["touchpoint"],
        labels["owner"],
        labels["friction"],
        labels["pain_point"],
        labels["opportunity"],
    ]
    rows = [
        [
            step_link(ctx, src, ref),
            escape_text(ref.touchpoint.name if ref.touchpoint else ref.step.touchpoint),
            team_link(ctx, src, ref.owner, raw_html=True),
            _number(ref.step.friction, ctx),
            _text(ref.step.pain_point),
            _text(ref.step.opportunity),
        ]
        for ref in data.opportunities.shown
    ]
    table = insights_table("opportunities", header, rows, OPPORTUNITIES_ID)
    return text + _count(data.opportunities, labels, "opportunities") + table


def _journey_link(ctx: PageContext, src: str, file: JourneyFile) -> str:
    return _a(_href(ctx, src, ctx.layout.journey(file.id)), file.journey.title)


def _third_parties(data: Insights, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    heading = f"## {escape_markdown(labels['third_parties'])}\n\n"
    if not data.third_party_steps:
        return heading + escape_markdown(labels["third_parties_none"]) + "\n\n"
    intro = labels["third_parties_intro"].format(
        percent=format_percent(data.third_party_share, labels),
        count=data.third_party_steps,
        total=data.steps,
    )
    header = [labels["journey"], labels["third_party_steps"], labels["steps"], labels["share"]]
    rows = [
        [
            _journey_link(ctx, src, share.file),
            str(share.third_party_steps),
            str(share.steps),
            escape_text(format_percent(share.share, labels)),
        ]
        for share in data.third_party_journeys.shown
    ]
    table = insights_table("third-parties", header, rows, THIRD_PARTIES_ID)
    count = _count(data.third_party_journeys, labels, "third-parties")
    return heading + escape_markdown(intro) + "\n\n" + count + table


def _journeys_by_friction(data: Insights, ctx: PageContext, src: str) -> str:
    labels = ctx.labels
    text = _section(labels["journeys_by_friction"], labels["journeys_by_friction_intro"])
    if not data.journeys_by_friction.total:
        return text + escape_markdown(labels["journeys_by_friction_none"]) + "\n\n"
    header = [labels["journey"], labels["owner"], labels["steps_with_friction"]]
    header.append(labels["mean_friction"])
    rows = [
        [
            _journey_link(ctx, src, item.file),
            team_link(ctx, src, item.file.journey.owner, raw_html=True),
            str(item.steps),
            _mean(item.mean, ctx),
        ]
        for item in data.journeys_by_friction.shown
    ]
    table = insights_table("journey-friction", header, rows, JOURNEY_FRICTION_ID)
    return text + _count(data.journeys_by_friction, labels, "journeys-by-friction") + table


def insights_page(
    journeys: Sequence[JourneyFile],
    teams: Sequence[Team],
    ctx: PageContext,
    *,
    top: int = DEFAULT_TOP,
    dark_schemes: Iterable[str] = DEFAULT_DARK_SCHEMES,
    found: Scan | None = None,
) -> GeneratedPage:
    """The insights page of a handbook, each part bounded by `top` (`found`: the build's
    scan of these journeys, so it is not made twice)."""
    labels = ctx.labels
    src = INSIGHTS_PAGE
    data = insights(journeys, teams, top, found=found)
    title = labels["insights"]
    parts = [
        front_matter(title),
        f"# {escape_markdown(title)}\n\n",
        escape_markdown(labels["insights_intro"].format(journeys=data.journeys, steps=data.steps))
        + "\n\n",
        _hot_spots(data, ctx, src),
        _channels(data, ctx, dark_schemes),
        _team_load(data, ctx, src),
        _opportunities(data, ctx, src),
        _third_parties(data, ctx, src),
        _journeys_by_friction(data, ctx, src),
    ]
    return GeneratedPage(src, title, "".join(parts).rstrip("\n") + "\n", "insights")
