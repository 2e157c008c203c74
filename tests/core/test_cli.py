"""The command line: formats, exit codes, schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.reading.schema import dump, journey_schema, teams_schema

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).parent / "golden"


def test_example_handbook_is_valid_with_strict(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate", "journeys", "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_path_defaults_to_journeys(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0


def test_json_format_has_the_spec_shape(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    assert main(["validate", "unknown-team", "--format", "json"]) == 1
    items = json.loads(capsys.readouterr().out)
    assert {tuple(sorted(i)) for i in items} == {
        ("code", "column", "line", "message", "path", "severity")
    }
    assert {
        "path": "unknown-team/j.yml",
        "line": 11,
        "column": 12,
        "severity": "error",
        "code": "unknown-team",
        "message": "unknown team 'crn'; did you mean 'crm'?",
    } in items


def test_github_format_has_the_spec_shape(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    main(["validate", "unknown-team", "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert (
        "::error file=unknown-team/j.yml,line=11,col=12::unknown team 'crn'; did you mean 'crm'?"
        in lines
    )
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)


def test_warnings_fail_only_with_strict(monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    assert main(["validate", "warnings"]) == 0
    assert main(["validate", "warnings", "--strict"]) == 1


def test_single_file_uses_the_teams_file_beside_it(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    assert main(["validate", "unknown-team/j.yml"]) == 1
    out = capsys.readouterr().out
    assert "unknown-team/j.yml:11:12: error: unknown team 'crn'; did you mean 'crm'?" in out
    assert "owns no journey" not in out  # idle teams are checked only for a whole folder


def test_explicit_teams_file(capsys, monkeypatch) -> None:
    monkeypatch.chdir(GOLDEN)
    assert main(["validate", "no-teams-file", "--teams", "unknown-team/_teams.yml"]) == 1
    assert "unknown team 'anybody'" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "no/such/folder"],
        ["validate", "--format", "xml"],
        ["validate", "journeys", "--teams", "no-such-teams.yml"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_and_io_errors_exit_2(argv, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "error" in err or "no such" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "path",
    ["journeys/_metrics.yml", "journeys/_teams.yml", "journeys/_metrics/surveys/nps.csv"],
)
def test_a_path_that_is_no_journey_file_is_a_usage_error(path, capsys, monkeypatch) -> None:
    """The teams and metrics files are checked with their folder: as a journey they would
    draw nonsense errors (or pass)."""
    monkeypatch.chdir(ROOT)
    assert main(["validate", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path} is not a journey file" in captured.err
    assert "give the journeys folder" in captured.err


def test_a_subcommand_usage_error_shows_that_subcommand_usage(capsys) -> None:
    argv = ["import", "responses", "x.csv", "--metric", "a", "--journey", "b"]
    assert main([*argv, "--journey-column", "c", "--score", "s", "--date", "d"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: mkdocs-touchpoints import responses ")
    assert "not allowed with argument --journey" in err


def test_schema_files_are_up_to_date() -> None:
    assert (ROOT / "schema/journey.schema.json").read_text() == dump(journey_schema()), (
        "run: mkdocs-touchpoints schema > schema/journey.schema.json"
    )
    assert (ROOT / "schema/teams.schema.json").read_text() == dump(teams_schema()), (
        "run: mkdocs-touchpoints schema --teams > schema/teams.schema.json"
    )


def test_schema_is_draft_2020_12_and_accepts_a_string_phase(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"title", "owner", "phases", "touchpoints", "steps"}
    kinds = schema["properties"]["phases"]["items"]["anyOf"]
    # `- 2024` is the phase named "2024": a phase name is any plain scalar, as written.
    scalars = ["string", "number", "boolean", "null"]
    assert {"type": scalars, "pattern": r"\S", "description": "The phase name."} in kinds


def test_examples_carry_the_schema_modeline() -> None:
    for path in (ROOT / "journeys").rglob("*.yml"):
        if path.name.startswith("_"):
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        depth = len(path.relative_to(ROOT / "journeys").parts)
        assert first == f"# yaml-language-server: $schema={'../' * depth}schema/journey.schema.json"


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_touchpoints", "validate", "journeys", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "valid journeys; 0 errors, 0 warnings" in result.stderr
