"""Located diagnostics and the project's exception types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


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
        """`PATH:LINE:COLUMN: error: MESSAGE`, the form editors and CI understand."""
        if not self.line:
            return f"{self.path}: {self.severity}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

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
