"""Rules across objects and files: unique ids, references, and the warnings of the spec."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, TeamsSource
from mkdocs_touchpoints.reading.locate import has_key, locate
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.salvage import UNKNOWN, valid_teams
from mkdocs_touchpoints.reading.suggest import did_you_mean

RESERVED_TOUCHPOINT_IDS = ("measured", "table")
"""Touchpoint ids whose anchors (`tp-measured`, `tp-table`) are the journey page's tables."""


def _diag(
    file: JourneyFile, path: tuple[str | int, ...], severity: Severity, code: str, message: str
) -> Diagnostic:
    mark = locate(file.tree, path)
    return Diagnostic(file.display, mark.line, mark.column, severity, code, message)


def _error(file: JourneyFile, path: tuple[str | int, ...], code: str, message: str) -> Diagnostic:
    return _diag(file, path, Severity.ERROR, code, message)


def journey_problems(file: JourneyFile, team_ids: set[str] | None) -> Iterator[Diagnostic]:
    """Unique ids, references and warnings inside one journey."""
    journey = file.journey
    first_phase: dict[str, int] = {}
    for position, phase in enumerate(journey.phases):
        index = file.index_in_file("phases", position)
        where: tuple[str | int, ...] = ("phases", index)
        if has_key(file.tree, (*where, "id")):
            where = (*where, "id")
        if not phase.id:
            yield _error(
                file,
                where,
                "invalid-id",
                f"cannot make an id from the phase name {quote(phase.name)}; "
                "give the phase an 'id'",
            )
        elif phase.id in first_phase:
            line = locate(file.tree, ("phases", first_phase[phase.id])).line
            yield _error(
                file,
                where,
                "duplicate-id",
                f"duplicate phase id {quote(phase.id)} (first at line {line})",
            )
        else:
            first_phase[phase.id] = index
    first_touchpoint: dict[str, int] = {}
    for position, touchpoint in enumerate(journey.touchpoints):
        index = file.index_in_file("touchpoints", position)
        if touchpoint.id in RESERVED_TOUCHPOINT_IDS:
            yield _error(
                file,
                ("touchpoints", index, "id"),
                "reserved-id",
                f"the touchpoint id {quote(touchpoint.id)} is reserved: its anchor "
                f"'tp-{touchpoint.id}' is a table of the journey page; choose another id",
            )
        if touchpoint.id in first_touchpoint:
            line = locate(file.tree, ("touchpoints", first_touchpoint[touchpoint.id], "id")).line
            yield _error(
                file,
                ("touchpoints", index, "id"),
                "duplicate-id",
                f"duplicate touchpoint id {quote(touchpoint.id)} (first at line {line})",
            )
        else:
            first_touchpoint[touchpoint.id] = index
    if team_ids is not None:
        if journey.owner:
            yield from _team_reference(file, ("owner",), journey.owner, team_ids)
        for position, touchpoint in enumerate(journey.touchpoints):
            index = file.index_in_file("touchpoints", position)
            if has_key(file.tree, ("touchpoints", index, "owner")) and touchpoint.owner:
                yield from _team_reference(
                    file, ("touchpoints", index, "owner"), touchpoint.owner, team_ids
                )
    used_phases: set[str] = set()
    used_touchpoints: set[str] = set()
    for position, step in enumerate(journey.steps):
        index = file.index_in_file("steps", position)
        if step.phase in first_phase:
            used_phases.add(step.phase)
        elif not _unchecked(file, "phase", step.phase):
            yield _error(
                file,
                ("steps", index, "phase"),
                "unknown-phase",
                f"unknown phase {quote(step.phase)}{did_you_mean(step.phase, first_phase)}",
            )
        if step.touchpoint in first_touchpoint:
            used_touchpoints.add(step.touchpoint)
        elif not _unchecked(file, "touchpoint", step.touchpoint):
            hint = did_you_mean(step.touchpoint, first_touchpoint)
            yield _error(
                file,
                ("steps", index, "touchpoint"),
                "unknown-touchpoint",
                f"unknown touchpoint {quote(step.touchpoint)}{hint}",
            )
    if file.partial:
        return
    for touchpoint_id, index in first_touchpoint.items():
        if touchpoint_id not in used_touchpoints:
            yield _diag(
                file,
                ("touchpoints", index, "id"),
                Severity.WARNING,
                "unused-touchpoint",
                f"touchpoint {quote(touchpoint_id)} is used by no step",
            )
    for phase_id, index in first_phase.items():
        if phase_id not in used_phases:
            yield _diag(
                file,
                ("phases", index),
                Severity.WARNING,
                "empty-phase",
                f"phase {quote(phase_id)} has no step",
            )


def _unchecked(file: JourneyFile, kind: str, target: str) -> bool:
    """True when a reference may point at an invalid item, already reported."""
    return f"{kind}:{target}" in file.unchecked_ids or f"{kind}:{UNKNOWN}" in file.unchecked_ids


def _team_reference(
    file: JourneyFile, path: tuple[str | int, ...], team_id: str, team_ids: set[str]
) -> Iterator[Diagnostic]:
    if team_id not in team_ids:
        yield _error(
            file,
            path,
            "unknown-team",
            f"unknown team {quote(team_id)}{did_you_mean(team_id, team_ids)}",
        )


def _team_problems(teams: TeamsSource) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    if teams.declared is not None:
        listed = list(enumerate(teams.declared))
    else:
        valid, places = valid_teams(teams.tree)
        listed = list(zip(places, valid, strict=True))
    for index, team in listed:
        if team.id in seen:
            mark = locate(teams.tree, ("teams", index, "id"))
            first = locate(teams.tree, ("teams", seen[team.id], "id")).line
            yield Diagnostic(
                teams.display or "",
                mark.line,
                mark.column,
                Severity.ERROR,
                "duplicate-id",
                f"duplicate team id {quote(team.id)} (first at line {first})",
            )
        else:
            seen[team.id] = index


def _idle_teams(teams: TeamsSource, journeys: list[JourneyFile]) -> Iterator[Diagnostic]:
    owners = {j.journey.owner for j in journeys}
    owners.update(t.owner for j in journeys for t in j.journey.touchpoints if t.owner)
    for index, team in enumerate(teams.declared or []):
        if team.id not in owners:
            mark = locate(teams.tree, ("teams", index, "id"))
            yield Diagnostic(
                teams.display or "",
                mark.line,
                mark.column,
                Severity.WARNING,
                "idle-team",
                f"team {quote(team.id)} owns no journey and no touchpoint",
            )


def owning_metrics(
    diagnostics: list[Diagnostic], teams: TeamsSource, metric_owners: set[str]
) -> list[Diagnostic]:
    """`diagnostics` without the idle-team warnings of teams that own a measured metric
    (known only once the metrics are read, after `check_handbook`): they own something."""
    if not metric_owners or teams.declared is None:
        return diagnostics
    busy = set()
    for index, team in enumerate(teams.declared):
        if team.id in metric_owners:
            mark = locate(teams.tree, ("teams", index, "id"))
            busy.add((teams.display or "", mark.line, mark.column))
    return [
        d for d in diagnostics if d.code != "idle-team" or (d.path, d.line, d.column) not in busy
    ]


def implied_teams(journeys: list[JourneyFile]) -> list[Team]:
    """Without a teams file, the teams are the owners the journeys name (name = id)."""
    owners = {j.journey.owner for j in journeys}
    owners.update(t.owner for j in journeys for t in j.journey.touchpoints if t.owner)
    return [Team(id=owner, name=owner) for owner in sorted(owners)]


def check_handbook(
    journeys: list[JourneyFile],
    teams: TeamsSource,
    diagnostics: list[Diagnostic],
    *,
    whole_folder: bool,
) -> Handbook:
    """Add the cross-file diagnostics and keep only the journeys without errors."""
    problems = list(diagnostics)
    declared = teams.declared
    team_ids = {t.id for t in declared} if declared is not None else None
    problems.extend(_team_problems(teams))
    first_file: dict[str, JourneyFile] = {}
    for file in journeys:
        problems.extend(journey_problems(file, team_ids))
        earlier = first_file.get(file.id)
        if not file.id:
            continue
        if earlier is not None:
            problems.append(
                _error(
                    file,
                    ("id",),
                    "duplicate-id",
                    f"duplicate journey id {quote(file.id)}; already declared in {earlier.display}",
                )
            )
        else:
            first_file[file.id] = file
    failed = {d.path for d in problems if d.severity is Severity.ERROR}
    valid = [f for f in journeys if f.display not in failed and not f.partial]
    if declared is not None and whole_folder and teams.display not in failed:
        problems.extend(_idle_teams(teams, journeys))
    team_list = list(declared) if declared is not None else implied_teams(valid)
    unique = sorted(set(problems), key=lambda d: (d.path, d.line, d.column, d.message))
    return Handbook(valid, team_list, teams, unique)
