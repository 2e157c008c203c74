"""`import responses`: a survey export (one answer per row) -> observation rows.

The file is streamed: one record at a time through the standard library's `csv` (strict),
answers added to one counter per (period, journey, phase, touchpoint) as they come, so a
500,000-answer export costs the memory of its counters, not of its rows. Only the columns
the command was asked to read are ever looked at (the score, the date, the scope columns
and `Finished`); no other cell of the file reaches the output or a diagnostic, and a
diagnostic quotes at most 60 characters of the bad score, date or id it is about.

The Qualtrics layout is recognised: its second and third rows hold the question texts and
`{"ImportId": ...}` objects. When the third row's non-empty cells all look like
`{"ImportId"...}`, both rows are skipped; otherwise every row after the header is an answer.

Errors are located `FILE:LINE:COLUMN` as observation files are (`csvlocate`: LINE the
physical line where the record starts, counting the header and Qualtrics' two rows; COLUMN
the character column where the field starts, its opening quote when quoted), all collected
in one run. The raw lines of the record being read are kept until the next one starts, so
locating costs nothing for a valid file.

Where the contract is silent:

- Scores and dates may carry white space around them (spreadsheet exports pad cells).
- `nps` and `csat` scores are whole numbers (`9` or `9.0`); `ces` scores are numbers from 1
  to 7 (an observation's `ces` value must be); `mean` scores numbers from -10^15 to 10^15
  (an observation's value must be); `ratio` answers `1`, `0`, `true` or `false` (any case);
  `count` counts every answer with a non-empty score, whatever it holds.
- A date-time may carry seconds, a fraction and a time zone (`Z`, `+02:00`, hours up to 23
  and minutes up to 59); the zone is ignored, the date is taken as written.
- An empty or non-slug journey, phase or touchpoint in a `--*-column` is an error located
  on that cell (the printed rows would not validate).
- `ces` and `mean` rows print `n` (the number of answers) with the mean as `value`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from mkdocs_touchpoints.exchange.observation_rows import Row
from mkdocs_touchpoints.reading.csvlocate import layout
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity, SourceError
from mkdocs_touchpoints.reading.observations import MAX_VALUE
from mkdocs_touchpoints.reading.periods import MONTH, period_of
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.slug import is_slug
from mkdocs_touchpoints.reading.suggest import did_you_mean

MAX_RECORD_CHARS = 1024 * 1024
"""Characters in one record; past it the file is not read on (an unclosed quote)."""
MAX_ERRORS = 200
"""Diagnostics reported; the rest are counted in one last diagnostic."""
FINISHED_COLUMN = "Finished"
UNFINISHED = frozenset({"0", "false"})

_IMPORT_ID = re.compile(r'\{\s*"ImportId"\s*:')
_WHOLE = re.compile(r"[+-]?[0-9]{1,18}(?:\.0*)?", re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,][0-9]+)?)?"
    r"(?:Z|[+-]([0-9]{2})(?::?([0-9]{2}))?)?)?",
    re.ASCII,
)
DATE_FORMS = "YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS"

SCORE_RULES = {
    "nps": "a whole number from 0 to 10",
    "csat": "a whole number from 1 to 5",
    "ces": "a number from 1 to 7",
    "mean": "a number from -10^15 to 10^15",
    "ratio": "1, 0, true or false",
}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a scope id comes from: a fixed id (`--journey`) or a column (`--journey-column`)."""

    value: str | None = None
    column: str | None = None


@dataclass(frozen=True, slots=True)
class ResponsesSpec:
    """What to read: the metric, where its scope comes from, the score and date columns."""

    metric: str
    metric_type: str
    journey: Source
    score: str
    date: str
    phase: Source | None = None
    touchpoint: Source | None = None
    period: str = MONTH


@dataclass(slots=True)
class ResponsesResult:
    """The rows (sorted), the diagnostics, and what was skipped."""

    rows: list[Row] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    answers: int = 0
    """Answers counted."""
    empty: int = 0
    """Rows skipped for an empty score."""
    unfinished: int = 0
    """Rows skipped because `Finished` is 0 or false."""
    qualtrics: bool = False


class _RecordTooLarge(Exception):
    pass


class _Lines:
    """The physical lines of the file; keeps the lines of the record being read."""

    def __init__(self, source: Iterable[str]) -> None:
        self._source = iter(source)
        self.number = 0
        self.record: list[str] = []
        self._size = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._source)
        self.number += 1
        self._size += len(line)
        if self._size > MAX_RECORD_CHARS:
            raise _RecordTooLarge
        self.record.append(line)
        return line

    def start(self) -> int:
        """Start a new record; its first line's number."""
        self.record = []
        self._size = 0
        return self.number + 1


def parse_date(text: str) -> date | None:
    """The date of an ISO 8601 date or date-time as written (`T` or a space before the time;
    seconds, fraction and zone optional); None when it is none."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone_hours, zone_minutes = match.groups()
    if hour is not None and (int(hour) > 23 or int(minute) > 59):
        return None
    if second is not None and int(second) > 60:
        return None
    if zone_hours is not None and (int(zone_hours) > 23 or int(zone_minutes or 0) > 59):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _whole(text: str) -> int | None:
    return int(float(text)) if _WHOLE.fullmatch(text) else None


def classify(metric_type: str, text: str) -> tuple[int, int, int, float | int] | None:
    """(n, positive, negative, value) of one answer, or None when the score is bad."""
    if metric_type == "count":
        return (1, 0, 0, 1)
    if metric_type == "nps":
        score = _whole(text)
        if score is None or not 0 <= score <= 10:
            return None
        return (1, int(score >= 9), int(score <= 6), 0)
    if metric_type == "csat":
        score = _whole(text)
        if score is None or not 1 <= score <= 5:
            return None
        return (1, int(score >= 4), 0, 0)
    if metric_type == "ratio":
        lowered = text.lower()
        if lowered in ("true", "false"):
            return (1, int(lowered == "true"), 0, 0)
        score = _whole(text)
        if score is None or score not in (0, 1):
            return None
        return (1, score, 0, 0)
    if not _NUMBER.fullmatch(text):
        return None
    whole = _whole(text)
    value: float | int = whole if whole is not None else float(text)
    if not abs(value) <= MAX_VALUE:  # as the observation rows allow (NaN fails too)
        return None
    if metric_type == "ces" and not 1 <= value <= 7:
        return None
    return (1, 0, 0, value)


def _is_import_ids(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return bool(cells) and all(_IMPORT_ID.match(c.strip()) for c in cells)


@dataclass(slots=True)
class _Problem:
    field: int | None
    code: str
    message: str


class _Reader:
    def __init__(self, spec: ResponsesSpec, display: str, result: ResponsesResult) -> None:
        self.spec = spec
        self.display = display
        self.result = result
        self.counters: dict[tuple[str, str, str | None, str | None], list] = {}
        self.errors = 0
        self.suppressed_at = 0

    # -- the header ----------------------------------------------------------------------

    def header(self, row: list[str]) -> None:
        spec = self.spec
        index: dict[str, int] = {}
        twice: set[str] = set()
        for i, name in enumerate(row):
            if name in index:
                twice.add(name)
            index.setdefault(name, i)

        def column(name: str, option: str) -> int:
            if name in twice:
                raise SourceError(f"{option}: the column '{name}' appears twice in {self.display}")
            if name not in index:
                hint = did_you_mean(name, index)
                raise SourceError(f"{option}: no column '{name}' in {self.display}{hint}")
            return index[name]

        self.i_score = column(spec.score, "--score")
        self.i_date = column(spec.date, "--date")
        self.i_journey = (
            None if spec.journey.column is None else column(spec.journey.column, "--journey-column")
        )
        self.i_phase = None
        if spec.phase is not None and spec.phase.column is not None:
            self.i_phase = column(spec.phase.column, "--phase-column")
        self.i_touchpoint = None
        if spec.touchpoint is not None and spec.touchpoint.column is not None:
            self.i_touchpoint = column(spec.touchpoint.column, "--touchpoint-column")
        self.i_finished = index.get(FINISHED_COLUMN)
        wanted = [
            self.i_score,
            self.i_date,
            self.i_journey,
            self.i_phase,
            self.i_touchpoint,
            self.i_finished,
        ]
        self.width = max(i for i in wanted if i is not None) + 1

    # -- one answer ----------------------------------------------------------------------

    def _scope(
        self, row: list[str], source: Source | None, at: int | None, name: str, problems: list
    ) -> str | None:
        if source is None:
            return None
        if at is None:
            return source.value
        text = row[at].strip()
        if not text:
            problems.append(
                _Problem(at, "missing-value", f"missing {name} id in '{source.column}'")
            )
        elif not is_slug(text):
            problems.append(
                _Problem(at, "bad-id", f"{quote(text)} is not a {name} id (a slug: a-z, 0-9, -)")
            )
        return text

    def answer(self, start: int, row: list[str], raw: list[str]) -> None:
        result = self.result
        if len(row) < self.width:
            self.report(
                start,
                raw,
                [_Problem(None, "field-count", f"{len(row)} fields, the header has more")],
            )
            return
        finished = self.i_finished
        if finished is not None and row[finished].strip().lower() in UNFINISHED:
            result.unfinished += 1
            return
        score_text = row[self.i_score].strip()
        if not score_text:
            result.empty += 1
            return
        problems: list[_Problem] = []
        date_text = row[self.i_date].strip()
        day = parse_date(date_text) if date_text else None
        if not date_text:
            problems.append(_Problem(self.i_date, "missing-value", "missing date"))
        elif day is None:
            problems.append(
                _Problem(
                    self.i_date,
                    "bad-date",
                    f"{quote(date_text)} is not an ISO 8601 date or date-time ({DATE_FORMS})",
                )
            )
        metric_type = self.spec.metric_type
        counts = classify(metric_type, score_text)
        if counts is None:
            problems.append(
                _Problem(
                    self.i_score,
                    "bad-score",
                    f"{quote(score_text)} is not {_article(metric_type)} {metric_type} score "
                    f"({SCORE_RULES[metric_type]})",
                )
            )
        spec = self.spec
        journey = self._scope(row, spec.journey, self.i_journey, "journey", problems)
        phase = self._scope(row, spec.phase, self.i_phase, "phase", problems)
        touchpoint = self._scope(row, spec.touchpoint, self.i_touchpoint, "touchpoint", problems)
        if problems:
            self.report(start, raw, problems)
            return
        assert day is not None and counts is not None and journey is not None
        result.answers += 1
        key = (period_of(day, spec.period), journey, phase, touchpoint)
        counter = self.counters.get(key)
        if counter is None:
            self.counters[key] = list(counts)
        else:
            counter[0] += counts[0]
            counter[1] += counts[1]
            counter[2] += counts[2]
            counter[3] += counts[3]

    def report(self, start: int, raw: list[str], problems: list[_Problem]) -> None:
        self.errors += len(problems)
        if self.errors > MAX_ERRORS:
            if not self.suppressed_at:
                self.suppressed_at = start
            return
        where = layout(raw) if raw else None
        for problem in problems:
            column = 1
            if (
                where is not None
                and problem.field is not None
                and problem.field < len(where.starts)
            ):
                column = where.starts[problem.field].column
            self.result.diagnostics.append(
                Diagnostic(
                    self.display, start, column, Severity.ERROR, problem.code, problem.message
                )
            )

    def stop(self, line: int, column: int, code: str, message: str) -> None:
        self.result.diagnostics.append(
            Diagnostic(self.display, line, column, Severity.ERROR, code, message)
        )

    # -- the rows ------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        spec = self.spec
        found = []
        kind = spec.metric_type
        for (period, journey, phase, touchpoint), counter in self.counters.items():
            n, positive, negative, total = counter
            at = (spec.metric, period, journey, phase, touchpoint)
            if kind == "nps":
                found.append(Row(*at, n=n, positive=positive, negative=negative))
            elif kind in ("csat", "ratio"):
                found.append(Row(*at, n=n, positive=positive))
            elif kind in ("ces", "mean"):
                found.append(Row(*at, n=n, value=_mean(total, n)))
            else:
                found.append(Row(*at, value=n))
        found.sort(key=lambda r: r.key)
        return found


def _article(word: str) -> str:
    return "an" if word[0] in "aeinou" else "a"


def _mean(total: float | int, n: int) -> float | int:
    if isinstance(total, int) and total % n == 0:
        return total // n
    return total / n


def read_responses(lines: Iterable[str], display: str, spec: ResponsesSpec) -> ResponsesResult:
    """Aggregate the answers of a CSV export (its physical lines, line ends kept, as
    `open(..., newline="")` gives them). Raises `SourceError` for a column the file lacks
    (a usage error); every problem of the rows is a diagnostic of the result."""
    result = ResponsesResult()
    reader_state = _Reader(spec, display, result)
    lines_ = _Lines(lines)
    reader = csv.reader(lines_, strict=True)
    header_seen = False
    held: list[tuple[int, list[str], list[str]]] = []
    """The first data records, held until the third row tells whether this is Qualtrics."""
    decided = False
    while True:
        start = lines_.start()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = layout(lines_.record).problem if lines_.record else None
            reader_state.stop(
                start,
                problem.column if problem is not None else 1,
                "csv-syntax",
                f"not valid CSV ({exc}); the rest of the file is not read",
            )
            break
        except _RecordTooLarge:
            reader_state.stop(
                start,
                1,
                "record-too-large",
                f"a record over {MAX_RECORD_CHARS:,} characters (an unclosed quote?); "
                "the rest of the file is not read",
            )
            break
        except UnicodeDecodeError:
            reader_state.stop(
                lines_.number + 1,
                1,
                "encoding",
                "not valid UTF-8; save the file as UTF-8",
            )
            break
        if not row:
            continue
        if not header_seen:
            reader_state.header(row)
            header_seen = True
            continue
        if not decided:
            held.append((start, row, list(lines_.record)))
            if len(held) < 2:
                continue
            decided = True
            if _is_import_ids(held[1][1]):
                result.qualtrics = True
                held = []
            for item in held:
                reader_state.answer(*item)
            held = []
            continue
        reader_state.answer(start, row, lines_.record)
    for item in held:
        reader_state.answer(*item)
    if not header_seen and not result.diagnostics:
        # No header, so none of the named columns: a usage error, as a missing column is.
        raise SourceError(f"{display} is empty; it needs a header row")
    if reader_state.errors > MAX_ERRORS:
        reader_state.stop(
            reader_state.suppressed_at,
            1,
            "too-many-errors",
            f"{reader_state.errors - MAX_ERRORS:,} more errors in this file are not shown",
        )
    result.rows = reader_state.rows()
    return result
