"""The sketch of observation files a late build plans its pages with (`observations.outline`,
`Metrics.outline` and `Metrics.pending`): what a row names, as written, whatever else is
wrong with the file; the full read, called later, finds what a read up front finds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.observations import outline

from .test_observations import JOURNEY

DEFINITIONS = "metrics:\n  - {id: calls, name: Calls, type: count}\n"


def test_each_row_gives_its_metric_journey_and_level() -> None:
    data = (
        b"\xef\xbb\xbfmetric,period,journey,phase,touchpoint,value\r\n"
        b"calls,2024-01,buy,,,1\r\n"
        b'calls,2024-02,buy,need,"web",2\r\n'
        b"calls,2024-03,buy,,web,3\r\n"
        b'nps,2024-03,"sell, now",need,,"a\nb"\r\n'
        b"\r\n"
    )
    assert outline(data) == {
        ("calls", "buy", False, False),
        ("calls", "buy", True, True),
        ("calls", "buy", False, True),
        ("nps", "sell, now", True, False),
    }


def test_a_file_without_phase_or_touchpoint_columns_is_at_journey_level() -> None:
    assert outline(b"journey,metric,period,value\nbuy,calls,2024-01,1\n") == {
        ("calls", "buy", False, False)
    }


def test_short_rows_and_bad_csv_end_the_sketch_without_failing() -> None:
    data = b'metric,period,journey,value\ncalls,2024-01,buy,1\ncalls\n"open,2024-02,x,1\n'
    assert outline(data) == {("calls", "buy", False, False)}


def test_unreadable_files_sketch_nothing() -> None:
    assert outline(b"metric,period,value\ncalls,2024-01,1\n") == set()  # no journey column
    assert outline(b"") == set()
    assert outline(b"metric,journey\n\xff\n") == set()


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["calls", "nps", "x,y", 'q"t']),
            st.sampled_from(["buy", "sell", "a\nb"]),
            st.sampled_from(["", "need"]),
            st.sampled_from(["", "web"]),
        ),
        max_size=20,
    )
)
def test_the_sketch_is_the_set_of_rows_written(
    rows: list[tuple[str, str, str, str]],
) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["metric", "period", "journey", "phase", "touchpoint", "value"])
    for metric, journey, phase, touchpoint in rows:
        writer.writerow([metric, "2024-01", journey, phase, touchpoint, "1"])
    expected = {(m, j, bool(p), bool(t)) for m, j, p, t in rows}
    assert outline(text.getvalue().encode()) == expected


def _folder(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "buy.yml").write_text(JOURNEY, encoding="utf-8")
    (tmp_path / "_teams.yml").write_text("teams:\n  - {id: crm, name: CRM}\n", encoding="utf-8")
    (tmp_path / "_metrics.yml").write_text(DEFINITIONS, encoding="utf-8")
    (tmp_path / "_metrics").mkdir()
    (tmp_path / "_metrics" / "calls.csv").write_text(rows, encoding="utf-8")
    return tmp_path


def test_read_later_finds_what_a_read_up_front_finds(tmp_path: Path) -> None:
    rows = (
        "metric,period,journey,touchpoint,value\ncalls,2024-01,buy,web,4\ncalls,2024-13,buy,web,1\n"
    )
    folder = _folder(tmp_path, rows)
    now = load_folder(folder)
    later = load_folder(folder, observations_later=True)
    assert later.metrics.observations == []
    assert later.metrics.outline == frozenset({("calls", "buy", False, True)})
    assert later.metrics.pending is not None
    observations, diagnostics = later.metrics.pending()
    assert observations == now.metrics.observations
    assert len(observations) == 1
    assert [d.format() for d in diagnostics] == [
        d.format() for d in now.diagnostics if d.path.endswith(".csv")
    ]
    assert any("'2024-13' is not a period" in d.format() for d in diagnostics)
    assert not any(d.path.endswith(".csv") for d in later.diagnostics)
