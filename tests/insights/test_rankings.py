"""The insights page's rankings on random handbooks, against straightforward sorts.

Each expected order is built the plain way (stable sorts from the least to the most
significant key), not with the key functions of the code under test.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.measures.insights import insights, team_hot_spots
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.pages import PageContext, SiteLayout
from mkdocs_touchpoints.rendering.pages.insights import insights_page

from .conftest import journey_files

TEAMS = ["ann", "bob", "cat", "dan"]
CHANNELS = ["web", "email", "phone", "chat", "store"]
SETTINGS = settings(max_examples=40, deadline=None)

text = st.none() | st.sampled_from(["", "slow", "lost <b>card</b> & PIN"])


@st.composite
def handbooks(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(st.lists(st.sampled_from([f"j{i}" for i in range(12)]), unique=True, max_size=8))
    journeys = []
    for journey_id in ids:
        phases = draw(st.integers(1, 3))
        touchpoints = [
            {
                "id": f"t{i}",
                "name": f"Touchpoint {i}",
                "channel": draw(st.sampled_from(CHANNELS)),
                "type": draw(st.sampled_from(["proactive", "reactive"])),
                "owner": draw(st.none() | st.sampled_from(TEAMS)),
                "third_party": draw(st.booleans()),
            }
            for i in range(draw(st.integers(1, 4)))
        ]
        steps = [
            {
                "phase": f"p{draw(st.integers(0, phases - 1))}",
                "touchpoint": f"t{draw(st.integers(0, len(touchpoints) - 1))}",
                "action": "Acts",
                "friction": draw(st.none() | st.integers(0, 5)),
                "volume": draw(st.none() | st.sampled_from([0, 10, 10.5, 250, 250])),
                "pain_point": draw(text),
                "opportunity": draw(text),
            }
            for _ in range(draw(st.integers(1, 8)))
        ]
        journeys.append(
            {
                "id": journey_id,
                "title": f"Journey {journey_id}",
                "owner": draw(st.sampled_from(TEAMS)),
                "phases": [{"id": f"p{i}", "name": f"Phase {i}"} for i in range(phases)],
                "touchpoints": touchpoints,
                "steps": [{k: v for k, v in s.items() if v is not None} for s in steps],
            }
        )
    return journeys


def all_steps(files: list[JourneyFile]) -> list[dict[str, Any]]:
    """Every step as a plain record: journey id, number, friction, volume, owner, ..."""
    records = []
    for file in files:
        journey = file.journey
        touchpoints = {t.id: t for t in journey.touchpoints}
        for number, step in enumerate(journey.steps, start=1):
            touchpoint = touchpoints[step.touchpoint]
            records.append(
                {
                    "journey": journey.id,
                    "number": number,
                    "friction": step.friction,
                    "volume": step.volume,
                    "owner": touchpoint.owner or journey.owner,
                    "type": touchpoint.type,
                    "channel": touchpoint.channel,
                    "listed": step.pain_point is not None or step.opportunity is not None,
                }
            )
    return records


def spec_order(records: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """Friction desc (none last), volume desc (none last), journey id, step number."""
    order = sorted(records, key=lambda r: r["number"])
    order.sort(key=lambda r: r["journey"])
    order.sort(key=lambda r: r["volume"] if r["volume"] is not None else -1, reverse=True)
    order.sort(key=lambda r: r["friction"] if r["friction"] is not None else -1, reverse=True)
    return [(r["journey"], r["number"]) for r in order]


def table_steps(markdown: str, element_id: str) -> list[tuple[str, int]]:
    """(journey id, step number) of each row of a table of the page, from its step links."""
    match = re.search(rf'<table id="{element_id}"[^>]*>(.*?)</table>', markdown, re.S)
    if match is None:
        return []
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)[1:]
    steps = []
    for row in rows:
        journey, number = re.search(r'href="\.\./journeys/([^/]+)/#step-(\d+)"', row).groups()
        steps.append((journey, int(number)))
    return steps


def counted(markdown: str, name: str) -> tuple[int, int] | None:
    match = re.search(
        rf'data-tp-count="{name}" data-tp-shown="(\d+)" data-tp-total="(\d+)"', markdown
    )
    return (int(match.group(1)), int(match.group(2))) if match else None


def page_of(files: list[JourneyFile], top: int) -> str:
    teams = [Team(id=t, name=t.upper()) for t in TEAMS]
    ctx = PageContext(labels_for("en"), SiteLayout(), {t.id: t for t in teams})
    return insights_page(files, teams, ctx, top=top).markdown


@SETTINGS
@given(handbooks(), st.integers(0, 12))
def test_hot_spots_follow_the_spec_order_and_are_bounded(journeys: list, top: int) -> None:
    files = journey_files(journeys)
    records = [r for r in all_steps(files) if r["friction"] is not None]
    expected = spec_order(records)
    markdown = page_of(files, top)
    assert table_steps(markdown, "tp-hotspots") == expected[:top]
    if records:
        assert counted(markdown, "hotspots") == (min(top, len(records)), len(records))
    else:
        assert 'id="tp-hotspots"' not in markdown


@SETTINGS
@given(handbooks(), st.integers(0, 12))
def test_opportunities_follow_the_hot_spot_order_frictionless_last(
    journeys: list, top: int
) -> None:
    files = journey_files(journeys)
    records = [r for r in all_steps(files) if r["listed"]]
    expected = spec_order(records)
    markdown = page_of(files, top)
    assert table_steps(markdown, "tp-opportunities") == expected[:top]
    if records:
        assert counted(markdown, "opportunities") == (min(top, len(records)), len(records))


@SETTINGS
@given(handbooks(), st.integers(0, 6))
def test_team_load_rows_in_team_id_order_with_their_figures(journeys: list, top: int) -> None:
    files = journey_files(journeys)
    records = all_steps(files)
    data = insights(files, [Team(id=t, name=t) for t in TEAMS], top)
    assert [row.team for row in data.teams.shown] == sorted(TEAMS)[:top]
    assert data.teams.total == len(TEAMS)
    for row in data.teams.shown:
        mine = [r for r in records if r["owner"] == row.team]
        frictions = [r["friction"] for r in mine if r["friction"] is not None]
        pairs = [
            (f.id, t.id)
            for f in files
            for t in f.journey.touchpoints
            if (t.owner or f.journey.owner) == row.team
        ]
        assert row.journeys == sum(1 for f in files if f.journey.owner == row.team)
        assert row.touchpoints == len(pairs)
        assert row.steps == len(mine)
        proactive = sum(1 for r in mine if r["type"] == "proactive")
        assert row.proactive_share == (proactive / len(mine) if mine else None)
        assert row.mean_friction == (sum(frictions) / len(frictions) if frictions else None)
    markdown = page_of(files, top)
    rows = re.search(r'<table id="tp-team-load"[^>]*>(.*?)</table>', markdown, re.S)
    names = re.findall(r'href="\.\./teams/([^/]+)/"', rows.group(1)) if rows else []
    assert names == sorted(TEAMS)[:top]
    assert counted(markdown, "teams") == (min(top, len(TEAMS)), len(TEAMS))


@SETTINGS
@given(handbooks(), st.integers(0, 6))
def test_channels_chart_counts_steps_per_type_and_is_bounded(journeys: list, top: int) -> None:
    files = journey_files(journeys)
    records = all_steps(files)
    markdown = page_of(files, top)
    channels = {r["channel"] for r in records}
    if not channels:
        assert 'data-tp-chart="channels-all"' not in markdown
        return
    match = re.search(r'data-tp-chart="channels-all"[^>]*data-tp-figure="([^"]*)"', markdown)
    figure = json.loads(unescape(match.group(1)))["figure"]
    proactive, reactive = figure["data"]
    assert (proactive["name"], reactive["name"]) == ("Proactive", "Reactive")
    assert proactive["x"] == reactive["x"]
    assert len(proactive["x"]) == min(top, len(channels))
    totals = {c: sum(1 for r in records if r["channel"] == c) for c in channels}
    busiest = sorted(sorted(channels), key=lambda c: -totals[c])
    assert proactive["x"] == busiest[:top]
    for index, channel in enumerate(proactive["x"]):
        mine = [r for r in records if r["channel"] == channel]
        assert proactive["y"][index] == sum(1 for r in mine if r["type"] == "proactive")
        assert reactive["y"][index] == sum(1 for r in mine if r["type"] == "reactive")
    assert counted(markdown, "channels") == (min(top, len(channels)), len(channels))


@SETTINGS
@given(handbooks(), st.integers(0, 6))
def test_every_list_is_bounded_and_counts_everything(journeys: list, top: int) -> None:
    files = journey_files(journeys)
    data = insights(files, [Team(id=t, name=t) for t in TEAMS], top)
    ranked = [
        data.hot_spots,
        data.opportunities,
        data.channels,
        data.teams,
        data.third_party_journeys,
        data.journeys_by_friction,
    ]
    for ranking in ranked:
        assert len(ranking.shown) == min(top, ranking.total)
    with_friction = [f for f in files if any(s.friction is not None for s in f.journey.steps)]
    assert data.journeys_by_friction.total == len(with_friction)
    means = [j.mean for j in data.journeys_by_friction.shown]
    assert means == sorted(means, reverse=True)
    shares = [j.share for j in data.third_party_journeys.shown]
    assert shares == sorted(shares, reverse=True) and all(shares)
    markdown = page_of(files, top)
    for table in re.findall(r"<table[^>]*>(.*?)</table>", markdown, re.S):
        assert len(re.findall(r"<tr>", table)) - 1 <= top


@SETTINGS
@given(handbooks())
def test_team_hot_spots_are_the_teams_first_five(journeys: list) -> None:
    files = journey_files(journeys)
    records = [r for r in all_steps(files) if r["friction"] is not None]
    by_team = team_hot_spots(files)
    for team in TEAMS:
        expected = spec_order([r for r in records if r["owner"] == team])[:5]
        assert [(ref.journey_id, ref.number) for ref in by_team.get(team, [])] == expected
