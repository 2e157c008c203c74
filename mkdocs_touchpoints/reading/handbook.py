"""The data the loader produces: source files, valid journeys, teams and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.metrics_model import Metrics
from mkdocs_touchpoints.reading.model import Journey, Team
from mkdocs_touchpoints.reading.yamlsource import LocDict


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file to read: its text as bytes, where it is shown, and its path in the folder."""

    display: str
    """The path diagnostics print."""
    rel: str
    """POSIX path relative to the journeys folder (`delivery/late.yml`)."""
    data: bytes


@dataclass(slots=True)
class JourneyFile:
    """A valid journey and where it came from."""

    journey: Journey
    display: str
    rel: str
    tree: LocDict
    digest: str
    partial: bool = False
    """True when the file has errors and only its valid parts are here (for reference checks)."""
    unchecked_ids: frozenset[str] = frozenset()
    """Ids of invalid phases and touchpoints: references to them are not reported again."""
    positions: dict[str, list[int]] = field(default_factory=dict)
    """For a partial journey, the index in the file of each kept phase, touchpoint and step."""

    def index_in_file(self, key: str, index: int) -> int:
        """Where item `index` of `phases`, `touchpoints` or `steps` stands in the file."""
        kept = self.positions.get(key)
        return kept[index] if kept is not None else index

    @property
    def id(self) -> str:
        """The journey id (defaults applied)."""
        return self.journey.id or ""

    @property
    def group(self) -> tuple[str, ...]:
        """The sub-folders the file is in (empty at the top of the journeys folder)."""
        return PurePosixPath(self.rel).parent.parts


@dataclass(slots=True)
class TeamsSource:
    """The teams file as read; all None when there is none."""

    display: str | None = None
    tree: LocDict | None = None
    declared: list[Team] | None = None
    """The teams of the file, or None when there is no teams file (or it is invalid)."""


@dataclass(slots=True)
class Handbook:
    """Everything read from a journeys folder: valid journeys, teams and diagnostics."""

    journeys: list[JourneyFile]
    teams: list[Team]
    teams_source: TeamsSource
    diagnostics: list[Diagnostic] = field(default_factory=list)
    metrics: Metrics = field(default_factory=Metrics)
    """Measured metrics (`_metrics.yml`, `_metrics/**/*.csv`); read only with a whole folder."""

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that are errors."""
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The diagnostics that are warnings."""
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def failed_paths(self) -> set[str]:
        """Display paths of files with at least one error."""
        return {d.path for d in self.errors}

    def team(self, team_id: str) -> Team | None:
        """The team with that id, if any."""
        return next((t for t in self.teams if t.id == team_id), None)

    def forget_trees(self) -> None:
        """Drop the located YAML trees, once no diagnostic will be located in them.

        They are about 40 % of a loaded handbook's memory. A one-off build whose
        journey pages a worker renders (and locates) needs them no more; `locate`
        in an empty tree gives 1:1.
        """
        for file in self.journeys:
            file.tree = LocDict(0)
        self.teams_source.tree = None
