"""Random mutations of valid journey files never make the loader or `validate` raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.reading.handbook import SourceFile
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams
from tests.mutation import mutate

EXAMPLES = Path(__file__).parents[2] / "journeys"
FILES = sorted(p for p in EXAMPLES.rglob("*.yml") if not p.name.startswith("_"))
TEAMS_DATA = (EXAMPLES / "_teams.yml").read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid example file with a few lines deleted, repeated, re-indented or spliced."""
    return mutate(draw, draw(st.sampled_from(FILES)).read_text(encoding="utf-8")).encode()


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
