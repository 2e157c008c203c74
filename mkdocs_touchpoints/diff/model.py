"""What a semantic diff is made of: rules with stable codes, changes, and the whole result.

Every change carries the code of the rule that classified it. Codes never change
meaning; a new rule gets a new code (the table is in docs/diff.md).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mkdocs_touchpoints.measures.registry import step_measures


class Level(StrEnum):
    """How much a change matters to the people who rely on the map."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for breaking, 1 for warning, 0 for info."""
        return {"breaking": 2, "warning": 1, "info": 0}[self.value]

    def at_least(self, other: Level) -> bool:
        """True when this level is `other` or more serious."""
        return self.rank >= other.rank


class Kind(StrEnum):
    """The kinds of change (the `kind` of the JSON output)."""

    JOURNEY_ADDED = "journey_added"
    JOURNEY_REMOVED = "journey_removed"
    JOURNEY_CHANGED = "journey_changed"
    PHASE_ADDED = "phase_added"
    PHASE_REMOVED = "phase_removed"
    PHASE_CHANGED = "phase_changed"
    TOUCHPOINT_ADDED = "touchpoint_added"
    TOUCHPOINT_REMOVED = "touchpoint_removed"
    TOUCHPOINT_CHANGED = "touchpoint_changed"
    STEP_ADDED = "step_added"
    STEP_REMOVED = "step_removed"
    STEP_CHANGED = "step_changed"
    TEAM_ADDED = "team_added"
    TEAM_REMOVED = "team_removed"
    TEAM_CHANGED = "team_changed"


@dataclass(frozen=True, slots=True)
class Rule:
    """One severity rule: which changes it covers, its level and its stable code."""

    code: str
    level: Level
    kind: Kind
    fields: tuple[str, ...]
    """The fields it covers, for *_changed kinds; empty for the others."""
    summary: str
    """What the rule means, for the docs table and the Markdown legend."""
    referenced: bool | None = None
    """For team_removed: whether the team is still referenced in HEAD (None: not relevant)."""
    measures: bool = False
    """Covers every step measure of the registry, also one registered after `fields` was read."""

    def covers(self, field_name: str | None) -> bool:
        """True when a change of `field_name` falls under this rule (kind aside)."""
        if self.measures and field_name in _measure_ids():
            return True
        return not self.fields or field_name in self.fields


def _measure_ids() -> tuple[str, ...]:
    return tuple(m.id for m in step_measures())


RULES: tuple[Rule, ...] = (
    Rule("TP-B001", Level.BREAKING, Kind.JOURNEY_REMOVED, (), "a journey removed"),
    Rule("TP-B002", Level.BREAKING, Kind.PHASE_REMOVED, (), "a phase removed"),
    Rule("TP-B003", Level.BREAKING, Kind.TOUCHPOINT_REMOVED, (), "a touchpoint removed"),
    Rule(
        "TP-W001",
        Level.WARNING,
        Kind.TOUCHPOINT_CHANGED,
        ("type",),
        "a touchpoint's type changed (proactive ↔ reactive)",
    ),
    Rule(
        "TP-W002",
        Level.WARNING,
        Kind.TOUCHPOINT_CHANGED,
        ("owner",),
        "a touchpoint's owner changed",
    ),
    Rule("TP-W003", Level.WARNING, Kind.JOURNEY_CHANGED, ("owner",), "a journey's owner changed"),
    Rule(
        "TP-W004",
        Level.WARNING,
        Kind.TOUCHPOINT_CHANGED,
        ("third_party",),
        "a touchpoint's third_party flag flipped",
    ),
    Rule(
        "TP-W005",
        Level.WARNING,
        Kind.TOUCHPOINT_CHANGED,
        ("channel",),
        "a touchpoint's channel changed",
    ),
    Rule("TP-W006", Level.WARNING, Kind.JOURNEY_CHANGED, ("phases",), "phases reordered"),
    Rule(
        "TP-W007",
        Level.WARNING,
        Kind.TEAM_REMOVED,
        (),
        "a team removed while HEAD still references it",
        referenced=True,
    ),
    Rule("TP-I001", Level.INFO, Kind.JOURNEY_ADDED, (), "a journey added"),
    Rule(
        "TP-I002",
        Level.INFO,
        Kind.JOURNEY_CHANGED,
        ("title", "description", "persona", "tags"),
        "a journey's title, description, persona or tags reworded",
    ),
    Rule("TP-I003", Level.INFO, Kind.PHASE_ADDED, (), "a phase added"),
    Rule(
        "TP-I004",
        Level.INFO,
        Kind.PHASE_CHANGED,
        ("name", "description"),
        "a phase renamed or its description reworded",
    ),
    Rule("TP-I005", Level.INFO, Kind.TOUCHPOINT_ADDED, (), "a touchpoint added"),
    Rule(
        "TP-I006",
        Level.INFO,
        Kind.TOUCHPOINT_CHANGED,
        ("name", "description"),
        "a touchpoint renamed or its description reworded",
    ),
    Rule("TP-I007", Level.INFO, Kind.STEP_ADDED, (), "a step added"),
    Rule("TP-I008", Level.INFO, Kind.STEP_REMOVED, (), "a step removed"),
    Rule(
        "TP-I009",
        Level.INFO,
        Kind.STEP_CHANGED,
        ("action", "pain_point", "opportunity", "phase", "touchpoint"),
        "a step reworded, or moved to another phase or touchpoint",
    ),
    Rule(
        "TP-I010",
        Level.INFO,
        Kind.STEP_CHANGED,
        _measure_ids(),
        f"a step's metrics changed ({', '.join(_measure_ids())})",
        measures=True,
    ),
    Rule("TP-I011", Level.INFO, Kind.TEAM_ADDED, (), "a team added"),
    Rule(
        "TP-I012",
        Level.INFO,
        Kind.TEAM_REMOVED,
        (),
        "a team removed that HEAD no longer references",
        referenced=False,
    ),
    Rule(
        "TP-I013",
        Level.INFO,
        Kind.TEAM_CHANGED,
        ("name", "description", "contact", "url", "github"),
        "a team renamed, or its description, contact, URL or GitHub handle changed",
    ),
)


def rule_for(kind: Kind, field_name: str | None = None, *, referenced: bool | None = None) -> Rule:
    """The rule that classifies a change; every (kind, field) the comparer emits has one."""
    for rule in RULES:
        if rule.kind is not kind:
            continue
        if not rule.covers(field_name):
            continue
        if rule.referenced is not None and rule.referenced != bool(referenced):
            continue
        return rule
    raise KeyError(f"no rule for {kind} {field_name}")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a changed element stands: the HEAD file, or the BASE file for a removal."""

    path: str
    line: int
    column: int
    side: str = "head"
    """`head` or `base`."""


@dataclass(frozen=True, slots=True)
class Change:
    """One semantic change between BASE and HEAD."""

    kind: Kind
    rule: Rule
    journey: str | None
    """The journey id, or None for a team change."""
    target: str
    """The phase, touchpoint or team id; the field name for journey_changed."""
    message: str
    old: Any = None
    new: Any = None
    field: str | None = None
    """The field that changed, for the *_changed kinds."""
    location: Location | None = None
    step: int | None = None
    """For step changes: the 1-based step number (in HEAD, or in BASE for a removal)."""
    phase: str | None = None
    """For step changes: the step's phase id (the touchpoint id is the target)."""
    detail: str | None = None
    """A short aside the message also carries (`renamed to 'x'?`), for the Markdown table."""

    @property
    def level(self) -> Level:
        """The severity of the rule."""
        return self.rule.level

    @property
    def code(self) -> str:
        """The stable rule code, e.g. `TP-B003`."""
        return self.rule.code

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of `diff --format json`."""
        data: dict[str, Any] = {
            "kind": str(self.kind),
            "severity": str(self.level),
            "code": self.code,
            "journey": self.journey,
            "target": self.target,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }
        if self.step is not None:
            data["step"] = self.step
            data["phase"] = self.phase
        if self.location is not None:
            data["path"] = self.location.path
            data["line"] = self.location.line
            data["column"] = self.location.column
            data["side"] = self.location.side
        return data


@dataclass(frozen=True, slots=True)
class CellChange:
    """A heatmap cell (steps at one phase and touchpoint) whose count changed."""

    journey: str
    phase: str
    """The phase name (as shown on the heatmap)."""
    touchpoint: str
    """The touchpoint name."""
    old: int | None
    """Steps in BASE; None for an empty (or absent) cell."""
    new: int | None


@dataclass(slots=True)
class HandbookDiff:
    """Every change between two handbooks, in a stable order, and the heatmap cells that moved."""

    changes: list[Change] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    """Journey titles by id (HEAD's, or BASE's for a removed journey)."""

    def journeys_with(self, kind: Kind) -> list[str]:
        """Ids of the journeys with a change of that kind."""
        return [c.journey for c in self.changes if c.kind is kind and c.journey]

    def summary(self) -> dict[str, int]:
        """Counts for the summary line and the JSON `summary` object."""
        added = set(self.journeys_with(Kind.JOURNEY_ADDED))
        removed = set(self.journeys_with(Kind.JOURNEY_REMOVED))
        touched = {c.journey for c in self.changes if c.journey} - added - removed
        levels = Counter(c.level for c in self.changes)
        kinds = Counter(c.kind for c in self.changes)
        teams_changed = {c.target for c in self.changes if c.kind is Kind.TEAM_CHANGED}
        return {
            "changes": len(self.changes),
            "breaking": levels[Level.BREAKING],
            "warning": levels[Level.WARNING],
            "info": levels[Level.INFO],
            "journeys_changed": len(touched),
            "journeys_added": len(added),
            "journeys_removed": len(removed),
            "teams_changed": len(teams_changed),
            "teams_added": kinds[Kind.TEAM_ADDED],
            "teams_removed": kinds[Kind.TEAM_REMOVED],
            "heatmap_cells_changed": len(self.cells),
        }

    def worst(self) -> Level | None:
        """The most serious level found, or None when nothing changed."""
        return max((c.level for c in self.changes), key=lambda level: level.rank, default=None)

    def fails(self, threshold: Level | None) -> bool:
        """True when a change is at or above `threshold` (never without a threshold)."""
        worst = self.worst()
        return threshold is not None and worst is not None and worst.at_least(threshold)
