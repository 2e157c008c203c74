"""`import responses` and `import theydo`: the spec's mapping, located errors, privacy,
streaming, and the round trip through `validate --strict`."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.exchange.conftest import FIXTURES, ROOT, Run

METRICS = FIXTURES / "metrics"
QUALTRICS = METRICS / "qualtrics-nps.csv"
BAD = METRICS / "qualtrics-bad.csv"
THEYDO = METRICS / "theydo-metrics.json"
DEFINITIONS = str(ROOT / "journeys" / "_metrics.yml")
NPS = ("--metric", "nps-purchase", "--journey", "phone-purchase", "--score", "Q1")


def _responses(cli: Run, path: Path, *options: str) -> tuple[int, str, str]:
    code, out, err = cli("import", "responses", str(path), "--metrics", DEFINITIONS, *options)
    return code, out.decode("utf-8"), err


def _answers(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[2:]  # Qualtrics' question texts and ImportId objects


# --- import responses -----------------------------------------------------------------------


def test_qualtrics_export_is_pooled_per_month(cli: Run) -> None:
    code, out, err = _responses(cli, QUALTRICS, *NPS, "--date", "RecordedDate")
    assert code == 0, out + err
    expected: dict[str, list[int]] = {}
    for row in _answers(QUALTRICS):
        if row["Finished"] == "0" or not row["Q1"]:
            continue
        score = int(row["Q1"])
        counts = expected.setdefault(row["RecordedDate"][:7], [0, 0, 0])
        counts[0] += 1
        counts[1] += score >= 9
        counts[2] += score <= 6
    lines = out.splitlines()
    assert lines[0] == "metric,period,journey,n,positive,negative"
    assert lines[1:] == [
        f"nps-purchase,{period},phone-purchase,{n},{p},{d}"
        for period, (n, p, d) in sorted(expected.items())
    ]
    assert "Qualtrics layout" in err


def _plain(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_plain_csv_scope_columns_types_and_weeks(cli: Run, tmp_path: Path) -> None:
    path = _plain(
        tmp_path,
        "when,trip,tp,csat,fcr,effort,wait,note\n"
        "2021-01-01T10:00:00Z,support-case,support-chat,5,true,6,3.5,a\n"
        "2021-01-03 23:59,support-case,support-chat,3,FALSE,7,4,b\n"
        "2021-01-04,support-case,support-line,4,1,5,2.25,c\n"
        "2024-12-30T08:00:00+02:00,support-case,support-line,2,0,2,1,d\n",
    )
    common = ("--journey-column", "trip", "--touchpoint-column", "tp", "--date", "when")
    code, out, _ = _responses(
        cli, path, "--metric", "csat-support", "--score", "csat", "--period", "week", *common
    )
    assert code == 0, out
    assert out.splitlines() == [
        "metric,period,journey,touchpoint,n,positive",
        "csat-support,2020-W53,support-case,support-chat,2,1",
        "csat-support,2021-W01,support-case,support-line,1,1",
        "csat-support,2025-W01,support-case,support-line,1,0",
    ]
    code, out, _ = _responses(cli, path, "--metric", "ces-support", "--score", "effort", *common)
    assert out.splitlines()[1:] == [
        "ces-support,2021-01,support-case,support-chat,2,6.5",
        "ces-support,2021-01,support-case,support-line,1,5",
        "ces-support,2024-12,support-case,support-line,1,2",
    ]
    code, out, _ = _responses(
        cli, path, "--metric", "hold-time", "--score", "wait", "--period", "year", *common
    )
    assert out.splitlines() == [
        "metric,period,journey,touchpoint,n,value",
        "hold-time,2021,support-case,support-chat,2,3.75",
        "hold-time,2021,support-case,support-line,1,2.25",
        "hold-time,2024,support-case,support-line,1,1",
    ]
    code, out, _ = _responses(
        cli, path, "--metric", "billing-calls", "--score", "note", "--period", "quarter", *common
    )
    assert out.splitlines()[1:] == [
        "billing-calls,2021-Q1,support-case,support-chat,2",
        "billing-calls,2021-Q1,support-case,support-line,1",
        "billing-calls,2024-Q4,support-case,support-line,1",
    ]


def test_ratio_answers_and_unrounded_means(cli: Run, tmp_path: Path) -> None:
    path = _plain(
        tmp_path,
        "d,ok,w\n2026-01-05,true,1\n2026-01-06,0,2\n2026-01-07,1,2\n2026-01-08,False,\n",
    )
    code, out, _ = _responses(
        cli, path, "--metric", "on-time-delivery", "--journey", "late-delivery",
        "--touchpoint", "courier", "--score", "ok", "--date", "d",
    )  # fmt: skip
    assert code == 0
    assert out.splitlines()[1:] == ["on-time-delivery,2026-01,late-delivery,courier,4,2"]
    code, out, _ = _responses(
        cli, path, "--metric", "hold-time", "--journey", "support-case", "--score", "w",
        "--date", "d",
    )  # fmt: skip
    assert out.splitlines()[1:] == [f"hold-time,2026-01,support-case,3,{5 / 3!r}"]
    assert float(out.splitlines()[1].split(",")[-1]) == 5 / 3


def test_bad_scores_and_dates_are_located_all_in_one_run(cli: Run) -> None:
    code, out, _ = _responses(cli, BAD, *NPS, "--date", "RecordedDate")
    assert code == 1
    with BAD.open(encoding="utf-8", newline="") as f:
        raw = re.split(r"\r\n|\r|\n", f.read())

    def column(line: int, text: str) -> int:
        return raw[line - 1].index("," + text + ",") + 2

    assert out.splitlines() == [
        f"{BAD}:5:{column(5, 'eleven')}: error: 'eleven' is not an nps score "
        "(a whole number from 0 to 10)",
        f"{BAD}:6:{column(6, '31/12/2025 10:00')}: error: '31/12/2025 10:00' is not an ISO "
        "8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS)",
        f"{BAD}:8:{column(8, '11')}: error: '11' is not an nps score (a whole number from 0 to 10)",
        f"{BAD}:10:{column(10, '2025-02-30')}: error: '2025-02-30' is not an ISO 8601 date or "
        "date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS)",
    ]


def test_a_quoted_bad_value_is_located_at_its_quote_and_quoted_short(
    cli: Run, tmp_path: Path
) -> None:
    long = "x" * 100
    path = _plain(tmp_path, f'd,s\n2026-01-01,"{long}"\n"2026-13-01",5\n')
    code, out, _ = _responses(
        cli, path, "--metric", "csat-support", "--journey", "support-case", "--score", "s",
        "--date", "d",
    )  # fmt: skip
    assert code == 1
    first, second = out.splitlines()
    assert first.startswith(f"{path}:2:12: error: '{'x' * 60}…' is not a csat score")
    assert second.startswith(f"{path}:3:1: error: '2026-13-01' is not an ISO 8601 date")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--score", "Q9", "--date", "RecordedDate"), "no column 'Q9'"),
        (("--score", "Q1", "--date", "Recorded"), "did you mean 'RecordedDate'?"),
    ],
)
def test_missing_columns_are_usage_errors(cli: Run, argv: tuple[str, ...], message: str) -> None:
    code, out, err = _responses(
        cli, QUALTRICS, "--metric", "nps-purchase", "--journey", "phone-purchase", *argv
    )
    assert (code, out) == (2, "")
    assert message in err


def test_usage_errors_exit_2(cli: Run, tmp_path: Path) -> None:
    date = ("--score", "Q1", "--date", "RecordedDate")
    assert _responses(cli, tmp_path / "none.csv", *NPS[:4], *date)[0] == 2
    code, _, err = _responses(cli, QUALTRICS, "--metric", "nps-purchse", "--journey", "x", *date)
    assert code == 2 and "did you mean 'nps-purchase'?" in err
    assert _responses(cli, QUALTRICS, "--metric", "nps-purchase", *date)[0] == 2  # no journey
    code, _, _ = cli("import", "responses", str(QUALTRICS), *NPS, "--date", "RecordedDate",
                     "--metrics", str(tmp_path / "none.yml"))  # fmt: skip
    assert code == 2
    # A folder for FILE or --metrics, and a file without even a header row, are usage errors.
    code, _, err = cli("import", "responses", str(QUALTRICS), *NPS, "--date", "RecordedDate",
                       "--metrics", str(tmp_path))  # fmt: skip
    assert code == 2 and "not a regular file" in err
    code, _, err = _responses(cli, _plain(tmp_path, ""), *NPS, "--date", "d")
    assert code == 2 and "is empty; it needs a header row" in err
    code, out, err = _theydo(cli, str(tmp_path), "--journey", "support-case")
    assert (code, out) == (2, "") and "not a regular file" in err


def test_zone_offsets_and_huge_means_are_located_errors(cli: Run, tmp_path: Path) -> None:
    """An offset past 23:59 is no date; a mean score past 10^15 is no score (their sums
    could overflow a float): located errors, never a crash."""
    path = _plain(
        tmp_path,
        "d,s\n2021-01-01T10:00:00+99:99,5\n2021-01-01T10:00:00+05:30,5\n2021-01-01,1e308\n"
        "2021-01-01,1e15\n2021-01-01,-1e15\n",
    )
    code, out, err = _responses(
        cli, path, "--metric", "hold-time", "--journey", "support-case", "--score", "s",
        "--date", "d",
    )  # fmt: skip
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:1: error: '2021-01-01T10:00:00+99:99' is not an ISO 8601 date or date-time "
        "(YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS)",
        f"{path}:4:12: error: '1e308' is not a mean score (a number from -10^15 to 10^15)",
    ]
    assert err.strip() == "2 errors, 0 warnings"  # no "valid journeys": there are none


# --- privacy --------------------------------------------------------------------------------


def _secrets() -> set[str]:
    found: set[str] = set()
    for path in (QUALTRICS, BAD):
        for row in _answers(path):
            for column in ("IPAddress", "ResponseId", "RecipientEmail", "RecipientLastName",
                           "RecipientFirstName", "ExternalReference"):  # fmt: skip
                found.add(row[column])
            found.update(line for line in row["Q2"].splitlines() if len(line) > 3)
    found.update(w for w in ("bob@example.org", "damaged", "annoying") if w)
    return {s for s in found if s}


@pytest.mark.parametrize("path", [QUALTRICS, BAD])
@pytest.mark.parametrize("score", ["Q1", "Q2"])
def test_no_other_column_reaches_any_output(
    cli: Run, tmp_path: Path, monkeypatch, path: Path, score: str
) -> None:
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.rglob("*"))
    code, out, err = _responses(cli, path, *NPS[:4], "--score", score, "--date", "RecordedDate")
    # Q2 is the comment: asked as an nps score, its values are quoted (60 characters at most)
    assert code in (0, 1)
    assert set(tmp_path.rglob("*")) == before  # no file written
    secrets = _secrets()
    assert secrets
    if score == "Q2":
        return
    text = out + err
    for secret in secrets:
        assert secret not in text, secret


def test_no_other_column_reaches_the_output_of_a_journey_column(cli: Run) -> None:
    code, out, err = _responses(
        cli, BAD, "--metric", "nps-purchase", "--journey-column", "DistributionChannel",
        "--score", "Q1", "--date", "RecordedDate",
    )  # fmt: skip
    assert code == 1
    for secret in _secrets():
        assert secret not in out + err


# --- streaming ------------------------------------------------------------------------------


STREAM = """
import resource
from mkdocs_touchpoints.exchange.responses import ResponsesSpec, Source, read_responses

def many(count):
    yield "ResponseId,RecipientEmail,Q2,Q1,RecordedDate\\n"
    for i in range(count):
        yield f"R_{i},p{i}@example.org,fine,{i % 11},2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}\\n"

spec = ResponsesSpec("nps-purchase", "nps", Source("phone-purchase"), "Q1", "RecordedDate")
read_responses(many(1000), "warm.csv", spec)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = read_responses(many(500_000), "big.csv", spec)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
assert result.answers == 500_000 and not result.diagnostics, result.diagnostics[:3]
assert len(result.rows) == 12 and sum(r.n for r in result.rows) == 500_000
print(after - before)
"""


def test_500000_answers_stream_in_bounded_memory() -> None:
    """Half a million answers (about 30 MB of CSV, over 100 MB as a list of rows) raise the
    peak memory of a fresh process by less than 8 MiB (ru_maxrss is in KiB on Linux)."""
    resource = pytest.importorskip("resource")
    assert resource is not None
    done = subprocess.run(
        [sys.executable, "-c", STREAM], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 8 * 1024, done.stdout


# --- import theydo --------------------------------------------------------------------------


def _theydo(cli: Run, *argv: str) -> tuple[int, str, str]:
    code, out, err = cli("import", "theydo", *argv)
    return code, out.decode("utf-8"), err


def test_theydo_rows_follow_the_mapping(cli: Run) -> None:
    code, out, err = _theydo(cli, str(THEYDO), "--journey", "support-case")
    assert code == 0, out + err
    rows = list(csv.DictReader(io.StringIO(out)))
    by = {(r["metric"], r["period"]): r for r in rows}
    nps = by[("nps-purchase", "2025-01")]
    assert (nps["journey"], nps["n"], nps["positive"], nps["negative"]) == (
        "phone-purchase", str(42 + 88 + 230 + 35 + 79 + 256), str(230 + 256), str(42 + 35),
    )  # fmt: skip
    csat = by[("csat-support", "2025-01")]
    assert (csat["phase"], csat["touchpoint"], csat["n"], csat["positive"]) == (
        "contact", "support-chat", str(360 + 372), str(180 + 95 + 195 + 110),
    )  # fmt: skip
    ces = by[("ces", "2025-01")]
    assert (ces["n"], float(ces["value"])) == ("615", (4.8 * 320 + 5.1 * 295) / 615)
    assert (by[("fcr", "2025-01")]["n"], by[("fcr", "2025-01")]["positive"]) == ("2050", "1552")
    assert by[("aht", "2025-01")]["value"] == "299.75" and by[("aht", "2025-01")]["n"] == ""
    assert by[("complaints", "2025-01")]["value"] == "58"
    assert out.splitlines()[0] == "metric,period,journey,phase,touchpoint,n,positive,negative,value"
    assert [(r["metric"], r["period"]) for r in rows] == sorted(by)


def test_theydo_definitions(cli: Run) -> None:
    code, out, _ = _theydo(cli, str(THEYDO), "--definitions")
    assert code == 0
    metrics = yaml.safe_load(out)["metrics"]
    assert [(m["id"], m["type"]) for m in metrics] == [
        ("nps-purchase", "nps"), ("csat-support", "csat"), ("ces", "ces"), ("fcr", "ratio"),
        ("aht", "mean"), ("complaints", "count"),
    ]  # fmt: skip
    assert metrics[0]["target"] == {"value": 30, "direction": "at-least"}
    assert metrics[4]["target"] == {"value": 300, "direction": "at-most"}
    assert metrics[4]["unit"] == "seconds" and metrics[0]["name"] == "Purchase NPS"
    assert "target" not in metrics[5]
    assert "example.com" not in out  # ownerEmail is not carried over


BAD_THEYDO = """{
  "format": "THEYDO_METRICS_V2",
  "metrics": [
    {"type": "NPS", "importKey": "n", "title": "N", "unit": "x", "colour": "red",
     "ownerEmail": "not-an-address",
     "dataPoints": [{"dateOfMeasurement": "2025-02-30", "detractors": -1, "passives": 1.5,
                     "promoters": "3"}]},
    {"type": "OTHER", "importKey": "o", "title": "O", "unit": "x", "dataPoints": []},
    {"type": "CSATT", "importKey": "c", "title": "C", "unit": "x", "dataPoints": []},
    {"type": "RATIO", "importKey": "r", "title": "R", "unit": "x",
     "targetComparisonOperator": "EQUAL", "dataPoints": [{"dateOfMeasurement": "2025-01-01"}]}
  ]
}
"""


def test_theydo_schema_rules_are_located_all_in_one_run(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(BAD_THEYDO, encoding="utf-8")
    code, out, _ = _theydo(cli, str(path), "--journey", "support-case")
    assert code == 1
    p = str(path)
    assert out.splitlines() == [
        f"{p}:2:13: error: 'format' must be 'THEYDO_METRICS_V1', found 'THEYDO_METRICS_V2'",
        f"{p}:4:66: error: unknown key 'colour' in metric 1 (NPS)",
        f"{p}:5:20: error: 'ownerEmail' must be an e-mail address or null",
        f"{p}:6:43: error: 'dateOfMeasurement' must be a date YYYY-MM-DD, found '2025-02-30'",
        f"{p}:6:71: error: 'detractors' must be an integer from 0 to 2147483647, found -1",
        f"{p}:6:87: error: 'passives' must be an integer from 0 to 2147483647, found 1.5",
        f"{p}:7:35: error: 'promoters' must be an integer from 0 to 2147483647, found '3'",
        f"{p}:8:5: error: missing required key 'aggregationMethod' in metric 2 (OTHER)",
        f"{p}:9:14: error: 'type' must be one of CES, CSAT, NPS, OTHER, RATIO, found 'CSATT'; "
        "did you mean 'CSAT'?",
        f"{p}:11:34: error: 'targetComparisonOperator' must be LESS_THAN_OR_EQUAL_TO or "
        "MORE_THAN_OR_EQUAL_TO or LESS_THAN or MORE_THAN or null, found 'EQUAL'",
        f"{p}:11:58: error: missing required key 'numerator' in data point 1 of metric 4 (RATIO)",
        f"{p}:11:58: error: missing required key 'denominator' in data point 1 of metric 4 (RATIO)",
    ]
    assert "not-an-address" not in out


THEYDO_POINTS = """{"format": "THEYDO_METRICS_V1", "metrics": [
 {"type": "OTHER", "aggregationMethod": "SUM", "importKey": "calls", "title": "Calls",
  "unit": "calls", "dataPoints": [
  {"dateOfMeasurement": "2026-01-03", "value": 9e14},
  {"dateOfMeasurement": "2026-01-04", "value": 9e14},
  {"dateOfMeasurement": "2026-01-05", "value": 1e400},
  {"dateOfMeasurement": "2026-02-05", "value": 1,
   "dimensions": [{"key": "journey", "value": "jane.doe@corp.com"}]}]},
 {"type": "RATIO", "importKey": "conv", "title": "Conversion", "unit": "%%", "dataPoints": [
  {"dateOfMeasurement": "2026-01-03", "numerator": 5, "denominator": 3},
  {"dateOfMeasurement": "2026-01-03", "numerator": 1.5, "denominator": 3},
  {"dateOfMeasurement": "dave@corp.com", "numerator": 1, "denominator": 3},
  {"dateOfMeasurement": "2026-01-04", "numerator": 0, "denominator": -3}]},
 {"type": "CES", "importKey": "%s", "title": "Effort", "unit": "", "dataPoints": []}]}
"""


def test_theydo_checks_every_data_point_and_never_quotes_an_address(
    cli: Run, tmp_path: Path
) -> None:
    """One bad data point does not hide the others' problems; a sum past 10^15 and a number
    past a float's range are errors; an e-mail address is never repeated."""
    path = tmp_path / "points.json"
    path.write_text(THEYDO_POINTS % ("x" * 101), encoding="utf-8")
    code, out, _ = _theydo(cli, str(path), "--journey", "support-case")
    assert code == 1
    assert [line.split(": error: ")[1] for line in out.splitlines()] == [
        "the values of period 2026-01 for this scope sum past 10^15, more than an observation's "
        "value may be",
        "'value' must be a number from -10^15 to 10^15, found a number too large for a float",
        "an e-mail address is not a journey id (a slug: a-z, 0-9, -)",
        "the numerator must be from 0 to the denominator, found 5 of 3",
        "'numerator' must be an integer from -2147483648 to 2147483647, found 1.5",
        "'dateOfMeasurement' must be a date YYYY-MM-DD, found an e-mail address",
        "the numerator must be from 0 to the denominator, found 0 of -3",
        "importKey makes an id of 101 characters; an id has at most 100",
    ]
    assert "corp.com" not in out


@pytest.mark.parametrize(
    ("operator", "direction"),
    [("LESS_THAN", "at-most"), ("MORE_THAN", "at-least"), ("LESS_THAN_OR_EQUAL_TO", "at-most")],
)
def test_theydo_strict_operators_map_to_a_direction(
    cli: Run, tmp_path: Path, operator: str, direction: str
) -> None:
    path = tmp_path / "target.json"
    metric = {"type": "OTHER", "aggregationMethod": "AVERAGE", "importKey": "wait",
              "title": "Wait", "unit": "min", "target": 3, "targetComparisonOperator": operator,
              "dataPoints": []}  # fmt: skip
    path.write_text(
        json.dumps({"format": "THEYDO_METRICS_V1", "metrics": [metric]}), encoding="utf-8"
    )
    code, out, err = _theydo(cli, str(path), "--definitions")
    assert code == 0, out + err
    assert yaml.safe_load(out)["metrics"][0]["target"] == {"value": 3, "direction": direction}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"format": "THEYDO_METRICS_V1",\n "metrics": [1,]}', "2:16: error: not valid JSON"),
        ('{"a": 1, "a": 2}', "1:10: error: duplicate key 'a' (first at line 1)"),
        ("", "1:1: error: not valid JSON"),
        ('{"format": "THEYDO_METRICS_V1"}', "1:1: error: missing required key 'metrics'"),
    ],
)
def test_theydo_json_problems_are_located(cli: Run, tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _theydo(cli, str(path))
    assert code == 1
    assert out.startswith(f"{path}:{where}")


def test_theydo_data_points_need_a_journey(cli: Run) -> None:
    code, out, _ = _theydo(cli, str(THEYDO))
    assert code == 1
    assert "the data point has no journey: give --journey or a 'journey' dimension" in out


# --- the round trip -------------------------------------------------------------------------


def _handbook(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", folder, ignore=shutil.ignore_patterns("_metrics"))
    (folder / "_metrics").mkdir()
    return folder


def test_imported_rows_validate_strictly(cli: Run, tmp_path: Path) -> None:
    folder = _handbook(tmp_path)
    code, out, _ = _responses(cli, QUALTRICS, *NPS, "--date", "RecordedDate")
    assert code == 0
    (folder / "_metrics" / "qualtrics.csv").write_text(out, encoding="utf-8")
    plain = _plain(tmp_path, "d,s,tp\n2026-01-05,4,support-chat\n2026-01-09,7,support-line\n")
    code, out, _ = _responses(
        cli, plain, "--metric", "ces-support", "--journey", "support-case", "--phase",
        "contact", "--touchpoint-column", "tp", "--score", "s", "--date", "d",
    )  # fmt: skip
    assert code == 0
    (folder / "_metrics" / "ces.csv").write_text(out, encoding="utf-8")
    code, out, err = cli("validate", str(folder), "--strict")
    assert code == 0, out.decode() + err


def test_theydo_output_validates_strictly(cli: Run, tmp_path: Path) -> None:
    folder = _handbook(tmp_path)
    code, definitions, _ = _theydo(cli, str(THEYDO), "--definitions")
    assert code == 0
    (folder / "_metrics.yml").write_text(definitions, encoding="utf-8")
    code, rows, _ = _theydo(cli, str(THEYDO), "--journey", "support-case")
    assert code == 0
    (folder / "_metrics" / "theydo.csv").write_text(rows, encoding="utf-8")
    code, out, err = cli("validate", str(folder), "--strict")
    assert code == 0, out.decode() + err
