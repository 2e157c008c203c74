"""The parse cache of observation files (`mkdocs serve`): a file whose bytes are unchanged is
not parsed again, and the checks across files still run on its rows, with the same result
as a fresh read. And the reader's fast path for valid rows: the same result as the full
check of every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import ParseCache, load_folder
from mkdocs_touchpoints.reading.observations import _RowChecker
from tests.reading import test_observations as observation_tests
from tests.reading.test_observations import DEFINITIONS, HEADER, _folder

A = HEADER + "nps,2024-01,buy,,web,10,5,1,,\nnps,2024-02,buy,,web,20,5,1,,\n"
B = HEADER + "csat,2024-01,buy,,call,10,5,,,\nwait,2024-01,buy,,,5,,,3,\n"


def _load(folder: Path, cache: ParseCache | None) -> Handbook:
    return load_folder(folder, display_base="journeys", cache=cache)


def _same_as_fresh(folder: Path, cache: ParseCache) -> Handbook:
    """Load with the cache and without: the diagnostics and rows must be the same."""
    cached = _load(folder, cache)
    fresh = _load(folder, None)
    assert cached.diagnostics == fresh.diagnostics
    assert cached.metrics.observations == fresh.metrics.observations
    return cached


def _write(folder: Path, rel: str, text: str) -> None:
    (folder / "_metrics" / rel).write_text(text, encoding="utf-8")


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": A, "b/b.csv": B})
    cache = ParseCache()
    first = _same_as_fresh(folder, cache)
    assert cache.observations.parses == 2 and len(cache.observations) == 2
    assert not first.diagnostics and len(first.metrics.observations) == 4
    again = _same_as_fresh(folder, cache)
    assert cache.observations.parses == 2  # nothing parsed
    assert again.metrics.observations == first.metrics.observations
    _write(folder, "a.csv", A + "nps,2024-03,buy,,web,30,5,1,,\n")
    edited = _same_as_fresh(folder, cache)
    assert cache.observations.parses == 3  # only a.csv
    assert len(edited.metrics.observations) == 5
    (folder / "_metrics" / "a.csv").unlink()
    _same_as_fresh(folder, cache)
    assert cache.observations.parses == 3 and len(cache.observations) == 1


def test_an_unchanged_file_is_checked_against_the_others(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": A, "b/b.csv": B})
    cache = ParseCache()
    _same_as_fresh(folder, cache)
    # a.csv now holds b.csv's first row and a journey-level wait row without n: b.csv,
    # unchanged, has the later duplicate and the row whose n differs.
    _write(folder, "a.csv", A + "csat,2024-01,buy,,call,10,5,,,\nwait,2024-02,buy,,,,,,3,\n")
    handbook = _same_as_fresh(folder, cache)
    found = [(d.path, d.line, d.code) for d in handbook.diagnostics]
    assert found == [
        ("journeys/_metrics/b/b.csv", 2, "duplicate-row"),
        ("journeys/_metrics/b/b.csv", 3, "mixed-n"),
    ]
    # Back as it was: b.csv is valid again, and nothing is left of the failed replay.
    _write(folder, "a.csv", A)
    assert not _same_as_fresh(folder, cache).diagnostics
    # Only b.csv's second row clashes: its first, taken in the replay, is taken back.
    _write(folder, "a.csv", A + "wait,2024-02,buy,,,,,,3,\n")
    handbook = _same_as_fresh(folder, cache)
    assert [(d.path, d.line, d.code) for d in handbook.diagnostics] == [
        ("journeys/_metrics/b/b.csv", 3, "mixed-n")
    ]


def test_levels_and_granularities_across_cached_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": A, "b/b.csv": B})
    cache = ParseCache()
    _same_as_fresh(folder, cache)
    for row, codes in [
        ("csat,2024-Q1,buy,need,,10,5,,,", ["mixed-granularity", "mixed-levels"]),
        ("csat,2024-02,buy,need,,10,5,,,", ["mixed-levels"]),
        ("csat,2024-Q1,buy,,web,10,5,,,", ["mixed-granularity"]),
    ]:
        _write(folder, "a.csv", HEADER + row + "\n")
        handbook = _same_as_fresh(folder, cache)
        assert sorted(d.code for d in handbook.diagnostics) == codes, row


def test_rows_of_a_changed_journey_or_definitions_are_checked_again(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": A, "b/b.csv": B})
    cache = ParseCache()
    _same_as_fresh(folder, cache)
    journey = (folder / "buy.yml").read_text(encoding="utf-8")
    (folder / "buy.yml").write_text(journey.replace("id: call", "id: phone"), encoding="utf-8")
    (folder / "buy.yml").write_text(
        (folder / "buy.yml")
        .read_text(encoding="utf-8")
        .replace("touchpoint: call", "touchpoint: phone"),
        encoding="utf-8",
    )
    handbook = _same_as_fresh(folder, cache)
    assert [(d.path, d.code) for d in handbook.diagnostics] == [
        ("journeys/_metrics/b/b.csv", "unknown-touchpoint")
    ]
    (folder / "buy.yml").write_text(journey, encoding="utf-8")
    parses = cache.observations.parses
    assert not _same_as_fresh(folder, cache).diagnostics
    # b.csv's bytes never changed: its rows of the first read fit again, unparsed.
    assert cache.observations.parses == parses
    # A metric's type changes: its rows are parsed and checked again under the new type.
    (folder / "_metrics.yml").write_text(
        DEFINITIONS.replace("type: csat", "type: nps"), encoding="utf-8"
    )
    handbook = _same_as_fresh(folder, cache)
    assert [d.code for d in handbook.diagnostics] == ["missing-value"]


def test_a_file_with_errors_is_parsed_every_time(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.csv": A + "nps,2024-13,buy,,web,1,1,0,,\n"})
    cache = ParseCache()
    for expected in (1, 2):
        handbook = _same_as_fresh(folder, cache)
        assert [d.code for d in handbook.diagnostics] == ["bad-period"]
        assert cache.observations.parses == expected and len(cache.observations) == 0


def test_the_fast_path_for_valid_rows_changes_no_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each error row after valid rows that warm the lookups (so the fast path sees it
    first and must hand it over), and rows clashing across files: the same diagnostics and
    rows as with every row taken by the full check."""
    [mark] = observation_tests.test_each_row_error_is_located.pytestmark
    warm = HEADER + (
        "conv,2024-01,buy,,,10,5,,,\ncalls,2024-01,buy,,,,,,3,\ncalls,2024-02,buy,,,,,,3,\n"
        "effort,2024-Q1,buy,,,10,,,3,\n"
    )
    texts = [warm + row + "\n" for row, _ in mark.args[1]]
    texts.append(warm + "conv,2024-01,buy,,,10,5,,,\nconv,2024-02,buy,need,,10,5,,,\n")
    texts.append(warm + "wait,2024-01,buy,,,5,,,3,\nwait,2024-02,buy,,,,,,3,\n")
    texts.append(warm + "conv,2024-Q1,buy,,,10,5,,,\nnps,2024-02,buy,,web,10,5,1,,\n")
    for index, text in enumerate(texts):
        (tmp_path / str(index)).mkdir()
        folder = _folder(tmp_path / str(index), {"o.csv": text})
        fast = _load(folder, None)
        with monkeypatch.context() as patch:
            patch.setattr(_RowChecker, "fast", lambda self, row, line: False)
            full = _load(folder, None)
        assert fast.diagnostics == full.diagnostics, text
        assert fast.metrics.observations == full.metrics.observations, text
        assert fast.diagnostics, text
