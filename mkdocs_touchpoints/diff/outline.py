"""A journey or teams file as a canonical outline, one fact per line, for git's textconv.

git diffs the outlines of the two versions line by line, so `git log -p` shows what
changed in the map (a touchpoint's type, a step's friction) instead of YAML edits,
and changes of style, comments or key order vanish.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_touchpoints.measures.registry import step_measures
from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import TEAMS_FILE_NAME, build_handbook, load_teams
from mkdocs_touchpoints.reading.model import Journey, Team


def _flat(text: str) -> str:
    return " ".join(text.split())


def journey_outline(journey: Journey, *, with_id: bool = True) -> Iterator[str]:
    """The lines of one journey: fields, phases, touchpoints, then steps in order.

    `with_id=False` leaves out the id line, for a file that does not write its id
    (git hands textconv a temporary file whose name is not the journey's).
    """
    if with_id:
        yield f"journey {journey.id}"
    yield f"title: {_flat(journey.title)}"
    yield f"owner: {journey.owner}"
    if journey.persona:
        yield f"persona: {_flat(journey.persona)}"
    if journey.tags:
        yield f"tags: {', '.join(journey.tags)}"
    if journey.description:
        yield f"description: {_flat(journey.description)}"
    for phase in journey.phases:
        yield f"phase {phase.id}: {_flat(phase.name)}"
        if phase.description:
            yield f"phase {phase.id} description: {_flat(phase.description)}"
    for touchpoint in journey.touchpoints:
        prefix = f"touchpoint {touchpoint.id}"
        yield f"{prefix}: {_flat(touchpoint.name)}"
        yield f"{prefix} channel: {touchpoint.channel}"
        yield f"{prefix} type: {touchpoint.type}"
        yield f"{prefix} owner: {touchpoint.owner}"
        yield f"{prefix} third_party: {'true' if touchpoint.third_party else 'false'}"
        if touchpoint.description:
            yield f"{prefix} description: {_flat(touchpoint.description)}"
    for step in journey.steps:
        yield f"step {step.phase} / {step.touchpoint}: {_flat(step.action)}"
        metrics = [
            f"{measure.id} {value}"
            for measure, value in ((m, m.of(step)) for m in step_measures())
            if value is not None
        ]
        if metrics:
            yield "  " + ", ".join(metrics)
        if step.pain_point:
            yield f"  pain point: {_flat(step.pain_point)}"
        if step.opportunity:
            yield f"  opportunity: {_flat(step.opportunity)}"


def teams_outline(teams: list[Team]) -> Iterator[str]:
    """The lines of a teams file."""
    for team in teams:
        yield f"team {team.id}: {_flat(team.name)}"
        for name in ("contact", "url", "description"):
            value = getattr(team, name)
            if value:
                yield f"team {team.id} {name}: {_flat(value)}"


def outline(data: bytes, name: str) -> str:
    """The outline of a file's contents; the text itself when it is not valid.

    A name ending in `_teams.yml` is read as a teams file first.
    """
    if name.endswith(TEAMS_FILE_NAME):
        source, problems = load_teams(data, name)
        if source.declared is not None and not problems:
            return "".join(line + "\n" for line in teams_outline(source.declared))
    book = build_handbook([SourceFile(name, name, data)], TeamsSource(), whole_folder=False)
    if book.journeys and not book.errors:
        file = book.journeys[0]
        lines = journey_outline(file.journey, with_id="id" in file.tree)
        return "".join(line + "\n" for line in lines)
    return data.decode("utf-8", errors="replace")
