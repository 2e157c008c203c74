"""`import mermaid`: the spec's mapping, located errors, strict validity and round trips."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_touchpoints.exchange.mermaid_import import build_skeleton, scalar, sentiment
from mkdocs_touchpoints.exchange.mermaid_reader import js_number, read_mermaid
from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook
from tests.exchange.conftest import FIXTURES, GOLDEN, Run

MERMAID = FIXTURES / "mermaid"
DAY = MERMAID / "my-working-day.mmd"


def _strict_problems(text: str, name: str = "imported.yml") -> list[str]:
    """Every diagnostic, warnings included, of one journey file read by the loader."""
    handbook = build_handbook(
        [SourceFile(name, name, text.encode("utf-8"))], TeamsSource(), whole_folder=False
    )
    return [d.format() for d in handbook.diagnostics]


def _import(cli: Run, path: Path, owner: str = "crm") -> str:
    code, out, err = cli("import", "mermaid", str(path), "--owner", owner)
    assert code == 0, out.decode() + err
    return out.decode("utf-8")


def test_my_working_day_matches_golden(golden, cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(MERMAID)
    code, out, _ = cli("import", "mermaid", "my-working-day.mmd", "--owner", "crm")
    assert code == 0
    golden.check_bytes(GOLDEN / "my-working-day.yml", out)


def test_my_working_day_maps_as_the_spec_says(cli: Run) -> None:
    text = _import(cli, DAY)
    assert text.startswith("# yaml-language-server: $schema=../schema/journey.schema.json\n")
    data = yaml.safe_load(text)
    assert "id" not in data
    assert data["title"] == "My working day"
    assert data["owner"] == "crm"
    assert data["phases"] == ["Go to work", "Go home"]
    assert data["touchpoints"] == [
        {"id": "me", "name": "Me", "channel": "other", "type": "reactive"}
    ]
    assert [(s["phase"], s["action"], s["sentiment"]) for s in data["steps"]] == [
        ("go-to-work", "Make tea", 2),
        ("go-to-work", "Go upstairs", 0),
        ("go-to-work", "Do work", -2),
        ("go-home", "Go downstairs", 2),
        ("go-home", "Sit down", 2),
    ]
    assert "    sentiment: -2\n    # other actors: Cat\n" in text
    assert re.search(r"channel: other +# TODO", text)


def test_the_output_passes_validate_strict(cli: Run, tmp_path: Path) -> None:
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    out = journeys / "working-day.yml"
    code, stdout, _ = cli("import", "mermaid", str(DAY), "--owner", "crm", "-o", str(out))
    assert (code, stdout) == (0, b"")
    code, stdout, _ = cli("validate", str(journeys), "--strict")
    assert (code, stdout) == (0, b"")
    code, csv_out, _ = cli("export", str(journeys), "--format", "csv")
    assert csv_out.decode().splitlines()[1].startswith("working-day,1,go-to-work,me,other,")


def _diagram_shape(text: str) -> list[tuple[str | None, str, float]]:
    diagram, problems = read_mermaid(text, "x.mmd")
    assert problems == []
    assert diagram is not None
    return [(t.section, t.name.removeprefix("\u200b"), t.score) for t in diagram.tasks]


def test_round_trip_keeps_sections_tasks_and_scores(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "day.yml"
    assert cli("import", "mermaid", str(DAY), "--owner", "crm", "-o", str(out))[0] == 0
    code, exported, _ = cli("export", str(out), "--format", "mermaid")
    assert code == 0
    original = DAY.read_text(encoding="utf-8")
    assert _diagram_shape(exported.decode()) == _diagram_shape(original)
    assert "\n      Do work: 1: Me\n" in exported.decode()


def test_hostile_export_round_trips_through_import(cli: Run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(FIXTURES / "hostile")
    _, exported, _ = cli("export", "--format", "mermaid")
    for number, diagram in enumerate(exported.decode().split("\n\n")):
        source = tmp_path / f"d{number}.mmd"
        source.write_text(diagram, encoding="utf-8")
        target = tmp_path / f"d{number}.yml"
        assert cli("import", "mermaid", str(source), "--owner", "x", "-o", str(target))[0] == 0
        assert _strict_problems(target.read_text(encoding="utf-8")) == []
        _, again, _ = cli("export", str(target), "--format", "mermaid")
        body = again.decode().split("\n", 1)[1]
        assert body == diagram.split("\n", 1)[1].rstrip("\n") + "\n"


def test_mapping_details_golden(golden, cli: Run, monkeypatch) -> None:
    """Front matter title, Start phase, actor-<n>, unknown, clamping, entities, clashes."""
    monkeypatch.chdir(MERMAID)
    code, out, _ = cli("import", "mermaid", "mapping.mmd", "--owner", "crm")
    assert code == 0
    golden.check_bytes(GOLDEN / "mapping.yml", out)
    text = out.decode("utf-8")
    assert _strict_problems(text) == []
    data = yaml.safe_load(text)
    assert data["title"] == "From the front matter"
    assert data["phases"][0] == "Start"
    assert data["phases"][1] == "Pay #1 : now"  # entity codes decoded
    assert {"id": "pay-1-now-2", "name": "pay 1 now"} in data["phases"]
    assert "Empty" not in str(data["phases"])  # a section without tasks gives no phase
    touchpoints = {t["id"]: t["name"] for t in data["touchpoints"]}
    assert touchpoints["actor-1"] == "猫"
    assert touchpoints["unknown"] == "Unknown"
    assert touchpoints["me-2"] == "me"
    sentiments = {s["action"]: s["sentiment"] for s in data["steps"]}
    assert sentiments["Before any section"] == -2  # score 0, clamped
    assert sentiments["No actor"] == 2  # score 9, clamped
    assert sentiments["Half up"] == 2  # 4.5 rounds half up
    assert sentiments["Back again"] == -1
    steps = {s["action"]: s for s in data["steps"]}
    assert steps["Empty actors"]["touchpoint"] == "me"
    assert "    # other actors: Cat, Dog\n" in text


def test_without_title_the_stem_is_the_title(cli: Run, tmp_path: Path) -> None:
    source = tmp_path / "mañana temprano.mmd"
    source.write_text("journey\n  Wake up: 2: Me\n", encoding="utf-8")
    data = yaml.safe_load(_import(cli, source))
    assert data["title"] == "mañana temprano"


def test_errors_are_located_and_nothing_else_is_printed(golden, cli: Run, monkeypatch) -> None:
    monkeypatch.chdir(MERMAID)
    code, out, err = cli("import", "mermaid", "errors.mmd", "--owner", "crm")
    assert code == 1
    golden.check_bytes(GOLDEN / "errors.txt", out)
    assert all(
        re.match(r"^errors\.mmd:\d+:\d+: error: ", line) for line in out.decode().splitlines()
    )
    assert "7 errors" in err


def test_not_a_journey_and_empty_diagrams(cli: Run, tmp_path: Path) -> None:
    cases = {
        "flow.mmd": ("graph TD\n  A-->B\n", "flow.mmd:1:1: error: not a Mermaid journey diagram"),
        "comment.mmd": ("# hi\njourney\n  A: 3\n", "comment.mmd:1:1: error: not a Mermaid"),
        "upper.mmd": ("Journey\n  A: 3\n", "upper.mmd:1:1: error: not a Mermaid"),
        "empty.mmd": ("\n%% x\n  journey\n title T\n", "empty.mmd:3:3: error: the diagram has no"),
        "latin1.mmd": (b"journey\n  Caf\xe9: 3\n", "latin1.mmd:2:"),
        "front.mmd": (
            "---\ntitle: [a\n---\njourney\n  A: 3\n",
            "front.mmd:3:1: error: front matter",
        ),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        code, out, _ = cli("import", "mermaid", str(path), "--owner", "crm")
        assert code == 1, name
        assert out.decode().startswith(str(tmp_path / expected)), (name, out)


def test_usage_errors_exit_2(cli: Run, tmp_path: Path) -> None:
    code, out, err = cli("import", "mermaid", str(DAY), "--owner", "Not A Slug")
    assert (code, out) == (2, b"")
    assert "try 'not-a-slug'" in err
    code, out, err = cli("import", "mermaid", str(tmp_path / "none.mmd"), "--owner", "crm")
    assert (code, out) == (2, b"")
    assert "no such file" in err
    code, out, _ = cli("import", "plantuml", str(DAY), "--owner", "crm")
    assert (code, out) == (2, b"")
    out_path = tmp_path / "missing-folder" / "x.yml"
    code, out, err = cli("import", "mermaid", str(DAY), "--owner", "crm", "-o", str(out_path))
    assert (code, out) == (2, b"")
    assert "cannot write" in err


def test_sentiment_and_number_rules() -> None:
    assert [sentiment(s) for s in (1, 2, 3, 4, 5, 0, 7, 2.5, 3.49, -10)] == [
        -2,
        -1,
        0,
        1,
        2,
        -2,
        2,
        0,
        0,
        -2,
    ]
    assert js_number(" 4 ") == 4
    assert js_number("") == 0  # JavaScript's Number("") is 0, as Mermaid reads it
    assert js_number("1e0") == 1
    assert js_number("four") != js_number("four")  # NaN


def test_scalars_read_back_as_written() -> None:
    for text in ("yes", "2024", "a: b", "- x", "#x", "it's", "\tx", "x\u2028y", 'q"\\', "~"):
        assert yaml.safe_load(f"k: {scalar(text)}")["k"] == text


NAME = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="#:;\n\r%}"),
    min_size=1,
    max_size=20,
)


@given(
    st.lists(
        st.tuples(
            st.none() | NAME,
            NAME,
            st.integers(-3, 9),
            st.lists(NAME, max_size=3),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_whatever_mermaid_accepts_imports_as_a_strict_valid_journey(tasks) -> None:
    lines = ["journey", "  title Generated"]
    for section, name, score, actors in tasks:
        if section is not None:
            lines.append(f"  section {section}")
        lines.append(f"    {name}: {score}" + (f": {', '.join(actors)}" if actors else ""))
    diagram, problems = read_mermaid("\n".join(lines) + "\n", "g.mmd")
    if problems or diagram is None:
        return  # Mermaid rejects it too (a name that reads as a keyword, say)
    skeleton, problems = build_skeleton(diagram, "crm", "g", "g.mmd")
    if skeleton is None:
        assert [p.code for p in problems] == ["no-task"]
        return
    assert _strict_problems(skeleton.as_yaml()) == []
