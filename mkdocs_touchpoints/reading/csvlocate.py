"""Where the fields of one CSV record start, as the standard library's `csv` reads it.

The reader gives values, not positions. A diagnostic needs the physical line and the
character column of a field, so the raw text of a record (its physical lines, joined) is
scanned again here with the same rules as `csv.reader(..., strict=True)` with the default
dialect: `,` between fields, `"` opens a quoted field only as a field's first character, `""`
is a quote inside one, and a line ends at `\\r\\n`, `\\n` or `\\r` (the lines of
`io.StringIO(text, newline="")`). Only records that have a diagnostic are scanned, so the
cost is nothing for a valid file.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

DELIMITER = ","
QUOTE = '"'
_LINE_ENDS = "\r\n"


@dataclass(frozen=True, slots=True)
class Spot:
    """A 0-based line offset within the record (0 = its first line) and a 1-based column."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class RecordLayout:
    """Where each field of a record starts, and where the text breaks RFC 4180 if it does."""

    starts: list[Spot]
    problem: Spot | None = None
    """Where a strict reader stops: a character after a closing quote, or an unclosed quote."""


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    return starts


def layout(lines: list[str]) -> RecordLayout:
    """The field starts of the record made of these physical lines (line ends kept)."""
    raw = "".join(lines)
    line_starts = _line_starts(lines)

    def spot(offset: int) -> Spot:
        index = bisect_right(line_starts, offset) - 1
        return Spot(index, offset - line_starts[index] + 1)

    starts: list[Spot] = []
    size = len(raw)
    pos = 0
    while True:
        starts.append(spot(pos))
        if pos < size and raw[pos] == QUOTE:
            opening = pos
            pos += 1
            while True:
                close = raw.find(QUOTE, pos)
                if close < 0:
                    return RecordLayout(starts, spot(opening))
                if raw.startswith(QUOTE, close + 1):
                    pos = close + 2
                    continue
                pos = close + 1
                break
            if pos >= size or raw[pos] in _LINE_ENDS:
                return RecordLayout(starts)
            if raw[pos] != DELIMITER:
                return RecordLayout(starts, spot(pos))
            pos += 1
            continue
        end = _unquoted_end(raw, pos)
        if end >= size or raw[end] != DELIMITER:
            return RecordLayout(starts)
        pos = end + 1


def _unquoted_end(raw: str, pos: int) -> int:
    """The index of the delimiter or line end that ends an unquoted field (or the size)."""
    ends = [i for i in (raw.find(c, pos) for c in (DELIMITER, "\r", "\n")) if i >= 0]
    return min(ends) if ends else len(raw)
