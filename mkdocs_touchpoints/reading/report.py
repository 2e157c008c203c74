"""Diagnostics as text, GitHub workflow commands or JSON (`validate --format`), and the
workflow-command escaping the diff's annotations share."""

from __future__ import annotations

import json
from collections.abc import Sequence

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity

FORMATS = ("text", "github", "json")


def escape_data(text: str) -> str:
    """Text for the message of a GitHub workflow command (`%`, CR and LF escaped)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Text for a property of a workflow command (`:` and `,` escaped too)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One `PATH:LINE:COLUMN: severity: MESSAGE` line each."""
    return "".join(d.format() + "\n" for d in diagnostics)


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """`::error file=PATH,line=N,col=M::MESSAGE` workflow commands."""
    lines = []
    for d in diagnostics:
        command = "error" if d.severity is Severity.ERROR else "warning"
        lines.append(
            f"::{command} file={escape_property(d.path)},line={d.line},col={d.column}"
            f"::{escape_data(d.message)}\n"
        )
    return "".join(lines)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with path, line, column, severity, code and message."""
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": as_text, "github": as_github, "json": as_json}


def summary(diagnostics: Sequence[Diagnostic], journeys: int) -> str:
    """`3 journeys: 1 error, 2 warnings`, for people."""
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    plural = "s" if journeys != 1 else ""
    return (
        f"{journeys} valid journey{plural}; "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
