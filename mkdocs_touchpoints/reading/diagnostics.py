"""Located diagnostics and the project's exception types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from mkdocs_touchpoints.sinks.terminal import escape


class Severity(StrEnum):
    """How serious a diagnostic is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One message about one place in one file (line and column are 1-based; 0 for a
    message about the whole file)."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """`PATH:LINE:COLUMN: error: MESSAGE`, the form editors and CI understand, on one line:
        the path and the message go through `sinks.terminal` (every text form of a
        diagnostic, MkDocs' warnings included, is made here)."""
        path, message = escape(self.path), escape(self.message)
        if not self.line:
            return f"{path}: {self.severity}: {message}"
        return f"{path}:{self.line}:{self.column}: {self.severity}: {message}"

    def as_dict(self) -> dict[str, object]:
        """The JSON object of `validate --format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


class TouchpointsError(Exception):
    """Base class of every error this package raises on purpose."""


class JourneyValidationError(TouchpointsError):
    """The journeys have errors; `diagnostics` holds every one of them."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        lines = "\n".join(d.format() for d in self.diagnostics)
        super().__init__(f"{len(errors)} error(s) in the journeys:\n{lines}")


class SourceError(TouchpointsError):
    """A path or revision that cannot be read at all (usage or I/O problem)."""


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
