"""During `mkdocs serve`: keep the last valid version of a journey that became invalid.

MkDocs 1.6's dev server holds every request until a build succeeds, so in
serve mode the plugin does not stop the build on a broken journey: it logs the
diagnostics and publishes the journey as it was when it was last valid (a
journey never valid since the server started is left out). `mkdocs build`
never uses this: it stops with the diagnostics. Nothing here imports MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mkdocs_touchpoints.reading.checks import implied_teams
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile
from mkdocs_touchpoints.reading.model import Team


@dataclass(slots=True)
class PublishedHandbook:
    """The journeys and teams a build publishes."""

    journeys: list[JourneyFile]
    teams: list[Team]
    kept: list[str] = field(default_factory=list)
    """Display paths of broken files published in their last valid version."""
    teams_kept: bool = False
    """True when the teams file is broken and its last valid version is used."""


def published(handbook: Handbook) -> PublishedHandbook:
    """What a build publishes when nothing is kept: the valid journeys and the teams."""
    return PublishedHandbook(list(handbook.journeys), list(handbook.teams))


class LastValid:
    """The last valid version of every journey file and of the teams file, across rebuilds."""

    def __init__(self) -> None:
        self._journeys: dict[str, JourneyFile] = {}
        self._teams: list[Team] | None = None

    def publish(self, handbook: Handbook) -> PublishedHandbook:
        """Remember the valid files of `handbook`; stand in for the broken ones."""
        failed = handbook.failed_paths
        valid = {f.display: f for f in handbook.journeys}
        ids = {f.id for f in handbook.journeys}
        kept: list[JourneyFile] = []
        for path in sorted(failed):
            last = self._journeys.get(path)
            if last is not None and last.id not in ids:
                kept.append(last)
                ids.add(last.id)
        # Forget files that are gone (neither valid nor failed now); remember the valid ones.
        self._journeys = {p: f for p, f in self._journeys.items() if p in failed}
        self._journeys.update(valid)
        journeys = sorted([*handbook.journeys, *kept], key=lambda f: PurePosixPath(f.rel).parts)
        source = handbook.teams_source
        teams_broken = source.display is not None and source.display in failed
        teams_kept = False
        if teams_broken and self._teams is not None:
            teams, teams_kept = list(self._teams), True
        elif source.declared is not None and not teams_broken:
            teams = list(source.declared)
            self._teams = teams
        else:
            if source.display is None:
                self._teams = None  # no teams file (any more): teams are the owners named
            teams = implied_teams(journeys) if kept else list(handbook.teams)
        return PublishedHandbook(journeys, teams, [f.display for f in kept], teams_kept)
