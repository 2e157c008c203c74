"""What both metric importers print: observation rows (`journeys/_metrics/**/*.csv`).

The columns are the contract's, in its order, and only those the rows need: `phase` and
`touchpoint` when a row has a scope below the journey, and the count and value columns of the
metric types present. Numbers are printed unrounded: integers as integers, other numbers in
the shortest form that reads back to the same float (`repr`), so that pooling the printed
rows again gives the same score. Rows come sorted by metric, period, journey, phase and
touchpoint (periods of one granularity sort in time order as text).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_touchpoints.reading.observations import COLUMNS, NEEDS

OUTPUT_COLUMNS = tuple(c for c in COLUMNS if c != "source")
"""metric, period, journey, phase, touchpoint, n, positive, negative, value."""


@dataclass(frozen=True, slots=True)
class Row:
    """One observation row to print (None: an empty cell)."""

    metric: str
    period: str
    journey: str
    phase: str | None
    touchpoint: str | None
    n: int | None = None
    positive: int | None = None
    negative: int | None = None
    value: float | int | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """The sort key (and the identity of the row in a file)."""
        return (self.metric, self.period, self.journey, self.phase or "", self.touchpoint or "")


def number(value: float | int) -> str:
    """`3`, `4.25`, `0.1`: an integer as such, a float in its shortest exact form (an integral
    float below 2**53 without `.0`)."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def columns_for(rows: Iterable[Row], types: Iterable[str]) -> list[str]:
    """The columns the rows need, in the contract's order."""
    wanted = {"metric", "period", "journey"}
    for metric_type in types:
        wanted.update(NEEDS[metric_type])
    for row in rows:
        if row.phase is not None:
            wanted.add("phase")
        if row.touchpoint is not None:
            wanted.add("touchpoint")
        if row.n is not None:
            wanted.add("n")
    return [c for c in OUTPUT_COLUMNS if c in wanted]


def as_csv(rows: Iterable[Row], types: Iterable[str]) -> str:
    """The rows, sorted, as CSV text with one header row (LF line ends)."""
    ordered = sorted(rows, key=lambda r: r.key)
    columns = columns_for(ordered, types)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in ordered:
        cells = []
        for column in columns:
            value = getattr(row, column)
            if value is None:
                cells.append("")
            elif isinstance(value, str):
                cells.append(value)
            else:
                cells.append(number(value))
        writer.writerow(cells)
    return out.getvalue()
