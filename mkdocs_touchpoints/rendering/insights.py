"""The figures of the insights page, across every journey: pure computations, no rendering.

The orders are the spec's (journey-format.md, The site):

- hot spots: steps with a friction, highest friction first; ties by volume (higher
  first, a step without volume after those with one), then journey id, then step number;
- opportunities: steps with a pain point or an opportunity, in the same order, the
  steps without friction last;
- team load: one row per team, in team id order.

Every list is a `Ranked`: at most `top` items, and how many there are in all, so the
page's weight does not grow with the handbook. The rankings keep only the `top` best
(`heapq.nsmallest`, equal to `sorted(...)[:top]`), never a sort of every step.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Phase, Step, Team, Touchpoint

T = TypeVar("T")

TEAM_HOT_SPOTS = 5
"""Most hot spots a team page shows."""


@dataclass(frozen=True, slots=True)
class Ranked(Generic[T]):
    """The first `top` items of a ranking, and the number of items in all."""

    shown: list[T]
    total: int


def ranked(items: Iterable[T], top: int, key: Callable[[T], Any] | None = None) -> Ranked[T]:
    """The `top` smallest items by `key` (all of them sorted when fewer), and their count."""
    items = list(items)
    if key is None:
        return Ranked(items[: max(top, 0)], len(items))
    return Ranked(heapq.nsmallest(max(top, 0), items, key=key), len(items))


@dataclass(frozen=True, slots=True)
class StepRef:
    """One step of one journey, with the phase and touchpoint it names."""

    file: JourneyFile
    number: int
    """1-based position in the journey's `steps` (its anchor is `step-<number>`)."""
    step: Step
    phase: Phase | None
    touchpoint: Touchpoint | None

    @property
    def journey_id(self) -> str:
        """The journey id."""
        return self.file.id

    @property
    def owner(self) -> str:
        """The team owning the step's touchpoint (the journey's owner by default)."""
        if self.touchpoint is not None and self.touchpoint.owner:
            return self.touchpoint.owner
        return self.file.journey.owner


def step_refs(journeys: Iterable[JourneyFile]) -> Iterator[StepRef]:
    """Every step of every journey, in journey then step order."""
    for file in journeys:
        journey = file.journey
        phases = {p.id: p for p in journey.phases}
        touchpoints = {t.id: t for t in journey.touchpoints}
        for number, step in enumerate(journey.steps, start=1):
            yield StepRef(
                file, number, step, phases.get(step.phase), touchpoints.get(step.touchpoint)
            )


def hot_spot_key(ref: StepRef) -> tuple[Any, ...]:
    """Highest friction first, then higher volume (none last), journey id, step number."""
    volume = ref.step.volume
    return (-(ref.step.friction or 0), volume is None, -(volume or 0), ref.journey_id, ref.number)


def opportunity_key(ref: StepRef) -> tuple[Any, ...]:
    """As the hot spots, with the steps without friction last."""
    return (ref.step.friction is None, *hot_spot_key(ref))


def is_hot_spot(ref: StepRef) -> bool:
    """A step with a friction."""
    return ref.step.friction is not None


def is_opportunity(ref: StepRef) -> bool:
    """A step with a pain point or an opportunity (an empty text counts: it is given)."""
    return ref.step.pain_point is not None or ref.step.opportunity is not None


@dataclass(slots=True)
class TeamLoad:
    """What one team owns and how its touchpoints fare."""

    team: str
    journeys: int = 0
    touchpoints: int = 0
    """(journey, touchpoint) pairs: the same touchpoint id in two journeys counts twice."""
    steps: int = 0
    """Steps on those touchpoints."""
    proactive_steps: int = 0
    friction_sum: int = 0
    friction_steps: int = 0
    """Steps on those touchpoints that have a friction."""

    @property
    def proactive_share(self) -> float | None:
        """Proactive steps over steps; None when the team's touchpoints have no step."""
        return self.proactive_steps / self.steps if self.steps else None

    @property
    def mean_friction(self) -> float | None:
        """Mean friction of the steps that have one; None when none has."""
        return self.friction_sum / self.friction_steps if self.friction_steps else None


def team_loads(journeys: Iterable[JourneyFile], teams: Sequence[Team]) -> dict[str, TeamLoad]:
    """The load of every team, in team id order (owners missing from `teams` included)."""
    loads: dict[str, TeamLoad] = {t.id: TeamLoad(t.id) for t in teams}

    def load(team: str) -> TeamLoad:
        if team not in loads:
            loads[team] = TeamLoad(team)
        return loads[team]

    for file in journeys:
        journey = file.journey
        load(journey.owner).journeys += 1
        owners = {}
        for touchpoint in journey.touchpoints:
            owners[touchpoint.id] = touchpoint
            load(touchpoint.owner or journey.owner).touchpoints += 1
        for step in journey.steps:
            touchpoint = owners.get(step.touchpoint)
            if touchpoint is None:
                continue
            row = load(touchpoint.owner or journey.owner)
            row.steps += 1
            row.proactive_steps += touchpoint.type == "proactive"
            if step.friction is not None:
                row.friction_sum += step.friction
                row.friction_steps += 1
    return {team: loads[team] for team in sorted(loads)}


@dataclass(frozen=True, slots=True)
class ChannelCount:
    """Steps on one channel's touchpoints, by touchpoint type."""

    channel: str
    proactive: int
    reactive: int

    @property
    def steps(self) -> int:
        """Steps of both types."""
        return self.proactive + self.reactive


def channel_counts(refs: Iterable[StepRef]) -> list[ChannelCount]:
    """Per channel, the steps by type; the busiest channel first, ties by channel name."""
    counts: dict[str, list[int]] = {}
    for ref in refs:
        if ref.touchpoint is None:
            continue
        pair = counts.setdefault(ref.touchpoint.channel, [0, 0])
        pair[ref.touchpoint.type != "proactive"] += 1
    rows = [ChannelCount(channel, p, r) for channel, (p, r) in counts.items()]
    return sorted(rows, key=lambda row: (-row.steps, row.channel))


@dataclass(frozen=True, slots=True)
class JourneyShare:
    """One journey's steps on third-party touchpoints."""

    file: JourneyFile
    third_party_steps: int
    steps: int

    @property
    def share(self) -> float:
        """Third-party steps over steps."""
        return self.third_party_steps / self.steps if self.steps else 0.0


@dataclass(frozen=True, slots=True)
class JourneyFriction:
    """One journey's mean friction over the steps that have one."""

    file: JourneyFile
    mean: float
    steps: int
    """Steps with a friction."""


@dataclass(frozen=True, slots=True)
class Insights:
    """Everything the insights page shows."""

    top: int
    steps: int
    """Steps in all journeys."""
    journeys: int
    hot_spots: Ranked[StepRef]
    opportunities: Ranked[StepRef]
    channels: Ranked[ChannelCount]
    teams: Ranked[TeamLoad]
    third_party_steps: int
    third_party_journeys: Ranked[JourneyShare]
    """Journeys with at least one third-party step, the highest share first."""
    journeys_by_friction: Ranked[JourneyFriction]
    """Journeys with at least one friction, the highest mean first."""
    channel_totals: dict[str, int] = field(default_factory=dict)
    """Steps per touchpoint type across all channels (`proactive`, `reactive`)."""

    @property
    def third_party_share(self) -> float:
        """Steps on third-party touchpoints over all steps (0 without steps)."""
        return self.third_party_steps / self.steps if self.steps else 0.0


def insights(journeys: Sequence[JourneyFile], teams: Sequence[Team], top: int) -> Insights:
    """The insights of a handbook, each list bounded by `top`."""
    refs = list(step_refs(journeys))
    shares: list[JourneyShare] = []
    frictions: list[JourneyFriction] = []
    third_party = 0
    for file in journeys:
        journey = file.journey
        outside = {t.id for t in journey.touchpoints if t.third_party}
        count = sum(1 for s in journey.steps if s.touchpoint in outside)
        third_party += count
        if count:
            shares.append(JourneyShare(file, count, len(journey.steps)))
        values = [s.friction for s in journey.steps if s.friction is not None]
        if values:
            frictions.append(JourneyFriction(file, sum(values) / len(values), len(values)))
    channels = channel_counts(refs)
    loads = list(team_loads(journeys, teams).values())
    return Insights(
        top=top,
        steps=len(refs),
        journeys=len(journeys),
        hot_spots=ranked(filter(is_hot_spot, refs), top, hot_spot_key),
        opportunities=ranked(filter(is_opportunity, refs), top, opportunity_key),
        channels=ranked(channels, top),
        teams=ranked(loads, top),
        third_party_steps=third_party,
        third_party_journeys=ranked(
            shares, top, lambda s: (-s.share, -s.third_party_steps, s.file.id)
        ),
        journeys_by_friction=ranked(frictions, top, lambda f: (-f.mean, -f.steps, f.file.id)),
        channel_totals={
            "proactive": sum(c.proactive for c in channels),
            "reactive": sum(c.reactive for c in channels),
        },
    )


def team_hot_spots(
    journeys: Iterable[JourneyFile], limit: int = TEAM_HOT_SPOTS
) -> dict[str, list[StepRef]]:
    """Per team, the first `limit` hot spots on the touchpoints it owns (hot spot order)."""
    by_team: dict[str, list[StepRef]] = {}
    for ref in filter(is_hot_spot, step_refs(journeys)):
        by_team.setdefault(ref.owner, []).append(ref)
    return {team: heapq.nsmallest(limit, refs, key=hot_spot_key) for team, refs in by_team.items()}
