"""The figures of one journey the index page shows."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_touchpoints.measures.registry import metric
from mkdocs_touchpoints.reading.model import Journey


@dataclass(frozen=True, slots=True)
class JourneyStats:
    """Counts, the share of proactive steps and the mean friction of one journey."""

    phases: int
    touchpoints: int
    steps: int
    proactive_steps: int
    mean_friction: float | None
    """None when no step gives a friction."""

    @property
    def proactive_share(self) -> float:
        """Proactive steps over all steps (0 when there is no step)."""
        return self.proactive_steps / self.steps if self.steps else 0.0


def journey_stats(journey: Journey) -> JourneyStats:
    """The figures of `journey`, in one pass over its steps."""
    kinds = {t.id: t.type for t in journey.touchpoints}
    proactive = sum(1 for s in journey.steps if kinds.get(s.touchpoint) == "proactive")
    mean = metric("friction").pooled(journey.steps)
    return JourneyStats(
        len(journey.phases), len(journey.touchpoints), len(journey.steps), proactive, mean
    )
