"""Read observation files (`journeys/_metrics/**/*.csv`) into checked `Observation` rows.

RFC 4180 text read by the standard library's `csv` (strict), one pass, no pydantic: a
handbook may hold millions of rows. Every problem is a located diagnostic
(`PATH:LINE:COLUMN`, LINE the physical line where the record starts, COLUMN the character
column where the field starts on its own line, the opening quote for a quoted field). The
reader remembers only the line numbers of the rows with problems; their columns are found
afterwards from the raw text (`csvlocate`), so a valid file costs no locating at all.

The checks that span rows and files (duplicates, one level per metric and journey, one
granularity per metric, `n` on every `mean` row or on none) keep their state in
`ObservationChecker`, fed the files in sorted path order.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import PurePosixPath

from mkdocs_touchpoints.reading.csvlocate import layout
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition, Observation
from mkdocs_touchpoints.reading.periods import PERIOD_FORMS, try_parse_period
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.salvage import UNKNOWN
from mkdocs_touchpoints.reading.suggest import did_you_mean
from mkdocs_touchpoints.reading.text import describe, forbidden_in_text

MAX_OBSERVATIONS_BYTES = 64 * 1024 * 1024
"""An observations file larger than this is rejected unread."""
MAX_RECORD_CHARS = 1024 * 1024
"""Characters in one record (its physical lines together); past it the file is not read on."""
MAX_ERRORS_PER_FILE = 200
"""Diagnostics reported for one file; the rest are counted in one last diagnostic."""

COLUMNS = (
    "metric",
    "period",
    "journey",
    "phase",
    "touchpoint",
    "n",
    "positive",
    "negative",
    "value",
    "source",
)
REQUIRED_COLUMNS = ("metric", "period", "journey")
NEEDS: dict[str, tuple[str, ...]] = {
    "nps": ("n", "positive", "negative"),
    "csat": ("n", "positive"),
    "ratio": ("n", "positive"),
    "ces": ("n", "value"),
    "mean": ("value",),
    "count": ("value",),
}
"""The columns a row needs a value in, by the type of its metric."""
CES_RANGE = (1.0, 7.0)
MAX_VALUE = 1e15
"""The largest magnitude of a `value`: under 2**53, so a whole count stays exact, and so
small that no sum of a file's values can overflow to infinity (whose JSON is invalid)."""
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_MAX_DIGITS = 18
_CACHED_NUMBERS = 100_000
"""Distinct number spellings a file's reader remembers parsed (counts repeat a lot)."""
_BOM = b"\xef\xbb\xbf"


class _RecordTooLarge(Exception):
    pass


@dataclass(slots=True)
class _JourneyIds:
    """What a row may name in one journey."""

    index: int
    id: str
    phases: dict[str, int]
    touchpoints: dict[str, int]
    unchecked: frozenset[str]
    """`phase:<id>` and `touchpoint:<id>` of invalid items (see `salvage`)."""
    phase_ids: list[str]
    """The phase ids by index in the journey (the journey's own strings)."""
    touchpoint_ids: list[str]

    def skips(self, kind: str, item: str) -> bool:
        """True when an unknown reference may point at an invalid item, reported already."""
        return f"{kind}:{item}" in self.unchecked or f"{kind}:{UNKNOWN}" in self.unchecked


@dataclass(slots=True)
class MetricIndex:
    """The definitions the rows are checked against."""

    definitions: dict[str, MetricDefinition] | None
    """By id; None when there is no definitions file (then metrics are not checked)."""
    unchecked: frozenset[str] = frozenset()
    """Ids of invalid definitions: rows naming them are not checked further."""
    unchecked_all: bool = False
    """An invalid definition whose id cannot be told: unknown metric ids are not reported."""


@dataclass(slots=True)
class _Problem:
    field: int | None
    """Index of the field in the record; None: the record's first column."""
    code: str
    message: str


@dataclass(slots=True)
class _RowProblems:
    start: int
    end: int
    problems: list[_Problem]


def _first(item: Observation | tuple[str, int]) -> str:
    path, line = (item.path, item.line) if isinstance(item, Observation) else item
    return f"{path}:{line}"


@dataclass(slots=True)
class ObservationChecker:
    """Reads observation files one after the other, in sorted path order."""

    metrics: MetricIndex
    journeys: list[JourneyFile]
    unchecked_journeys: frozenset[str] = frozenset()
    """Ids journeys might have in files that could not be read: not reported as unknown."""
    observations: list[Observation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _journey_ids: dict[str, _JourneyIds] = field(default_factory=dict)
    _metric_index: dict[str, int] = field(default_factory=dict)
    _periods: dict[str, tuple[int, str, str] | None] = field(default_factory=dict)
    _seen: dict[int, Observation | tuple[str, int]] = field(default_factory=dict)
    _levels: dict[int, tuple[str, Observation | tuple[str, int]]] = field(default_factory=dict)
    _granularity: dict[int, tuple[str, Observation | tuple[str, int]]] = field(default_factory=dict)
    _has_n: dict[int, tuple[bool, Observation | tuple[str, int]]] = field(default_factory=dict)
    _mixed: set[tuple[str, int]] = field(default_factory=set)
    """("levels", pair) and ("granularity", metric) already reported: the contract puts the
    error on the first row that differs, not on every one after it."""
    _hints: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for index, file in enumerate(self.journeys):
            journey = file.journey
            if not file.id or file.id in self._journey_ids:
                continue
            self._journey_ids[file.id] = _JourneyIds(
                index,
                file.id,
                {p.id: i for i, p in enumerate(journey.phases) if p.id},
                {t.id: i for i, t in enumerate(journey.touchpoints)},
                file.unchecked_ids,
                [p.id or "" for p in journey.phases],
                [t.id for t in journey.touchpoints],
            )
        definitions = self.metrics.definitions or {}
        self._metric_index = {metric_id: i for i, metric_id in enumerate(definitions)}

    # -- one file ------------------------------------------------------------------------

    def read(self, data: bytes, display: str) -> None:
        """Check one file's bytes; add its valid rows and its diagnostics."""
        text, problem = _decode(data, display)
        if text is None:
            self.diagnostics.append(problem)  # type: ignore[arg-type]
            return
        pending: list[_RowProblems] = []
        stop = self._rows(text, display, pending)
        self.diagnostics.extend(_located(text, display, pending))
        if stop is not None:
            self.diagnostics.append(stop)

    def _rows(self, text: str, display: str, pending: list[_RowProblems]) -> Diagnostic | None:
        """Every record of `text`: rows checked, problems left in `pending` to be located.

        Returns the diagnostic that ends the file early or sums up the errors not shown.
        """
        budget = [0]
        reader = csv.reader(_lines(text, budget), strict=True)
        previous = 0
        checker: _RowChecker | None = None
        errors = suppressed_at = 0
        stop: Diagnostic | None = None
        while True:
            start = previous + 1
            budget[0] = 0
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                pending.append(_RowProblems(start, reader.line_num, [_syntax(str(exc))]))
                break
            except _RecordTooLarge:
                stop = Diagnostic(
                    display,
                    start,
                    1,
                    Severity.ERROR,
                    "record-too-large",
                    f"a record over {MAX_RECORD_CHARS:,} characters (an unclosed quote?); "
                    "the rest of the file is not read",
                )
                break
            previous = reader.line_num
            if not row:
                continue
            if checker is None:
                problems, columns = _header(row)
                if problems:
                    pending.append(_RowProblems(start, previous, problems))
                    errors += len(problems)
                if columns is None:
                    return None
                checker = _RowChecker(self, columns, len(row), display)
                continue
            if checker.fast(row, start):
                continue
            problems = checker.check(row, start)
            if problems:
                errors += len(problems)
                if errors <= MAX_ERRORS_PER_FILE:
                    pending.append(_RowProblems(start, previous, problems))
                elif not suppressed_at:
                    suppressed_at = start
        if checker is None:
            if stop is not None or pending:
                return stop
            return Diagnostic(
                display,
                1,
                1,
                Severity.ERROR,
                "empty-file",
                "the file is empty; it needs a header row (metric,period,journey,...)",
            )
        for column, (line, kind) in checker.missing_columns.items():
            message = f"missing column '{column}', which {kind} rows need (first at line {line})"
            pending.append(_RowProblems(1, 1, [_Problem(None, "missing-column", message)]))
        if stop is None and errors > MAX_ERRORS_PER_FILE:
            return Diagnostic(
                display,
                suppressed_at,
                1,
                Severity.ERROR,
                "too-many-errors",
                f"{errors - MAX_ERRORS_PER_FILE:,} more errors in this file are not shown",
            )
        return stop

    def replay(self, rows: list[Observation]) -> bool:
        """Take again the rows of a file read before whose bytes are unchanged (a file that had
        no diagnostic), without parsing it: only the lookups and the checks across files run.

        False, with nothing changed, when a row no longer fits (its metric, journey, phase or
        touchpoint is gone, or it now clashes with a row of an earlier file): the caller then
        reads the file again, which reports why.
        """
        definitions = self.metrics.definitions
        if definitions is None:
            return False
        done = 0
        levels: list[int] = []
        granularities: list[int] = []
        means: list[int] = []
        for row in rows:
            found = self._replay_one(row, definitions, levels, granularities, means)
            if not found:
                break
            done += 1
        if done == len(rows):
            self.observations.extend(rows)
            return True
        for row in rows[:done]:  # undo: the keys this file's rows added
            del self._seen[self._key(row)[0]]
        for pair in levels:
            del self._levels[pair]
        for metric in granularities:
            del self._granularity[metric]
        for metric in means:
            del self._has_n[metric]
        return False

    def _key(self, row: Observation) -> tuple[int, int, str, tuple[int, str, str]]:
        """The duplicate key, the (metric, journey) pair, the level and the period of a row
        taken before (its ids known to exist: see `_replay_one`)."""
        ids = self._journey_ids[row.journey]
        metric = self._metric_index[row.metric]
        period = self.period(row.period)
        assert period is not None
        phase = 0 if row.phase is None else ids.phases[row.phase] + 1
        touchpoint = 0 if row.touchpoint is None else ids.touchpoints[row.touchpoint] + 1
        key = (((metric << 24 | period[0]) << 24 | ids.index) << 8 | phase) << 9 | touchpoint
        level = ("phase" if phase else "") + ("touchpoint" if touchpoint else "")
        return key, metric << 24 | ids.index, level, period

    def _replay_one(
        self,
        row: Observation,
        definitions: dict[str, MetricDefinition],
        levels: list[int],
        granularities: list[int],
        means: list[int],
    ) -> bool:
        definition = definitions.get(row.metric)
        ids = self._journey_ids.get(row.journey)
        if definition is None or ids is None or self.period(row.period) is None:
            return False
        if row.phase is not None and row.phase not in ids.phases:
            return False
        if row.touchpoint is not None and row.touchpoint not in ids.touchpoints:
            return False
        key, pair, level, period = self._key(row)
        if key in self._seen:
            return False
        metric = pair >> 24
        known = self._levels.get(pair)
        if known is not None and known[0] != level:
            return False
        granularity = self._granularity.get(metric)
        if granularity is not None and granularity[0] != period[1]:
            return False
        mean = definition.type == "mean"
        has_n = self._has_n.get(metric) if mean else None
        if has_n is not None and has_n[0] != (row.n is not None):
            return False
        self._seen[key] = row
        if known is None:
            self._levels[pair] = (level, row)
            levels.append(pair)
        if granularity is None:
            self._granularity[metric] = (period[1], row)
            granularities.append(metric)
        if mean and has_n is None:
            self._has_n[metric] = (row.n is not None, row)
            means.append(metric)
        return True

    # -- shared lookups ------------------------------------------------------------------

    def hint(self, kind: str, word: str, choices: object) -> str:
        """A did-you-mean suffix, computed once per word."""
        key = (kind, word)
        found = self._hints.get(key)
        if found is None:
            found = did_you_mean(word, choices)  # type: ignore[arg-type]
            self._hints[key] = found
        return found

    def period(self, text: str) -> tuple[int, str, str] | None:
        """The index, granularity and one shared copy of a period, parsed once per spelling.

        Rows keep the shared copies of the ids and periods they name, not their own.
        """
        try:
            return self._periods[text]
        except KeyError:
            parsed = try_parse_period(text)
            found = None if parsed is None else (len(self._periods), parsed.granularity, text)
            self._periods[text] = found
            return found


def outline(data: bytes) -> set[tuple[str, str, bool, bool]]:
    """A sketch of one file: (metric, journey, has a phase, has a touchpoint) of its rows, as
    written and unchecked; empty when the file cannot be read (the full read reports why).

    About a second for 1.8 million rows: the `csv` module and a set do the work in C.
    """
    text, _ = _decode(data, "")
    if text is None:
        return set()
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        columns = [header.index(name) for name in ("metric", "journey")]
    except (StopIteration, ValueError, csv.Error):
        return set()
    optional = [header.index(name) if name in header else None for name in ("phase", "touchpoint")]
    picked = [*columns, *(i for i in optional if i is not None)]
    take = itemgetter(*picked)
    rows: set[tuple[str, ...]] = set()
    try:
        rows.update(map(take, reader))
    except (IndexError, csv.Error):  # a short or blank row, or bad CSV: the slow way
        rows.update(take(row) for row in _readable(reader, len(header)))
    phase, touchpoint = optional
    found = set()
    for row in rows:
        place = iter(row[2:])
        has_phase = bool(next(place)) if phase is not None else False
        has_touchpoint = bool(next(place)) if touchpoint is not None else False
        found.add((row[0], row[1], has_phase, has_touchpoint))
    return found


def _readable(reader: Iterator[list[str]], width: int) -> Iterator[list[str]]:
    """The rows at least `width` fields long, until the CSV goes wrong."""
    while True:
        try:
            row = next(reader)
        except (StopIteration, csv.Error):
            return
        if len(row) >= width:
            yield row


def _lines(text: str, budget: list[int]) -> Iterator[str]:
    """The physical lines of `text`, stopping a record that grows past `MAX_RECORD_CHARS`."""
    for line in io.StringIO(text, newline=""):
        budget[0] += len(line)
        if budget[0] > MAX_RECORD_CHARS:
            raise _RecordTooLarge
        yield line


def _decode(data: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text (a BOM is accepted), or the diagnostic naming where it is not."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        return None, Diagnostic(
            display,
            before.count(b"\n") + 1,
            column,
            Severity.ERROR,
            "encoding",
            f"not valid UTF-8 at byte offset {exc.start}; save the file as UTF-8",
        )


_SYNTAX = -1
"""The field index of a `csv-syntax` problem: located where a strict reader stops."""


def _syntax(reason: str) -> _Problem:
    if reason.startswith("field larger than field limit"):
        # The standard library's limit, process-wide: left as it is, and said in words.
        limit = csv.field_size_limit()
        reason = f"a field over {limit:,} characters"
    return _Problem(
        _SYNTAX, "csv-syntax", f"not valid CSV ({reason}); the rest of the file is not read"
    )


def _header(row: list[str]) -> tuple[list[_Problem], dict[str, int] | None]:
    """The problems of a header row, and the index of each known column (None: unusable)."""
    problems: list[_Problem] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(row):
        if name in columns:
            problems.append(_Problem(index, "duplicate-column", f"duplicate column {quote(name)}"))
        elif name in COLUMNS:
            columns[name] = index
        else:
            hint = did_you_mean(name, [c for c in COLUMNS if c not in columns])
            problems.append(
                _Problem(index, "unknown-column", f"unknown column {quote(name)}{hint}")
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for name in missing:
        problems.append(_Problem(None, "missing-column", f"missing required column '{name}'"))
    return problems, None if missing else columns


class _RowChecker:
    """The checks of one row against the header of its file and the shared state."""

    def __init__(
        self, state: ObservationChecker, columns: dict[str, int], width: int, display: str
    ) -> None:
        self.state = state
        self.columns = columns
        self.width = width
        self.display = display
        self.missing_columns: dict[str, tuple[int, str]] = {}
        """Columns the header lacks that rows need: the first such row and its type."""
        get = columns.get
        self.i_metric, self.i_period, self.i_journey = (
            columns["metric"],
            columns["period"],
            columns["journey"],
        )
        self.i_phase, self.i_touchpoint = get("phase"), get("touchpoint")
        self.i_n, self.i_positive, self.i_negative = get("n"), get("positive"), get("negative")
        self.i_value, self.i_source = get("value"), get("source")
        self.kinds: dict[str, tuple[MetricDefinition, int, str, tuple[int, ...]]] = {}
        """For `fast`: metric id -> definition, index, type and the columns its rows need
        (metrics whose needed columns the header lacks are left to `check`)."""
        for metric_id, definition in (state.metrics.definitions or {}).items():
            needed = [columns.get(c) for c in NEEDS[definition.type]]
            if None not in needed:
                self.kinds[metric_id] = (
                    definition,
                    state._metric_index[metric_id],
                    definition.type,
                    tuple(c for c in needed if c is not None),
                )
        self._ints: dict[str, int] = {}
        self._floats: dict[str, float] = {}
        self._sources: dict[str, str] = {}

    def fast(self, row: list[str], line: int) -> bool:
        """Take a row that passes every check at the cost of a few lookups; False, with
        nothing changed, for any other row, which `check` then takes (and reports).

        A valid row here has the same effects as in `check`: the same observation and the same
        entries in the checks across rows; only what is found wrong is left to `check`.
        """
        if len(row) != self.width:
            return False
        state = self.state
        entry = self.kinds.get(row[self.i_metric])
        period = state._periods.get(row[self.i_period])
        ids = state._journey_ids.get(row[self.i_journey])
        if entry is None or period is None or ids is None:
            return False
        definition, metric, kind, needed = entry
        phase_index = touchpoint_index = 0
        if self.i_phase is not None and row[self.i_phase]:
            found = ids.phases.get(row[self.i_phase])
            if found is None:
                return False
            phase_index = found + 1
        if self.i_touchpoint is not None and row[self.i_touchpoint]:
            found = ids.touchpoints.get(row[self.i_touchpoint])
            if found is None:
                return False
            touchpoint_index = found + 1
        for column in needed:
            if not row[column]:
                return False
        ints = self._ints
        n: int | None = None
        positive: int | None = None
        negative: int | None = None
        value: float | None = None
        at = self.i_n
        if at is not None and row[at]:
            n = ints.get(row[at]) or self._int(row[at])
            if n is None:
                return False
        at = self.i_positive
        if at is not None and row[at]:
            positive = ints.get(row[at]) or self._int(row[at])
            if positive is None:
                return False
        at = self.i_negative
        if at is not None and row[at]:
            negative = ints.get(row[at]) or self._int(row[at])
            if negative is None:
                return False
        at = self.i_value
        if at is not None and row[at]:
            value = self._floats.get(row[at]) or self._float(row[at])
            if value is None:
                return False
        if kind == "nps" or kind == "csat" or kind == "ratio":
            assert n is not None and positive is not None
            if positive > n or (kind == "nps" and positive + (negative or 0) > n):
                return False
        elif kind == "ces":
            assert value is not None
            if not CES_RANGE[0] <= value <= CES_RANGE[1]:
                return False
        elif kind == "count":
            assert value is not None
            if value < 0:
                return False
        journey = ids.index
        key = (((metric << 24 | period[0]) << 24 | journey) << 8 | phase_index) << 9 | (
            touchpoint_index
        )
        if key in state._seen:
            return False
        level = ("phase" if phase_index else "") + ("touchpoint" if touchpoint_index else "")
        pair = metric << 24 | journey
        known = state._levels.get(pair)
        if known is not None and known[0] != level:
            return False
        granularity = state._granularity.get(metric)
        if granularity is not None and granularity[0] != period[1]:
            return False
        mean = kind == "mean"
        if mean:
            has_n = state._has_n.get(metric)
            if has_n is not None and has_n[0] != (n is not None):
                return False
        source = row[self.i_source] if self.i_source is not None else ""
        if source:  # one copy of each spelling (sources repeat: "survey", "crm")
            shared = self._sources.get(source)
            if shared is None:
                if forbidden_in_text(source) is not None:
                    return False
                if len(self._sources) < _CACHED_NUMBERS:
                    self._sources[source] = source
            source = shared or source
        row_found = Observation(
            definition.id,
            period[2],
            ids.id,
            ids.phase_ids[phase_index - 1] if phase_index else None,
            ids.touchpoint_ids[touchpoint_index - 1] if touchpoint_index else None,
            n,
            positive,
            negative,
            value,
            source or None,
            self.display,
            line,
        )
        state._seen[key] = row_found
        if known is None:
            state._levels[pair] = (level, row_found)
        if granularity is None:
            state._granularity[metric] = (period[1], row_found)
        if mean:
            state._has_n.setdefault(metric, (n is not None, row_found))
        state.observations.append(row_found)
        return True

    def check(self, row: list[str], line: int) -> list[_Problem]:
        """The problems of one data row; a valid row becomes an observation."""
        problems: list[_Problem] = []
        if len(row) != self.width:
            if len(row) > self.width:
                problems.append(
                    _Problem(
                        self.width,
                        "field-count",
                        f"{len(row)} fields, the header has {self.width}",
                    )
                )
                return problems
            problems.append(
                _Problem(None, "field-count", f"{len(row)} fields, the header has {self.width}")
            )
            return problems
        state = self.state
        key_ok = True
        # metric
        metric_id = row[self.i_metric]
        index = state.metrics
        definition: MetricDefinition | None = None
        metric_index = -1
        if not metric_id:
            problems.append(_Problem(self.i_metric, "missing-value", "missing value of 'metric'"))
            key_ok = False
        elif index.definitions is not None:
            definition = index.definitions.get(metric_id)
            if definition is None:
                key_ok = False
                if not (index.unchecked_all or metric_id in index.unchecked):
                    hint = state.hint("metric", metric_id, index.definitions)
                    problems.append(
                        _Problem(
                            self.i_metric,
                            "unknown-metric",
                            f"unknown metric {quote(metric_id)}{hint}",
                        )
                    )
            else:
                metric_index = state._metric_index[metric_id]
        else:
            key_ok = False
        # period
        period_text = row[self.i_period]
        period = None
        if not period_text:
            problems.append(_Problem(self.i_period, "missing-value", "missing value of 'period'"))
            key_ok = False
        else:
            period = state.period(period_text)
            if period is None:
                problems.append(
                    _Problem(
                        self.i_period,
                        "bad-period",
                        f"{quote(period_text)} is not a period ({PERIOD_FORMS}, a real date)",
                    )
                )
                key_ok = False
        # journey, phase, touchpoint
        journey_id = row[self.i_journey]
        phase = row[self.i_phase] if self.i_phase is not None else ""
        touchpoint = row[self.i_touchpoint] if self.i_touchpoint is not None else ""
        phase_index = touchpoint_index = 0
        if not journey_id:
            problems.append(_Problem(self.i_journey, "missing-value", "missing value of 'journey'"))
            key_ok = False
            ids = None
        else:
            ids = state._journey_ids.get(journey_id)
            if ids is None:
                key_ok = False
                if journey_id not in state.unchecked_journeys:
                    hint = state.hint("journey", journey_id, state._journey_ids)
                    problems.append(
                        _Problem(
                            self.i_journey,
                            "unknown-journey",
                            f"unknown journey {quote(journey_id)}{hint}",
                        )
                    )
        if ids is not None:
            if phase:
                found = ids.phases.get(phase)
                if found is None:
                    key_ok = False
                    if not ids.skips("phase", phase):
                        hint = did_you_mean(phase, ids.phases)
                        problems.append(
                            _Problem(
                                self.i_phase,
                                "unknown-phase",
                                f"unknown phase {quote(phase)} of journey "
                                f"{quote(journey_id)}{hint}",
                            )
                        )
                else:
                    phase_index = found + 1
            if touchpoint:
                found = ids.touchpoints.get(touchpoint)
                if found is None:
                    key_ok = False
                    if not ids.skips("touchpoint", touchpoint):
                        hint = did_you_mean(touchpoint, ids.touchpoints)
                        problems.append(
                            _Problem(
                                self.i_touchpoint,
                                "unknown-touchpoint",
                                f"unknown touchpoint {quote(touchpoint)} of journey "
                                f"{quote(journey_id)}{hint}",
                            )
                        )
                else:
                    touchpoint_index = found + 1
        # numbers
        before = len(problems)
        n = self._count(row, self.i_n, "n", problems)
        positive = self._count(row, self.i_positive, "positive", problems)
        negative = self._count(row, self.i_negative, "negative", problems)
        value = self._number(row, self.i_value, problems)
        numbers_ok = len(problems) == before
        if definition is not None:
            kind = definition.type
            for column in NEEDS[kind]:
                at = self.columns.get(column)
                if at is None:
                    self.missing_columns.setdefault(column, (line, kind))
                    numbers_ok = False
                elif not row[at]:
                    needed = _listed(NEEDS[kind])
                    problems.append(
                        _Problem(
                            at,
                            "missing-value",
                            f"missing value of '{column}' ({kind} rows need {needed})",
                        )
                    )
                    numbers_ok = False
            if numbers_ok:
                self._relations(kind, n, positive, negative, value, problems)
        source = row[self.i_source] if self.i_source is not None else ""
        char = forbidden_in_text(source) if source else None
        if char is not None:  # shown in exports and pages: text rules (see `reading.text`)
            problems.append(
                _Problem(
                    self.i_source,
                    "control-character",
                    f"'source' holds the control character {describe(char)}; text may hold "
                    "line breaks and tabs but no other control characters",
                )
            )
        first: Observation | tuple[str, int] = (self.display, line)
        if not problems and key_ok and numbers_ok:
            assert definition is not None and period is not None and ids is not None
            first = Observation(
                definition.id,
                period[2],
                ids.id,
                ids.phase_ids[phase_index - 1] if phase_index else None,
                ids.touchpoint_ids[touchpoint_index - 1] if touchpoint_index else None,
                n,
                positive,
                negative,
                value,
                source or None,
                self.display,
                line,
            )
        if key_ok:
            assert period is not None and ids is not None
            self._across(
                row, first, metric_index, period, ids.index, phase_index, touchpoint_index, problems
            )
            mean = definition is not None and definition.type == "mean"
            if mean and (n is not None or self._n_empty(row)):
                self._mean_n(metric_index, n is not None, first, problems)
        if not problems and isinstance(first, Observation):
            state.observations.append(first)
        return problems

    def _int(self, text: str) -> int | None:
        """A count as `_count` reads it (None: not one), remembered for the next rows."""
        if not (text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS):
            return None
        number = int(text)
        if len(self._ints) < _CACHED_NUMBERS:
            self._ints[text] = number
        return number

    def _float(self, text: str) -> float | None:
        """A value as `_number` reads it (None: not one), remembered for the next rows."""
        if not _NUMBER_RE.fullmatch(text):
            return None
        number = float(text)
        if not abs(number) <= MAX_VALUE:
            return None
        if len(self._floats) < _CACHED_NUMBERS:
            self._floats[text] = number
        return number

    def _n_empty(self, row: list[str]) -> bool:
        return self.i_n is None or not row[self.i_n]

    def _count(
        self, row: list[str], at: int | None, name: str, problems: list[_Problem]
    ) -> int | None:
        if at is None:
            return None
        text = row[at]
        if not text:
            return None
        if text.isdigit() and text.isascii() and len(text) <= _MAX_DIGITS:
            return int(text)
        if text[:1] == "-" and text[1:].isdigit() and text.isascii():
            problems.append(
                _Problem(at, "out-of-range", f"'{name}' must be 0 or more, found {quote(text)}")
            )
        elif text.isdigit() and text.isascii():
            problems.append(
                _Problem(at, "out-of-range", f"'{name}' has more than {_MAX_DIGITS} digits")
            )
        else:
            problems.append(
                _Problem(at, "wrong-type", f"'{name}' must be a whole number, found {quote(text)}")
            )
        return None

    def _number(self, row: list[str], at: int | None, problems: list[_Problem]) -> float | None:
        if at is None:
            return None
        text = row[at]
        if not text:
            return None
        if _NUMBER_RE.fullmatch(text):
            number = float(text)
            if abs(number) <= MAX_VALUE:
                return number
            problems.append(
                _Problem(
                    at,
                    "out-of-range",
                    f"'value' must be from -10^15 to 10^15, found {quote(text)}",
                )
            )
            return None
        problems.append(
            _Problem(at, "wrong-type", f"'value' must be a number, found {quote(text)}")
        )
        return None

    def _relations(
        self,
        kind: str,
        n: int | None,
        positive: int | None,
        negative: int | None,
        value: float | None,
        problems: list[_Problem],
    ) -> None:
        """The ranges that depend on the metric's type (the values it needs are there)."""
        if kind in ("nps", "csat", "ratio"):
            assert n is not None and positive is not None
            if positive > n:
                problems.append(
                    _Problem(
                        self.i_positive,
                        "out-of-range",
                        f"'positive' ({positive}) must be at most n ({n})",
                    )
                )
            elif kind == "nps":
                assert negative is not None
                if positive + negative > n:
                    problems.append(
                        _Problem(
                            self.i_negative,
                            "over-n",
                            f"positive + negative ({positive} + {negative}) is more than n ({n})",
                        )
                    )
        elif kind == "ces":
            assert value is not None
            low, high = CES_RANGE
            if not low <= value <= high:
                problems.append(
                    _Problem(
                        self.i_value,
                        "out-of-range",
                        f"'value' of a ces row must be from 1 to 7, found {value:g}",
                    )
                )
        elif kind == "count":
            assert value is not None
            if value < 0:
                problems.append(
                    _Problem(
                        self.i_value,
                        "out-of-range",
                        f"'value' of a count must be 0 or more, found {value:g}",
                    )
                )

    def _across(
        self,
        row: list[str],
        first: Observation | tuple[str, int],
        metric: int,
        period: tuple[int, str, str],
        journey: int,
        phase: int,
        touchpoint: int,
        problems: list[_Problem],
    ) -> None:
        """Duplicates, one level per metric and journey, one granularity per metric."""
        state = self.state
        key = (((metric << 24 | period[0]) << 24 | journey) << 8 | phase) << 9 | touchpoint
        earlier = state._seen.setdefault(key, first)
        if earlier is not first:
            problems.append(
                _Problem(
                    None,
                    "duplicate-row",
                    f"a second row for the same metric, period, journey, "
                    f"phase and touchpoint; the first is at {_first(earlier)}",
                )
            )
            return
        level = ("phase" if phase else "") + ("touchpoint" if touchpoint else "")
        pair = metric << 24 | journey
        known = state._levels.setdefault(pair, (level, first))
        if known[0] != level and ("levels", pair) not in state._mixed:
            state._mixed.add(("levels", pair))
            differs_in_phase = ("phase" in level) != ("phase" in known[0])
            at = self.i_phase if differs_in_phase else self.i_touchpoint
            problems.append(
                _Problem(
                    at,
                    "mixed-levels",
                    f"metric {quote(row[self.i_metric])} has rows at {_level_name(known[0])} "
                    f"level for journey {quote(row[self.i_journey])} (first at "
                    f"{_first(known[1])}); this row is at {_level_name(level)} level",
                )
            )
        granularity = state._granularity.setdefault(metric, (period[1], first))
        if granularity[0] != period[1] and ("granularity", metric) not in state._mixed:
            state._mixed.add(("granularity", metric))
            problems.append(
                _Problem(
                    self.i_period,
                    "mixed-granularity",
                    f"metric {quote(row[self.i_metric])} has {granularity[0]} periods (first at "
                    f"{_first(granularity[1])}); this row's period is a {period[1]}",
                )
            )

    def _mean_n(
        self,
        metric: int,
        has_n: bool,
        first: Observation | tuple[str, int],
        problems: list[_Problem],
    ) -> None:
        known = self.state._has_n.setdefault(metric, (has_n, first))
        if known[0] != has_n:
            this, other = ("has n", "has none") if has_n else ("has no n", "has one")
            problems.append(
                _Problem(
                    self.i_n,
                    "mixed-n",
                    f"a mean metric takes n on every row or on none: this row {this}, "
                    f"the first row of the metric ({_first(known[1])}) {other}",
                )
            )


def _listed(names: tuple[str, ...]) -> str:
    """`n, positive and negative`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _level_name(level: str) -> str:
    return {"": "journey", "phase": "phase", "touchpoint": "touchpoint"}.get(level, "cell")


def _located(text: str, display: str, pending: list[_RowProblems]) -> list[Diagnostic]:
    """The diagnostics of the rows with problems, columns found from their raw lines."""
    wanted: dict[int, int] = {}
    for row in pending:
        wanted[row.start] = max(wanted.get(row.start, row.start), row.end)
    raw: dict[int, list[str]] = {}
    if wanted:
        last = max(wanted.values())
        open_rows: list[int] = []
        for number, line in enumerate(io.StringIO(text, newline=""), start=1):
            if number in wanted:
                open_rows.append(number)
                raw[number] = []
            for start in open_rows:
                raw[start].append(line)
            open_rows = [s for s in open_rows if wanted[s] > number]
            if number >= last:
                break
    found: list[Diagnostic] = []
    for row in pending:
        where = layout(raw.get(row.start, [""]))
        for problem in row.problems:
            column = 1
            if problem.field == _SYNTAX:
                column = where.problem.column if where.problem is not None else 1
            elif problem.field is not None and problem.field < len(where.starts):
                column = where.starts[problem.field].column
            found.append(
                Diagnostic(
                    display, row.start, column, Severity.ERROR, problem.code, problem.message
                )
            )
    return found


def sorted_paths(paths: list[str]) -> list[str]:
    """Observation files in the order the rules of `first` and `later` follow."""
    return sorted(paths, key=lambda p: PurePosixPath(p).parts)
