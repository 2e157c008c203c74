"""`export`: a valid handbook as CSV rows, normalised JSON or Mermaid diagrams.

`HandbookExport` is the result object; each format is one of its renderers. Journeys
come in id order, steps in file order, teams as the teams file lists them.

CSV follows RFC 4180 as Python's `csv` module writes it: fields quoted when they hold a
comma, a quote or a line break, quotes doubled, every record ended by CRLF (line breaks
inside a quoted field stay as written). Text is UTF-8, with a byte-order mark on request
for spreadsheet programs that need one to read accents.

Formula injection: only the free-text columns (`action`, `pain_point`, `opportunity`) can
hold a formula (ids are slugs, numbers are numbers); they go through the formula guard of
`sinks.csv`. Number columns are never touched, so a sentiment of -2 stays the number -2.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_touchpoints.exchange.mermaid import diagrams
from mkdocs_touchpoints.measures.measured import measure_metrics
from mkdocs_touchpoints.measures.registry import step_measures
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.metrics_model import Metrics
from mkdocs_touchpoints.reading.model import Journey, Team
from mkdocs_touchpoints.reading.periods import build_date
from mkdocs_touchpoints.sinks.csv import guard_formula

_LEADING_COLUMNS = (
    "journey",
    "step",
    "phase",
    "touchpoint",
    "channel",
    "type",
    "owner",
    "third_party",
    "action",
)
_TRAILING_COLUMNS = ("pain_point", "opportunity")


def csv_columns() -> tuple[str, ...]:
    """The CSV header: the step's place and text, then one column per registered measure."""
    return (*_LEADING_COLUMNS, *(m.id for m in step_measures()), *_TRAILING_COLUMNS)


TEXT_COLUMNS = frozenset({"action", "pain_point", "opportunity"})
"""The columns of free text, the only ones the formula guard changes."""
BOM = "\ufeff"
FORMATS = ("csv", "json", "mermaid")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _journey_data(journey: Journey) -> dict[str, Any]:
    """The journey's fields, each step with its computed measures (stored ones are fields)."""
    data = journey.model_dump()
    computed = [m for m in step_measures() if not m.stored]
    if computed:
        for step, step_data in zip(journey.steps, data["steps"], strict=True):
            step_data.update({m.id: m.of(step) for m in computed})
    return data


def _metrics_data(
    metrics: Metrics,
) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    """The definitions (defaults applied) and every journey figure per period."""
    definitions = tuple(d.model_dump() for d in metrics.definitions)
    measured = measure_metrics(metrics.definitions, metrics.observations, build_date())
    rows = []
    for measure in measured.measures.values():
        for item in measure.periods:
            figure = item.figure
            rows.append(
                {
                    "metric": measure.metric,
                    "journey": measure.journey,
                    "period": item.period,
                    "level": measure.level,
                    "n": figure.n,
                    "score": figure.score,
                    "interval": None if figure.interval is None else list(figure.interval),
                }
            )
    return definitions, tuple(rows)


@dataclass(frozen=True, slots=True)
class HandbookExport:
    """The journeys and teams of a valid handbook, ready to render in each format."""

    journeys: tuple[Journey, ...]
    teams: tuple[Team, ...]
    metrics: tuple[dict[str, Any], ...] | None = None
    """The metric definitions, defaults applied; None when the handbook has no metrics."""
    measurements: tuple[dict[str, Any], ...] | None = None
    """Per metric (definition order), journey (id order) and period (time order): the
    level, n, score and 95 % interval of the journey's figure (score null when hidden)."""

    @classmethod
    def of(cls, handbook: Handbook) -> HandbookExport:
        """The export of a loaded handbook (journeys sorted by id)."""
        journeys = sorted((file.journey for file in handbook.journeys), key=lambda j: j.id or "")
        if not handbook.metrics:
            return cls(tuple(journeys), tuple(handbook.teams))
        definitions, measurements = _metrics_data(handbook.metrics)
        return cls(tuple(journeys), tuple(handbook.teams), definitions, measurements)

    def rows(self) -> Iterator[dict[str, str]]:
        """One CSV row per step, as text, formula guard applied."""
        for journey in self.journeys:
            touchpoints = {t.id: t for t in journey.touchpoints}
            for number, step in enumerate(journey.steps, start=1):
                touchpoint = touchpoints[step.touchpoint]
                values = {
                    "journey": journey.id,
                    "step": number,
                    "phase": step.phase,
                    "touchpoint": step.touchpoint,
                    "channel": touchpoint.channel,
                    "type": touchpoint.type,
                    "owner": touchpoint.owner,
                    "third_party": touchpoint.third_party,
                    "action": step.action,
                    **{m.id: m.of(step) for m in step_measures()},
                    "pain_point": step.pain_point,
                    "opportunity": step.opportunity,
                }
                row = {key: _cell(value) for key, value in values.items()}
                yield {
                    key: guard_formula(text) if key in TEXT_COLUMNS else text
                    for key, text in row.items()
                }

    def as_csv(self, *, bom: bool = False) -> str:
        """The header and a row per step (CRLF line ends, RFC 4180 quoting)."""
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=csv_columns())
        writer.writeheader()
        writer.writerows(self.rows())
        return (BOM if bom else "") + out.getvalue()

    def as_data(self) -> dict[str, Any]:
        """`{"journeys": [...], "teams": [...]}` with every default applied."""
        data: dict[str, Any] = {
            "journeys": [_journey_data(journey) for journey in self.journeys],
            "teams": [team.model_dump() for team in self.teams],
        }
        if self.metrics is not None:
            data["metrics"] = list(self.metrics)
            data["measurements"] = list(self.measurements or ())
        return data

    def as_json(self) -> str:
        """The normalised handbook as JSON text (UTF-8, not ASCII-escaped)."""
        return json.dumps(self.as_data(), indent=2, ensure_ascii=False) + "\n"

    def as_mermaid(self) -> str:
        """One Mermaid `journey` diagram per journey."""
        return diagrams(self.journeys)


RENDERERS: dict[str, Callable[[HandbookExport], str]] = {
    "csv": HandbookExport.as_csv,
    "json": HandbookExport.as_json,
    "mermaid": HandbookExport.as_mermaid,
}
"""The text of each `export --format`."""
