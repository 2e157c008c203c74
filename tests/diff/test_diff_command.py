"""The diff command: exit codes, --fail-on, invalid input, colour and usage errors."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from mkdocs_touchpoints.cli.diff_command import _colour
from tests.diff.conftest import FIXTURES


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("everything", None, 0),
        ("everything", "breaking", 1),
        ("everything", "warning", 1),
        ("team-still-referenced", "breaking", 0),
        ("team-still-referenced", "warning", 1),
        ("unchanged", "warning", 0),
        ("unchanged", "breaking", 0),
    ],
)
def test_fail_on_sets_the_exit_code(cli, monkeypatch, case, fail_on, code) -> None:
    monkeypatch.chdir(FIXTURES / case)
    extra = ["--fail-on", fail_on] if fail_on else []
    assert cli("diff", "base", "head", "--format", "json", *extra)[0] == code


def test_info_changes_never_fail(cli, monkeypatch, tmp_path) -> None:
    base = FIXTURES / "unchanged" / "base"
    head = tmp_path / "head"
    shutil.copytree(base, head)
    offer = head / "offer.yml"
    offer.write_text(offer.read_text().replace("Reads the offer", "Reads the new offer"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("diff", str(base), "head", "--format", "json", "--fail-on", "warning")
    assert code == 0
    assert json.loads(out)["summary"]["info"] == 1


def test_default_format_is_markdown(cli, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "everything")
    code, out, _ = cli("diff", "base", "head")
    assert code == 0
    assert out == (FIXTURES / "everything" / "expected.md").read_text(encoding="utf-8")


@pytest.fixture
def broken(tmp_path):
    """BASE valid; HEAD with a YAML error in one file and an unknown phase in another."""
    base = FIXTURES / "everything" / "base"
    head = tmp_path / "head"
    shutil.copytree(base, head)
    (head / "gone.yml").write_text("title: [unclosed\n")
    parcel = head / "delivery" / "parcel.yml"
    parcel.write_text(parcel.read_text().replace("phase: arrival", "phase: arival"))
    return base, head


@pytest.mark.parametrize("output", ["markdown", "text", "json", "github"])
def test_invalid_input_reports_the_diagnostics_and_exits_2(cli, broken, output) -> None:
    base, head = broken
    code, out, err = cli("diff", str(base), str(head), "--format", output)
    assert code == 2
    assert "Traceback" not in err
    assert f"HEAD ({head}):" in err
    assert f"{head}/gone.yml:2:1: error: " in err
    assert (
        f"{head}/delivery/parcel.yml:10:13: error: unknown phase 'arival'; did you mean 'arrival'?"
        in err
    )
    assert err.rstrip().endswith(
        "cannot compare, the journeys have errors (2 in HEAD (" + str(head) + "))"
    )
    if output == "json":
        data = json.loads(out)
        assert {d["path"] for d in data["diagnostics"]} == {
            f"{head}/gone.yml",
            f"{head}/delivery/parcel.yml",
        }
    elif output == "github":
        assert out.count("::error file=") == 2
    elif output == "markdown":
        assert "**Cannot compare" in out and "unknown phase 'arival'" in out
    else:
        assert out == ""


def test_invalid_base_is_reported_too(cli, broken) -> None:
    base, head = broken
    code, _, err = cli("diff", str(head), str(base), "--format", "text")
    assert code == 2
    assert err.startswith(f"BASE ({head}):\n")


def test_a_team_removed_but_still_named_is_compared_not_blocked(cli, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "team-still-referenced")
    code, out, err = cli("validate", "head")
    assert code == 1 and "unknown team 'care'" in out
    code, out, err = cli("diff", "base", "head", "--format", "json")
    assert code == 0, err
    removed = [c for c in json.loads(out)["changes"] if c["kind"] == "team_removed"]
    assert [(c["target"], c["severity"], c["code"]) for c in removed] == [
        ("care", "warning", "TP-W007"),
        ("billing", "info", "TP-I012"),
    ]


def test_an_unknown_team_that_base_never_had_still_blocks(cli, tmp_path) -> None:
    base = FIXTURES / "team-still-referenced" / "base"
    head = tmp_path / "head"
    shutil.copytree(base, head)
    support = head / "support.yml"
    support.write_text(support.read_text().replace("owner: care", "owner: crn"))
    code, _, err = cli("diff", str(base), str(head))
    assert code == 2 and "unknown team 'crn'" in err


def test_single_journey_files_compare_without_teams(cli, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "everything")
    code, out, _ = cli("diff", "base/shop.yml", "head/shop.yml", "--format", "json")
    changes = json.loads(out)["changes"]
    assert code == 0
    assert changes and all(c["journey"] == "shop" for c in changes)


def test_base_is_required(cli) -> None:
    code, out, err = cli("diff")
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == "mkdocs-touchpoints diff: error: BASE is required"


@pytest.mark.parametrize(
    "argv",
    [
        ("diff", "a", "--format", "yaml"),
        ("diff", "a", "--fail-on", "info"),
        ("diff", "a", "b", "c"),
    ],
)
def test_bad_options_are_usage_errors(cli, argv) -> None:
    code, _, err = cli(*argv)
    assert code == 2 and "error:" in err and "Traceback" not in err


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_colour_only_on_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert _colour(_Stream(True)) is True
    assert _colour(_Stream(False)) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _colour(_Stream(True)) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert _colour(_Stream(True)) is False


def test_text_on_a_terminal_is_coloured(cli, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "everything")
    monkeypatch.setattr("mkdocs_touchpoints.cli.diff_command._colour", lambda stream: True)
    _, out, _ = cli("diff", "base", "head", "--format", "text")
    assert "\033[1;31mbreaking" in out and "\033[33mwarning" in out
    plain = (FIXTURES / "everything" / "expected.txt").read_text(encoding="utf-8")
    import re

    assert re.sub(r"\033\[[0-9;]*m", "", out) == plain


def test_the_markdown_of_errors_keeps_its_code_fence(cli, tmp_path) -> None:
    base = FIXTURES / "unchanged" / "base"
    head = tmp_path / "head"
    shutil.copytree(base, head)
    (head / "offer.yml").write_text((base / "offer.yml").read_text() + '"````": 1\n')
    code, out, _ = cli("diff", str(base), str(head))
    assert code == 2
    assert "\n`````text\n" in out and out.rstrip().endswith("`````")
