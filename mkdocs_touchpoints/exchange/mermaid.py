"""A journey as a Mermaid `journey` diagram; every name goes through `sinks.mermaid`."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.sinks.mermaid import clean_actor, clean_comment, clean_name, clean_task

NEUTRAL_SCORE = 3
"""Mermaid scores run from 1 to 5; a step without sentiment sits in the middle."""
INDENT_SECTION, INDENT_TASK = " " * 4, " " * 6


def score(sentiment: int | None) -> int:
    """Mermaid's 1..5 score of a step: sentiment + 3, 3 when it has none."""
    return NEUTRAL_SCORE if sentiment is None else sentiment + NEUTRAL_SCORE


def journey_diagram(journey: Journey) -> str:
    """`%% journey: <id>`, then the diagram: a section each time the phase changes."""
    phases = {phase.id: clean_name(phase.name) for phase in journey.phases}
    actors = {touchpoint.id: clean_actor(touchpoint.name) for touchpoint in journey.touchpoints}
    lines = [f"%% journey: {clean_comment(str(journey.id))}", "journey"]
    lines.append(f"{INDENT_SECTION}title {clean_name(journey.title)}")
    current: str | None = None
    for step in journey.steps:
        if step.phase != current:
            section = phases.get(step.phase) or clean_name(step.phase)
            lines.append(f"{INDENT_SECTION}section {section}")
            current = step.phase
        actor = actors.get(step.touchpoint) or clean_actor(step.touchpoint)
        lines.append(f"{INDENT_TASK}{clean_task(step.action)}: {score(step.sentiment)}: {actor}")
    return "\n".join(lines) + "\n"


def diagrams(journeys: Iterable[Journey]) -> str:
    """Every journey's diagram, a blank line between two."""
    return "\n".join(journey_diagram(journey) for journey in journeys)
