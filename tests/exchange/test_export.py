"""`export --format csv|json|mermaid`: goldens, the spec's columns and defaults, hostile text."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from mkdocs_touchpoints.exchange.export import csv_columns
from mkdocs_touchpoints.sinks.csv import guard_formula
from mkdocs_touchpoints.sinks.mermaid import clean_actor, clean_name, clean_task
from tests.exchange.conftest import FIXTURES, GOLDEN, ROOT, Run

CASES = {"example": ROOT, "hostile": FIXTURES / "hostile"}
SUFFIX = {"csv": "csv", "json": "json", "mermaid": "mmd"}
LOCATED = re.compile(r"^\S.*:\d+:\d+: (error|warning): .+$")


@pytest.mark.parametrize("output", list(SUFFIX))
@pytest.mark.parametrize("case", list(CASES))
def test_export_matches_golden(golden, case: str, output: str, cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(CASES[case])
    code, out, err = cli("export", "journeys", "--format", output)
    assert code == 0, err
    golden.check_bytes(GOLDEN / f"{case}.{SUFFIX[output]}", out)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_the_spec_header_crlf_and_a_row_per_step(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = cli("export", "--format", "csv")
    assert code == 0
    assert out.startswith(b"journey,step,phase,touchpoint,channel,type,owner,third_party,")
    assert out.split(b"\r\n")[0].decode() == ",".join(csv_columns())
    rows = _rows(out)
    _, data, _ = cli("export", "--format", "json")
    journeys = json.loads(data)["journeys"]
    assert len(rows) == sum(len(j["steps"]) for j in journeys)
    assert [r["journey"] for r in rows] == sorted(r["journey"] for r in rows)
    first = rows[0]
    assert (first["journey"], first["step"]) == ("click-and-collect", "1")


def test_csv_columns_follow_the_spec_rules(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    _, out, _ = cli("export", "--format", "csv")
    rows = {(r["journey"], int(r["step"])): r for r in _rows(out)}
    first = rows["compra", 1]
    assert first["phase"] == "necesidad-que-movil"  # ids, not names
    assert first["touchpoint"] == "web"
    assert first["owner"] == "ventas"  # the touchpoint's owner, defaulted from the journey
    assert first["third_party"] == "false"
    assert first["sentiment"] == "-2"  # numbers are never guarded
    assert first["volume"] == "12000"
    second = rows["compra", 2]
    assert second["owner"] == "atencion"
    assert second["third_party"] == "true"
    assert second["friction"] == ""  # a missing value is empty
    assert second["volume"] == "1250.5"
    assert second["action"] == 'Lee opiniones: "buenas", malas;\ny #comentarios\n'
    assert [r["step"] for r in rows.values() if r["journey"] == "compra"] == list("12345")


def test_csv_guards_formula_cells_in_text_columns_only(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    _, out, _ = cli("export", "--format", "csv")
    rows = _rows(out)
    assert rows[0]["action"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["pain_point"] == "'+SUM(1,2)"
    assert rows[0]["opportunity"] == '\'-2 días de espera, "sin" coste'
    assert rows[1]["pain_point"] == "'@SUM(A1)"
    assert rows[1]["opportunity"] == "'\tTabulador al principio"
    assert rows[4]["pain_point"] == "'\rretorno"
    for row in rows:
        for column, value in row.items():
            if column not in ("action", "pain_point", "opportunity"):
                assert not value.startswith("'"), (column, value)
        for column in ("friction", "sentiment", "volume"):
            if row[column]:
                float(row[column])


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("a;=cmd|' /C calc'!A0", "a;'=cmd|' /C calc'!A0"),
        ("a; +1;-2", "a; '+1;'-2"),
        ("=1;@x", "'=1;'@x"),
        ("a;b", "a;b"),
        ("Compra", "Compra"),
        ("", ""),
    ],
)
def test_formula_guard(text: str, guarded: str) -> None:
    assert guard_formula(text) == guarded


def test_csv_bom_and_spanish_text_round_trip(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    _, plain, _ = cli("export", "--format", "csv")
    _, with_bom, _ = cli("export", "--format", "csv", "--bom")
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert with_bom == b"\xef\xbb\xbf" + plain
    rows = _rows(with_bom)
    assert rows[0]["opportunity"].endswith('días de espera, "sin" coste')
    assert rows[5]["action"] == "Recibe un SMS con la hora"
    assert list(rows[0]) == list(csv_columns())


def test_json_has_every_default(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    code, out, _ = cli("export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"journeys", "teams"}
    journeys = {j["id"]: j for j in data["journeys"]}
    assert list(journeys) == ["compra", "entrega", "sin-revisores"]  # id default: the stem
    compra = journeys["compra"]
    assert compra["description"] is None
    assert compra["phases"][0] == {
        "id": "necesidad-que-movil",
        "name": "Necesidad: ¿qué móvil?",
        "description": None,
    }
    assert compra["touchpoints"][0] == {
        "id": "web",
        "name": "Web: tienda, online; #1",
        "channel": "web",
        "type": "reactive",
        "owner": "ventas",
        "third_party": False,
        "description": None,
    }
    assert compra["steps"][2] == {
        "phase": "necesidad-que-movil",
        "touchpoint": "tienda",
        "action": "Section de ofertas: visita la tienda",
        "friction": 5,
        "sentiment": None,
        "volume": None,
        "pain_point": None,
        "opportunity": None,
    }
    assert journeys["entrega"]["tags"] == []
    assert data["teams"][2] == {
        "id": "legal",
        "name": "Legal",
        "description": None,
        "contact": None,
        "url": None,
        "github": None,
    }


def test_json_teams_without_a_teams_file_are_the_owners(cli: Run, monkeypatch, tmp_path) -> None:
    (tmp_path / "j.yml").write_text(
        "title: T\nowner: shop\nphases: [A]\n"
        "touchpoints: [{id: w, name: W, channel: web, type: reactive, owner: crm}]\n"
        "steps: [{phase: a, touchpoint: w, action: x}]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("export", "j.yml", "--format", "json")
    assert code == 0
    teams = json.loads(out)["teams"]
    assert {t["id"]: t["name"] for t in teams} == {"crm": "crm", "shop": "shop"}


def test_mermaid_sections_follow_phase_changes(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    _, out, _ = cli("export", "--format", "mermaid")
    text = out.decode("utf-8")
    diagrams = text.split("\n\n")
    assert [d.splitlines()[0] for d in diagrams] == [
        "%% journey: compra",
        "%% journey: entrega",
        "%% journey: sin-revisores",
    ]
    compra = diagrams[0].splitlines()
    sections = [line.strip() for line in compra if line.strip().startswith("section ")]
    # the phase that comes back gets a second section; 'Entrega' has no step and no section
    assert sections == [
        "section Necesidad： ¿qué móvil?",
        "section Decisión ＃1； rápida",
        "section Necesidad： ¿qué móvil?",
        "section Decisión ＃1； rápida",
    ]
    tasks = [line for line in compra if line.startswith("      ")]
    assert [line.rsplit(": ", 2)[1] for line in tasks] == ["1", "5", "3", "3", "4"]


def test_mermaid_names_lose_the_characters_mermaid_cannot_hold() -> None:
    assert clean_name("a: b # c; d, e") == "a： b ＃ c； d, e"
    assert clean_actor("Me, Cat: #1;") == "Me， Cat： ＃1；"
    assert clean_name("two\n  lines\tand tabs ") == "two lines and tabs"
    assert clean_task("Section two") == "\u200bSection two"
    assert clean_task("journey's end") == "\u200bjourney's end"
    assert clean_task("Journeys") == "Journeys"
    assert clean_task("%x") == "％x"
    assert clean_task("a%%b") == "a％％b"
    assert "%%" not in clean_name('x %%{init: {"theme": "dark"}}%% y')


def test_warnings_go_to_stderr_and_output_stays_clean(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    code, out, err = cli("export", "--format", "json")
    assert code == 0
    json.loads(out)
    assert "warning: phase 'entrega' has no step" in err


INVALID_JOURNEY = "title: T\nowner: crm\nphases: [A]\ntouchpoints: []\nsteps: 3\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["export", "--format", "mermaid"],
        ["codeowners"],
        ["codeowners", "--check", "CODEOWNERS"],
    ],
)
def test_invalid_input_exits_1_with_located_diagnostics_only(
    argv: list[str], cli: Run, monkeypatch, tmp_path
) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "bad.yml").write_text(INVALID_JOURNEY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*argv)
    assert code == 1
    lines = out.decode("utf-8").splitlines()
    assert lines == [
        "journeys/bad.yml:4:14: error: 'touchpoints' needs at least one item",
        "journeys/bad.yml:5:8: error: 'steps' must be a list, found a number (3)",
    ]
    assert all(LOCATED.match(line) for line in lines)
    assert "2 errors" in err


@pytest.mark.parametrize("command", ["export", "codeowners"])
def test_missing_path_is_a_usage_error(command: str, cli: Run, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    extra = ["--format", "csv"] if command == "export" else []
    code, out, err = cli(command, "nowhere", *extra)
    assert (code, out) == (2, b"")
    assert "no such file or folder: nowhere" in err


def test_export_needs_a_format(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = cli("export")
    assert (code, out) == (2, b"")
    assert "--format" in err


def test_teams_option_as_for_validate(cli: Run, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    teams = tmp_path / "other.yml"
    teams.write_text("teams:\n  - {id: ventas, name: V}\n", encoding="utf-8")
    code, out, _ = cli("export", "--format", "csv", "--teams", str(teams))
    assert code == 1
    assert b"unknown team 'atencion'" in out
    code, out, err = cli("export", "--format", "csv", "--teams", str(tmp_path / "none.yml"))
    assert (code, out) == (2, b"")
    assert "no such teams file" in err


def test_the_csv_columns_are_the_documented_ones_in_order() -> None:
    assert csv_columns() == (
        "journey",
        "step",
        "phase",
        "touchpoint",
        "channel",
        "type",
        "owner",
        "third_party",
        "action",
        "friction",
        "sentiment",
        "volume",
        "pain_point",
        "opportunity",
    )


def test_json_adds_metrics_with_defaults_and_measurements(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = cli("export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    metrics = {m["id"]: m for m in data["metrics"]}
    assert metrics["csat-support"]["min_n"] == 30 and metrics["csat-support"]["hide_below"] == 10
    assert metrics["conversion-checkout"]["hide_below"] == 100
    rows = {(m["metric"], m["journey"], m["period"]): m for m in data["measurements"]}
    nps = rows[("nps-purchase", "phone-purchase", "2025-12")]
    assert nps["level"] == "journey" and nps["n"] == 181
    assert nps["score"] == 100 * (105 - 58) / 181
    low, high = nps["interval"]
    assert low < nps["score"] < high
    assert set(nps) == {"metric", "journey", "period", "level", "n", "score", "interval"}


def test_json_of_a_handbook_without_metrics_has_no_metric_keys(cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    code, out, _ = cli("export", "journeys", "--format", "json")
    assert code == 0
    assert "metrics" not in json.loads(out) and "measurements" not in json.loads(out)


def test_json_stays_json_at_the_largest_values(cli: Run, monkeypatch, tmp_path) -> None:
    """Values are at most 10^15, so pooled sums stay finite: never `Infinity` in the JSON."""
    folder = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", folder)
    with (folder / "_metrics" / "contact-centre" / "telephony.csv").open("a") as f:
        f.write("billing-calls,2027-01,payment-reminder,payment,,1e15,Telephony\n")
        f.write("billing-calls,2027-01,payment-reminder,reminder,,1e15,Telephony\n")
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("export", "journeys", "--format", "json")
    assert code == 0, err

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} in the JSON")

    data = json.loads(out, parse_constant=no_constants)
    scores = [m["score"] for m in data["measurements"] if m["period"] == "2027-01"]
    assert scores == [2e15]
