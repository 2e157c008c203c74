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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Phase, Step, Team, Touchpoint

T = TypeVar("T")

TEAM_HOT_SPOTS = 5
"""Most hot spots a team page shows."""
DEFAULT_TOP = 20
"""The default of the `insights.top` option: most rows, bars or journeys each part shows."""


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


def step_ref(file: JourneyFile, number: int) -> StepRef:
    """The `number`-th step (1-based) of a journey, with its phase and touchpoint."""
    journey = file.journey
    step = journey.steps[number - 1]
    return StepRef(
        file, number, step, journey.phase(step.phase), journey.touchpoint(step.touchpoint)
    )


Rank = tuple[Any, ...]
"""A sort key that ends with the journey id and the step number (unique in a handbook)."""


def hot_spot_rank(step: Step, journey_id: str, number: int) -> Rank:
    """Highest friction first, then higher volume (none last), journey id, step number."""
    volume = step.volume
    return (-(step.friction or 0), volume is None, -(volume or 0), journey_id, number)


def opportunity_rank(step: Step, journey_id: str, number: int) -> Rank:
    """As the hot spots, with the steps without friction last."""
    return (step.friction is None, *hot_spot_rank(step, journey_id, number))


def is_opportunity(step: Step) -> bool:
    """A step with a pain point or an opportunity (an empty text counts: it is given)."""
    return step.pain_point is not None or step.opportunity is not None


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
    return scan(journeys, teams).loads


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


@dataclass(slots=True)
class Scan:
    """Everything the insights need, gathered in one pass over every step."""

    files: list[JourneyFile] = field(default_factory=list)
    steps: int = 0
    hot: list[tuple[Rank, int]] = field(default_factory=list)
    """(rank, file index) of each step with a friction."""
    listed: list[tuple[Rank, int]] = field(default_factory=list)
    """(rank, file index) of each step with a pain point or an opportunity."""
    hot_by_team: dict[str, list[tuple[Rank, int]]] = field(default_factory=dict)
    channels: dict[str, list[int]] = field(default_factory=dict)
    """Per channel, [proactive steps, reactive steps]."""
    loads: dict[str, TeamLoad] = field(default_factory=dict)
    third_party_steps: int = 0
    shares: list[JourneyShare] = field(default_factory=list)
    frictions: list[JourneyFriction] = field(default_factory=list)

    def refs(self, ranked: Iterable[tuple[Rank, int]]) -> list[StepRef]:
        """The steps behind (rank, file index) pairs, in that order."""
        return [step_ref(self.files[index], rank[-1]) for rank, index in ranked]

    def team_hot_spots(self, limit: int = TEAM_HOT_SPOTS) -> dict[str, list[StepRef]]:
        """Per team, the first `limit` hot spots on the touchpoints it owns (hot spot order)."""
        return {
            team: self.refs(heapq.nsmallest(limit, hot)) for team, hot in self.hot_by_team.items()
        }


def scan(journeys: Iterable[JourneyFile], teams: Sequence[Team]) -> Scan:
    """One pass over every journey and step (rankings are kept as plain tuples, so a
    thousand journeys cost a sort of tuples, not thousands of objects)."""
    found = Scan(loads={t.id: TeamLoad(t.id) for t in teams})
    loads = found.loads

    def load(team: str) -> TeamLoad:
        if team not in loads:
            loads[team] = TeamLoad(team)
        return loads[team]

    for index, file in enumerate(journeys):
        found.files.append(file)
        journey, journey_id = file.journey, file.id
        load(journey.owner).journeys += 1
        touchpoints = {}
        for item in journey.touchpoints:
            touchpoints[item.id] = item
            load(item.owner or journey.owner).touchpoints += 1
        outside = frictions = friction_sum = 0
        for number, step in enumerate(journey.steps, start=1):
            touchpoint = touchpoints.get(step.touchpoint)
            owner = (touchpoint.owner if touchpoint else None) or journey.owner
            row = load(owner)
            if touchpoint is not None:
                row.steps += 1
                proactive = touchpoint.type == "proactive"
                row.proactive_steps += proactive
                found.channels.setdefault(touchpoint.channel, [0, 0])[not proactive] += 1
                outside += touchpoint.third_party
            if step.friction is not None:
                frictions += 1
                friction_sum += step.friction
                if touchpoint is not None:
                    row.friction_sum += step.friction
                    row.friction_steps += 1
                hot = (hot_spot_rank(step, journey_id, number), index)
                found.hot.append(hot)
                found.hot_by_team.setdefault(owner, []).append(hot)
            if is_opportunity(step):
                found.listed.append((opportunity_rank(step, journey_id, number), index))
        found.steps += len(journey.steps)
        found.third_party_steps += outside
        if outside:
            found.shares.append(JourneyShare(file, outside, len(journey.steps)))
        if frictions:
            found.frictions.append(JourneyFriction(file, friction_sum / frictions, frictions))
    found.loads = {team: loads[team] for team in sorted(loads)}
    return found


def insights(
    journeys: Sequence[JourneyFile],
    teams: Sequence[Team],
    top: int = DEFAULT_TOP,
    *,
    found: Scan | None = None,
) -> Insights:
    """The insights of a handbook, each list bounded by `top` (from `found`, the scan of
    these journeys and teams, when the caller has it)."""
    found = found if found is not None else scan(journeys, teams)
    top = max(top, 0)
    channels = sorted(
        (ChannelCount(name, p, r) for name, (p, r) in found.channels.items()),
        key=lambda row: (-row.steps, row.channel),
    )
    return Insights(
        top=top,
        steps=found.steps,
        journeys=len(found.files),
        hot_spots=Ranked(found.refs(heapq.nsmallest(top, found.hot)), len(found.hot)),
        opportunities=Ranked(found.refs(heapq.nsmallest(top, found.listed)), len(found.listed)),
        channels=ranked(channels, top),
        teams=ranked(list(found.loads.values()), top),
        third_party_steps=found.third_party_steps,
        third_party_journeys=ranked(
            found.shares, top, lambda s: (-s.share, -s.third_party_steps, s.file.id)
        ),
        journeys_by_friction=ranked(found.frictions, top, lambda f: (-f.mean, -f.steps, f.file.id)),
        channel_totals={
            "proactive": sum(c.proactive for c in channels),
            "reactive": sum(c.reactive for c in channels),
        },
    )


def team_hot_spots(
    journeys: Iterable[JourneyFile], limit: int = TEAM_HOT_SPOTS
) -> dict[str, list[StepRef]]:
    """Per team, the first `limit` hot spots on the touchpoints it owns (hot spot order)."""
    return scan(journeys, ()).team_hot_spots(limit)
