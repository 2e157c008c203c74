"""What the commands that read a handbook share: the PATH/--teams rule and the error report."""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs_touchpoints.cli.report import as_text, summary
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, SourceError
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import load_file, load_folder

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def load_target(path: str, teams: str | None) -> Handbook:
    """PATH is a journeys folder or one journey file; `--teams` overrides `_teams.yml` beside it.

    Raises `SourceError` (a usage error, exit 2) when a path does not exist.
    """
    target = Path(path)
    teams_path = Path(teams) if teams else None
    if target.is_dir():
        handbook = load_folder(target, teams_path, display_base=path)
    elif target.is_file():
        handbook = load_file(target, teams_path, display=path)
    else:
        raise SourceError(f"no such file or folder: {path}")
    if teams_path is not None and not teams_path.is_file():
        raise SourceError(f"no such teams file: {teams}")
    return handbook


def report_problems(diagnostics: list[Diagnostic], journeys: int) -> int:
    """Invalid input: the diagnostics on stdout (as `validate` prints them), a count on stderr."""
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
