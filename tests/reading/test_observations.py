"""Observation files: exact PATH:LINE:COLUMN of every diagnostic, every error kind, the
file rules (links, pipes, size), and a read of 100,000 rows."""

from __future__ import annotations

import csv
import datetime
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_touchpoints.reading.csvlocate import layout
from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import load_file, load_folder
from mkdocs_touchpoints.reading.periods import try_parse_period as parse_period
from mkdocs_touchpoints.rendering.pipeline import SiteSettings, load_handbook

JOURNEY = """\
title: Buy
owner: crm
phases: [Need, Buy]
touchpoints:
  - id: web
    name: Web
    channel: web
    type: proactive
  - id: call
    name: Call
    channel: phone
    type: reactive
steps:
  - phase: need
    touchpoint: web
    action: Visits
  - phase: buy
    touchpoint: call
    action: Calls
"""
DEFINITIONS = """\
metrics:
  - {id: nps, name: NPS, type: nps}
  - {id: csat, name: CSAT, type: csat}
  - {id: effort, name: CES, type: ces}
  - {id: conv, name: Conversion, type: ratio}
  - {id: calls, name: Calls, type: count}
  - {id: wait, name: Wait, type: mean}
"""


def _folder(
    tmp_path: Path, files: dict[str, bytes | str], definitions: str | None = DEFINITIONS
) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir(exist_ok=True)
    (folder / "buy.yml").write_text(JOURNEY, encoding="utf-8")
    if definitions is not None:
        (folder / "_metrics.yml").write_text(definitions, encoding="utf-8")
    for rel, content in files.items():
        path = folder / "_metrics" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def _load(tmp_path: Path, files: dict[str, bytes | str], **kwargs: str | None) -> Handbook:
    return load_folder(_folder(tmp_path, files, **kwargs), display_base="journeys")  # type: ignore[arg-type]


def _found(handbook: Handbook) -> list[str]:
    return [f"{d.path}:{d.line}:{d.column} {d.code}" for d in handbook.diagnostics]


def _one(tmp_path: Path, text: str | bytes) -> list[str]:
    return _found(_load(tmp_path, {"o.csv": text}))


HEADER = "metric,period,journey,phase,touchpoint,n,positive,negative,value,source\n"


# --- line and column -----------------------------------------------------------------------


def test_a_valid_file_with_every_type_gives_observations(tmp_path: Path) -> None:
    text = HEADER + (
        "nps,2024-01,buy,,,100,50,20,,\n"
        "csat,2024-01,buy,need,,10,8,,,\n"
        "effort,2024-01,buy,,web,10,,,3.5,\n"
        "conv,2024-01,buy,buy,call,100,3,,,\n"
        "calls,2024-01,buy,,,,,,1200,\n"
        "wait,2024-01,buy,,,,,,4.5,crm export\n"
    )
    handbook = _load(tmp_path, {"o.csv": text})
    assert _found(handbook) == []
    levels = [(o.metric, o.level, o.line) for o in handbook.metrics.observations]
    assert levels == [
        ("nps", "journey", 2),
        ("csat", "phase", 3),
        ("effort", "touchpoint", 4),
        ("conv", "cell", 5),
        ("calls", "journey", 6),
        ("wait", "journey", 7),
    ]
    first = handbook.metrics.observations[0]
    assert (first.n, first.positive, first.negative, first.value) == (100, 50, 20, None)
    assert handbook.metrics.observations[-1].source == "crm export"
    assert [d.id for d in handbook.metrics.definitions] == [
        "nps",
        "csat",
        "effort",
        "conv",
        "calls",
        "wait",
    ]


def test_bom_crlf_and_a_trailing_empty_line(tmp_path: Path) -> None:
    text = (
        "\ufeffmetric,period,journey,value,sorce\r\ncalls,2024,buy,x,\r\ncalls,2025,buy,1,\r\n\r\n"
    )
    assert _one(tmp_path, text.encode("utf-8")) == [
        "journeys/_metrics/o.csv:1:29 unknown-column",  # the BOM takes no column
        "journeys/_metrics/o.csv:2:16 wrong-type",
    ]


def test_a_quoted_field_is_located_at_its_opening_quote(tmp_path: Path) -> None:
    text = 'metric,period,journey,value\n"calls","2024-13",buy,1\n'
    assert _one(tmp_path, text) == ["journeys/_metrics/o.csv:2:9 bad-period"]


def test_a_record_spanning_lines_is_located_at_its_first_line(tmp_path: Path) -> None:
    text = (
        "metric,source,period,journey,value\n"
        'calls,"two\nlines, with ""quotes""",2024-13,buy,1\n'
        "calls,,2025,buy,-1\n"
    )
    # The period starts on the record's second line, at column 25 of that line.
    assert _one(tmp_path, text) == [
        "journeys/_metrics/o.csv:2:25 bad-period",
        "journeys/_metrics/o.csv:4:17 out-of-range",
    ]


def test_crlf_inside_a_quoted_field_counts_as_one_line_end(tmp_path: Path) -> None:
    text = (
        'metric,source,period,journey,value\r\ncalls,"a\r\nb",2024,buy,1\r\ncalls,,2025,byu,1\r\n'
    )
    assert _one(tmp_path, text) == ["journeys/_metrics/o.csv:4:13 unknown-journey"]


def test_blank_lines_between_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    text = "metric,period,journey,value\n\ncalls,2024,buy,1\n\n\ncalls,2025,buy,x\n"
    assert _one(tmp_path, text) == ["journeys/_metrics/o.csv:6:16 wrong-type"]


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    text = "metric,source,period,journey,value\ncalls,señal ✓,2024-00,buy,1\n"
    assert _one(tmp_path, text) == ["journeys/_metrics/o.csv:2:15 bad-period"]


# --- the column scanner against the csv module ---------------------------------------------

_TEXT = st.text(alphabet='ab ,"\n\r\t\u00e9', max_size=8)


@st.composite
def _records(draw: st.DrawFn) -> tuple[str, list[str], list[tuple[int, int]]]:
    """A record written field by field, with the line and column each field starts at."""
    count = draw(st.integers(min_value=1, max_value=6))
    ending = draw(st.sampled_from(["", "\n", "\r\n"]))
    text, values, starts = "", [], []
    line, column = 0, 1
    for index in range(count):
        if index:
            text += ","
            column += 1
        value = draw(_TEXT)
        quoted = draw(st.booleans()) or any(c in value for c in ',"\r\n') or value.startswith('"')
        if count == 1 and not value and not quoted:
            quoted = True  # an empty line is no record
        starts.append((line, column))
        written = '"' + value.replace('"', '""') + '"' if quoted else value
        text += written
        for piece in io.StringIO(written, newline=""):
            if piece.endswith(("\n", "\r")):
                line, column = line + 1, 1
            else:
                column += len(piece)
        values.append(value)
    return text + ending, values, starts


@given(_records())
def test_field_starts_match_the_written_record(
    record: tuple[str, list[str], list[tuple[int, int]]],
) -> None:
    text, values, starts = record
    lines = list(io.StringIO(text, newline=""))
    assert next(csv.reader(iter(lines), strict=True)) == values
    found = layout(lines)
    assert found.problem is None
    assert [(s.line, s.column) for s in found.starts] == starts


def test_the_scanner_finds_where_a_strict_reader_stops() -> None:
    assert layout(['a,"b"c,d\n']).problem.column == 6  # type: ignore[union-attr]
    assert layout(['a,"b\n', "c\n"]).problem.column == 3  # type: ignore[union-attr]


# --- every error kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("nps,2024-01,buy,,,10,5,6,,", "2:24 over-n"),
        ("nps,2024-01,buy,,,10,11,0,,", "2:22 out-of-range"),
        ("nps,2024-01,buy,,,10,5,,,", "2:24 missing-value"),
        ("csat,2024-01,buy,,,,5,,,", "2:20 missing-value"),
        ("csat,2024-01,buy,,,1e3,5,,,", "2:20 wrong-type"),
        ("csat,2024-01,buy,,,-1,5,,,", "2:20 out-of-range"),
        ("effort,2024-01,buy,,,10,,,0.5,", "2:27 out-of-range"),
        ("effort,2024-01,buy,,,10,,,7.5,", "2:27 out-of-range"),
        ("calls,2024-01,buy,,,,,,nan,", "2:24 wrong-type"),
        ("calls,2024-01,buy,,,,,,1e999,", "2:24 out-of-range"),
        ("calls,2024-01,buy,,,,,,1.000001e15,", "2:24 out-of-range"),
        ("wait,2024-01,buy,,,,,,-2e15,", "2:23 out-of-range"),
        ("calls,2024-01,buy,,,,,,,", "2:24 missing-value"),
        ("nsp,2024-01,buy,,,10,5,1,,", "2:1 unknown-metric"),
        ("nps,2024-01,bu,,,10,5,1,,", "2:13 unknown-journey"),
        ("nps,2024-01,buy,ned,,10,5,1,,", "2:17 unknown-phase"),
        ("nps,2024-01,buy,,wbe,10,5,1,,", "2:18 unknown-touchpoint"),
        ("nps,2024-1,buy,,,10,5,1,,", "2:5 bad-period"),
        ("nps,2021-W53,buy,,,10,5,1,,", "2:5 bad-period"),
        ("nps,2023-02-29,buy,,,10,5,1,,", "2:5 bad-period"),
        ("nps,2024-Q0,buy,,,10,5,1,,", "2:5 bad-period"),
        ("nps,,buy,,,10,5,1,,", "2:5 missing-value"),
        ("nps,2024-01,buy,,,10,5,1,", "2:1 field-count"),
        ("nps,2024-01,buy,,,10,5,1,,,x", "2:28 field-count"),
        ('nps,"2024"-01,buy,,,10,5,1,,', "2:11 csv-syntax"),
        ("nps,2024-01,buy,,,10,5,1,,web\x1b[2J", "2:27 control-character"),
    ],
)
def test_each_row_error_is_located(tmp_path: Path, row: str, expected: str) -> None:
    assert _one(tmp_path, HEADER + row + "\n") == [f"journeys/_metrics/o.csv:{expected}"]


def test_valid_periods_of_each_granularity() -> None:
    found = {p: parse_period(p) for p in ("2024", "2024-Q4", "2024-02", "2020-W53", "2024-02-29")}
    assert [p.granularity for p in found.values() if p] == [
        "year",
        "quarter",
        "month",
        "week",
        "day",
    ]
    assert str(found["2020-W53"].end) == "2021-01-03"  # type: ignore[union-attr]
    assert str(found["2024-Q4"].end) == "2024-12-31"  # type: ignore[union-attr]
    for bad in ("2024-W54", "2024-00", "24-01", "2024-1", "2024-01-1", "２０２４", "2024-Q1 "):
        assert parse_period(bad) is None, bad


def test_rows_across_files_duplicates_levels_granularities_and_n(tmp_path: Path) -> None:
    first = HEADER + "nps,2024-01,buy,,web,10,5,1,,\nwait,2024-01,buy,,,5,,,3,\n"
    second = HEADER + (
        "nps,2024-01,buy,,web,10,5,1,,\n"  # duplicate of a.csv:2
        "nps,2024-02,buy,need,,10,5,1,,\n"  # phase level after touchpoint level
        "nps,2024-Q1,buy,,web,10,5,1,,\n"  # a quarter after months
        "wait,2024-02,buy,,,,,,3,\n"  # no n after a row with n
        "nps,2024-Q2,buy,,web,10,5,1,,\n"  # reported once: on the first row that differs
        "nps,2024-03,buy,need,,10,5,1,,\n"  # likewise
    )
    handbook = _load(tmp_path, {"b/b.csv": second, "a.csv": first})
    messages = [(d.line, d.column, d.code, d.message) for d in handbook.diagnostics]
    assert [m[:3] for m in messages] == [
        (2, 1, "duplicate-row"),
        (3, 17, "mixed-levels"),
        (4, 5, "mixed-granularity"),
        (5, 20, "mixed-n"),
    ]
    assert messages[0][3].endswith("the first is at journeys/_metrics/a.csv:2")
    assert "first at journeys/_metrics/a.csv:2" in messages[1][3]
    assert {d.path for d in handbook.diagnostics} == {"journeys/_metrics/b/b.csv"}


def test_header_problems(tmp_path: Path) -> None:
    assert _one(tmp_path, "metric,perod,journey,journey,value\n") == [
        "journeys/_metrics/o.csv:1:1 missing-column",
        "journeys/_metrics/o.csv:1:8 unknown-column",
        "journeys/_metrics/o.csv:1:22 duplicate-column",
    ]


def test_a_column_a_type_needs_is_reported_once_at_the_header(tmp_path: Path) -> None:
    text = "metric,period,journey,n\n" + "".join(f"csat,2024-{m:02},buy,5\n" for m in (1, 2, 3))
    handbook = _load(tmp_path, {"o.csv": text})
    assert _found(handbook) == ["journeys/_metrics/o.csv:1:1 missing-column"]
    assert "'positive'" in handbook.diagnostics[0].message


def test_errors_of_one_file_are_bounded(tmp_path: Path) -> None:
    text = "metric,period,journey,value\n" + "calls,2024-13,buy,1\n" * 500
    found = _one(tmp_path, text)
    assert len(found) == 201
    assert found[-1] == "journeys/_metrics/o.csv:202:1 too-many-errors"


def test_observations_without_definitions(tmp_path: Path) -> None:
    handbook = _load(
        tmp_path, {"o.csv": "metric,period,journey,value\ncalls,2024,buy,1\n"}, definitions=None
    )
    assert _found(handbook) == ["journeys/_metrics/o.csv:1:1 no-definitions"]


def test_no_metrics_at_all_is_nothing(tmp_path: Path) -> None:
    handbook = _load(tmp_path, {}, definitions=None)
    assert handbook.diagnostics == []
    assert not handbook.metrics
    assert handbook.metrics.definitions == handbook.metrics.observations == []


def test_not_utf8_names_the_line_and_offset(tmp_path: Path) -> None:
    found = _load(tmp_path, {"o.csv": b"metric,period,journey,value\ncalls,2024,b\xffuy,1\n"})
    assert _found(found) == ["journeys/_metrics/o.csv:2:13 encoding"]
    assert "byte offset 40" in found.diagnostics[0].message


def test_an_unclosed_quote_stops_the_file_at_its_opening_quote(tmp_path: Path) -> None:
    assert _one(tmp_path, 'metric,period,journey,value\ncalls,2024,buy,"1\ncalls,2025,buy,1\n') == [
        "journeys/_metrics/o.csv:2:16 csv-syntax"
    ]


def test_a_single_journey_file_reads_no_metrics(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"o.csv": "metric,period,journey,value\nnope,2024,buy,1\n"})
    handbook = load_file(folder / "buy.yml")
    assert handbook.diagnostics == [] and not handbook.metrics


def test_the_site_options_name_other_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {}, definitions=None)
    (folder / "_defs.yml").write_text(DEFINITIONS, encoding="utf-8")
    (folder / "obs").mkdir()
    (folder / "obs" / "o.csv").write_text("metric,period,journey,value\ncalls,2024,buy,1\n")
    settings = SiteSettings(
        config_dir=tmp_path,
        journeys_dir=folder,
        teams_file=folder / "_teams.yml",
        metrics_file="_defs.yml",
        metrics_dir="obs",
    )
    handbook = load_handbook(settings)
    assert handbook.diagnostics == []
    assert handbook.metrics.definitions_path == "journeys/_defs.yml"
    assert [o.path for o in handbook.metrics.observations] == ["journeys/obs/o.csv"]


# --- file rules ------------------------------------------------------------------------------


def test_links_out_fifos_and_linked_folders_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_text("metric,period,journey,value\nTOP-SECRET,2024,buy,1\n")
    folder = _folder(tmp_path, {"ok.csv": "metric,period,journey,value\ncalls,2024,buy,1\n"})
    metrics = folder / "_metrics"
    (metrics / "out.csv").symlink_to(outside)
    os.mkfifo(metrics / "pipe.csv")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.csv").write_text("metric,period,journey,value\nnope,2024,buy,1\n")
    (metrics / "linked").symlink_to(elsewhere, target_is_directory=True)
    handbook = load_folder(folder, display_base="journeys")
    assert _found(handbook) == [
        "journeys/_metrics/linked:1:1 linked-folder",
        "journeys/_metrics/out.csv:1:1 unsafe-file",
        "journeys/_metrics/pipe.csv:1:1 unsafe-file",
    ]
    assert "TOP-SECRET" not in str(handbook.diagnostics)
    assert len(handbook.metrics.observations) == 1


def test_a_definitions_file_linked_out_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "defs.yml"
    outside.write_text(DEFINITIONS)
    folder = _folder(tmp_path, {}, definitions=None)
    (folder / "_metrics.yml").symlink_to(outside)
    assert _found(load_folder(folder, display_base="journeys")) == [
        "journeys/_metrics.yml:1:1 unsafe-file"
    ]


def test_an_observations_file_over_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mkdocs_touchpoints.reading.metrics_read.MAX_OBSERVATIONS_BYTES", 100)
    found = _load(tmp_path, {"o.csv": "metric,period,journey,value\n" + "calls,2024,buy,1\n" * 10})
    assert _found(found) == ["journeys/_metrics/o.csv:1:1 file-too-large"]
    assert "split it into several files" in found.diagnostics[0].message


def test_a_huge_record_stops_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mkdocs_touchpoints.reading.observations.MAX_RECORD_CHARS", 1000)
    text = "metric,period,journey,value\ncalls,2024,buy,1\n" + "x," * 600 + "\n"
    assert _one(tmp_path, text) == ["journeys/_metrics/o.csv:3:1 record-too-large"]


# --- scale -----------------------------------------------------------------------------------


def test_100k_rows_read_without_error(tmp_path: Path) -> None:
    rows = [HEADER]
    start = datetime.date(1990, 1, 1)
    for day in range(25_000):
        period = (start + datetime.timedelta(days=day)).isoformat()
        rows.append(f"nps,{period},buy,,web,100,50,20,,\n")
        rows.append(f"csat,{period},buy,,call,100,70,,,\n")
        rows.append(f"calls,{period},buy,,,,,,{day},\n")
        rows.append(f"wait,{period},buy,need,,,,,{day / 7},\n")
    handbook = _load(tmp_path, {"big.csv": "".join(rows)})
    assert _found(handbook) == []
    assert len(handbook.metrics.observations) == 100_000


# --- quoting -----------------------------------------------------------------------------------

_LONG = st.builds(
    lambda c, n: c * n, st.sampled_from(["a", "é", "-", '"', ","]), st.integers(0, 300)
)
_FIELD = st.one_of(
    _LONG, st.sampled_from(["nps", "calls", "buy", "2024-01", "web", "10", "-1", ""])
)


@given(st.lists(st.lists(_FIELD, min_size=1, max_size=11), min_size=1, max_size=4))
def test_a_diagnostic_never_quotes_more_than_60_characters(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER.strip().split(","), *rows])
    folder = Path(tempfile.mkdtemp())
    try:
        handbook = _load(folder, {"o.csv": buffer.getvalue()})
    finally:
        shutil.rmtree(folder)
    for diagnostic in handbook.diagnostics:
        line = diagnostic.format()
        assert len(line) <= 400, line
        for run in ("a" * 61, "é" * 61, "-" * 61, '"' * 61, "," * 61):
            assert run not in line


def test_a_team_that_owns_a_metric_owns_something(tmp_path: Path) -> None:
    """The idle-team warning (which fails --strict) is not for a team owning a metric."""
    definitions = "metrics:\n  - {id: calls, name: Calls, type: count, owner: care}\n"
    folder = _folder(tmp_path, {"o.csv": HEADER + "calls,2024-01,buy,,,,,,12,\n"}, definitions)
    (folder / "_teams.yml").write_text(
        "teams:\n  - {id: crm, name: CRM}\n  - {id: care, name: Care}\n"
        "  - {id: idle, name: Idle}\n",
        encoding="utf-8",
    )
    handbook = load_folder(folder, display_base="journeys")
    assert _found(handbook) == ["journeys/_teams.yml:4:10 idle-team"]


def test_a_field_over_the_csv_limit_is_said_in_words(tmp_path: Path) -> None:
    text = HEADER + "calls,2024-01,buy,,,,,,12," + "x" * (csv.field_size_limit() + 1) + "\n"
    handbook = _load(tmp_path, {"o.csv": text})
    assert [d.message for d in handbook.diagnostics] == [
        f"not valid CSV (a field over {csv.field_size_limit():,} characters); the rest of the "
        "file is not read"
    ]
