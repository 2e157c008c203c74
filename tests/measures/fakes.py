"""Small stand-ins for the reader's metric definitions and observation rows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Target:
    """A target: value and direction."""

    value: float
    direction: str = "at-least"


@dataclass(frozen=True, slots=True)
class Definition:
    """A metric definition with the contract's defaults."""

    id: str
    type: str
    name: str = ""
    unit: str | None = None
    owner: str | None = None
    target: Target | None = None
    min_n: int = 30
    hide_below: int = 10
    stale_after: str | None = None
    estimate: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """An observation row (level follows from phase and touchpoint)."""

    metric: str
    period: str
    journey: str
    phase: str | None = None
    touchpoint: str | None = None
    n: int | None = None
    positive: int | None = None
    negative: int | None = None
    value: float | None = None
    source: str | None = None
    path: str = "journeys/_metrics/rows.csv"
    line: int = 2

    @property
    def level(self) -> str:
        if self.touchpoint is None:
            return "journey" if self.phase is None else "phase"
        return "touchpoint" if self.phase is None else "cell"
