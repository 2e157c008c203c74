"""Diagnostics as text, GitHub workflow commands or JSON (`validate --format`); the escaping
of each is its sink's (`sinks.terminal`, `sinks.github`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.sinks import github

FORMATS = ("text", "github", "json")


def as_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One `PATH:LINE:COLUMN: severity: MESSAGE` line each (escaped by `Diagnostic.format`;
    a line that would start with `::` cannot be read as a workflow command)."""
    return "".join(github.line(d.format()) + "\n" for d in diagnostics)


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """`::error file=PATH,line=N,col=M::MESSAGE` workflow commands."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        lines.append(
            github.command(command, {"file": d.path, "line": d.line, "col": d.column}, d.message)
        )
    return "".join(lines)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with path, line, column, severity, code and message."""
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": as_text, "github": as_github, "json": as_json}


def summary(diagnostics: Sequence[Diagnostic], journeys: int | None) -> str:
    """`3 valid journeys; 1 error, 2 warnings`, for people (without `journeys`, for a file
    that holds none: `1 error, 2 warnings`)."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    counts = f"{errors} error{'s' if errors != 1 else ''}, "
    counts += f"{warnings} warning{'s' if warnings != 1 else ''}"
    if journeys is None:
        return counts
    return f"{journeys} valid journey{'s' if journeys != 1 else ''}; {counts}"
