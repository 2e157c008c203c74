"""A CODEOWNERS block from the ownership the journey files already state.

A journey file's line asks for review from the `github` handle of its owner and of every
team owning one of its touchpoints, sorted by team id, each handle once. Paths are
relative to the git repository that holds the journeys (to the current folder outside
git), start with `/` so they match that one file, and are escaped by `sinks.codeowners`
(spaces, `#`, glob characters).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile
from mkdocs_touchpoints.sinks.codeowners import pattern

BEGIN = "# BEGIN mkdocs-touchpoints"
END = "# END mkdocs-touchpoints"
GIT_TIMEOUT_SECONDS = 30


def repository_root(folder: Path) -> Path | None:
    """The top folder of the git work tree holding `folder`, or None outside git."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    top = result.stdout.strip()
    return Path(top) if result.returncode == 0 and top else None


def journey_handles(file: JourneyFile, handbook: Handbook) -> list[str]:
    """The handles of the journey's owner and touchpoint owners: by team id, each once."""
    journey = file.journey
    team_ids = {journey.owner, *(t.owner for t in journey.touchpoints if t.owner)}
    handles: list[str] = []
    for team_id in sorted(team_ids):
        team = handbook.team(team_id)
        if team is not None and team.github and team.github not in handles:
            handles.append(team.github)
    return handles


@dataclass(frozen=True, slots=True)
class CodeownersBlock:
    """The lines between the markers; renders as the block, checks a CODEOWNERS file."""

    lines: tuple[str, ...]

    @classmethod
    def of(cls, handbook: Handbook, folder: Path, root: Path) -> CodeownersBlock:
        """The block for the journeys read from `folder`, paths relative to `root`."""
        real_folder = Path(os.path.realpath(folder))
        real_root = Path(os.path.realpath(root))
        lines = []
        for file in handbook.journeys:
            handles = journey_handles(file, handbook)
            if not handles:
                continue
            location = real_folder.joinpath(*file.rel.split("/"))
            try:
                relative = location.relative_to(real_root).as_posix()
            except ValueError:
                raise SourceError(
                    f"{file.display} is outside {root}; run codeowners from the repository "
                    "that holds the journeys"
                ) from None
            try:
                path = pattern(relative)
            except ValueError:
                continue  # validate reports the name (bad-file-name); never an extra line
            lines.append(f"{path} {' '.join(handles)}")
        return cls(tuple(lines))

    def as_text(self) -> str:
        """The block, marker lines included."""
        return "\n".join((BEGIN, *self.lines, END)) + "\n"

    def check(self, text: str, display: str) -> list[Diagnostic]:
        """Nothing when `text` holds exactly these lines between the markers; else why not."""
        found = text.splitlines()
        begin = next((n for n, line in enumerate(found) if line.rstrip() == BEGIN), None)
        end = None
        if begin is not None:
            end = next((n for n in range(begin + 1, len(found)) if found[n].rstrip() == END), None)
        if begin is None or end is None:
            missing = BEGIN if begin is None else END
            line = 1 if begin is None else begin + 1
            return [_stale(display, line, f"no '{missing}' line: add the block")]
        current = found[begin + 1 : end]
        if current == list(self.lines):
            return []
        first = next(
            (n for n, (a, b) in enumerate(zip(current, self.lines, strict=False)) if a != b),
            min(len(current), len(self.lines)),
        )
        return [_stale(display, begin + 2 + first, "the mkdocs-touchpoints block is stale")]


def _stale(display: str, line: int, reason: str) -> Diagnostic:
    message = f"{reason}; replace it with the output of `mkdocs-touchpoints codeowners`"
    return Diagnostic(display, line, 1, Severity.ERROR, "codeowners-stale", message)
