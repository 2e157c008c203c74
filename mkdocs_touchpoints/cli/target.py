"""What the commands that read a handbook share: the PATH/--teams rule and the error report."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, SourceError
from mkdocs_touchpoints.reading.files import Scope, exists
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import JOURNEY_SUFFIXES, load_file, load_folder, teams_scope
from mkdocs_touchpoints.reading.report import as_text, summary

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CLI_TEAMS_SCOPE = "the journeys folder and the folder of --teams"


def load_target(path: str, teams: str | None) -> Handbook:
    """PATH is a journeys folder or one journey file; `--teams` overrides `_teams.yml` beside it.

    Raises `SourceError` (a usage error, exit 2) when a path does not exist. A link or a
    special file at PATH, in the folder or as the teams file is reported at its path (the
    loader reads only regular files inside the folder, or inside the folder of `--teams`).
    """
    target = Path(path)
    teams_path = Path(teams) if teams else None
    if not exists(target):
        raise SourceError(f"no such file or folder: {path}")
    if teams_path is not None and not exists(teams_path):
        raise SourceError(f"no such teams file: {teams}")
    if target.is_dir():
        return load_folder(
            target, teams_path, display_base=path, teams_in=_teams_in(target, teams_path)
        )
    if target.name.startswith(("_", ".")) or not target.name.endswith(JOURNEY_SUFFIXES):
        # `_teams.yml`, `_metrics.yml` and the observation files are checked with the
        # journeys folder they belong to; a journey check of them would be nonsense.
        raise SourceError(
            f"{path} is not a journey file (a .yml or .yaml file whose name does not start "
            "with '_' or '.'); give the journeys folder, which checks the teams and metrics "
            "files too"
        )
    scope = _teams_in(target.parent, teams_path)
    return load_file(target, teams_path, display=path, teams_in=scope)


def _teams_in(journeys: Path, teams: Path | None) -> Scope:
    """Where the teams file may be: the journeys folder, or the folder `--teams` names."""
    if teams is None:
        return teams_scope(journeys)
    return teams_scope(journeys, teams.parent, name=CLI_TEAMS_SCOPE)


def report_problems(diagnostics: list[Diagnostic], journeys: int | None = None) -> int:
    """Invalid input: the diagnostics on stdout (as `validate` prints them), a count on stderr
    (with `journeys`, the valid journeys too)."""
    sys.stdout.write(as_text(diagnostics))
    print(summary(diagnostics, journeys), file=sys.stderr)
    return EXIT_PROBLEMS


def report_warnings(diagnostics: list[Diagnostic]) -> None:
    """Warnings of an input good enough to use: on stderr, so stdout stays the output."""
    sys.stderr.write(as_text(diagnostics))


def write_output(text: str) -> None:
    """Write a command's output to stdout as UTF-8 bytes, whatever the locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
