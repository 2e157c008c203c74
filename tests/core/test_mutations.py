"""Random mutations of valid journey files never make the loader or `validate` raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.handbook import SourceFile
from mkdocs_touchpoints.loader import build_handbook, load_teams

EXAMPLES = Path(__file__).parents[2] / "journeys"
FILES = sorted(p for p in EXAMPLES.rglob("*.yml") if not p.name.startswith("_"))
TEAMS_DATA = (EXAMPLES / "_teams.yml").read_bytes()
TOKENS = [
    "",
    " ",
    "\t",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!python/name:os.system",
    "~",
    "yes",
    "-1",
    "99",
    "1e309",
    "'",
    '"',
    "#",
    "\n",
    "\x00",
    "é",
    "<<: *a",
    "? ",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid example file with a few lines deleted, repeated, re-indented or spliced."""
    text = draw(st.sampled_from(FILES)).read_text(encoding="utf-8")
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "repeat", "indent", "dedent", "splice"]))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "repeat":
            lines.insert(index, lines[index])
        elif operation == "indent":
            lines[index] = "  " + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].lstrip()
        else:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.sampled_from(TOKENS)) + line[cut:]
    return ("\n".join(lines) + "\n").encode("utf-8")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_journeys_give_a_model_or_diagnostics(data: bytes) -> None:
    teams, problems = load_teams(TEAMS_DATA, "_teams.yml")
    handbook = build_handbook([SourceFile("j.yml", "j.yml", data)], teams, problems)
    assert handbook.journeys or handbook.errors
    assert all(d.line >= 1 and d.column >= 1 for d in handbook.diagnostics)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 2000))
def test_teams_file_with_garbage_spliced_in(garbage: bytes, at: int) -> None:
    data = TEAMS_DATA[:at] + garbage + TEAMS_DATA[at:]
    teams, problems = load_teams(data, "_teams.yml")
    assert teams.declared is not None or problems
