"""Fuzzing the plugin with hypothesis, through real in-process builds of a small site.

- Structurally valid journeys whose text is hostile Unicode (bidi controls, RTL
  letters, emoji sequences, combining marks, zero-width characters, very long words,
  Markdown and template punctuation) build, and their pages hold the text as written.
- Random mutations of valid journey and teams files never make the plugin fail with
  anything but a PluginError (which MkDocs reports and turns into Abort).

Examples are few (each is a whole MkDocs build); CI runs a fixed, derandomised set
(tests/conftest.py).
"""

from __future__ import annotations

import tempfile
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from mkdocs_touchpoints.reading.handbook import SourceFile
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams
from tests.mutation import mutate

from .conftest import build_in_process, page_file

pytestmark = pytest.mark.slow
"""Slow: hypothesis builds and reads many generated sites (`-m 'not slow'` leaves them out)."""

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "journeys").rglob("*.yml") if not p.name.startswith("_"))
TEAMS_FILE = ROOT / "journeys" / "_teams.yml"

HOSTILE = (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi controls
    "\u05d0\u05e9\u0627\u0644\u0639\u0631\u0628\u064a\u0629"  # Hebrew and Arabic letters
    "\u0301\u0308\u0327\u20dd\u0489"  # combining marks
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters
    "😀🇪🇸👩‍👩‍👧🏳️‍🌈"  # emoji, a flag, ZWJ sequences
    "漢字カナ한글ñßæø"
    "|[]*_`<>&{}%#!\\~"  # Markdown, HTML and template punctuation
)
CHARACTERS = st.one_of(
    st.sampled_from(HOSTILE),
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
)
WORD = st.one_of(
    st.text(CHARACTERS, min_size=1, max_size=12),
    st.text(CHARACTERS, min_size=120, max_size=300),  # a very long word
).filter(lambda word: not any(c.isspace() for c in word))
TEXT = st.lists(WORD, min_size=1, max_size=4).map(" ".join)

MKDOCS_YML = "site_name: Fuzz\ntheme: {name: material}\nplugins: [touchpoints]\n"


def write_site(root: Path, journeys: dict[str, str], teams: str) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "journeys").mkdir()
    for name, text in journeys.items():
        (root / "journeys" / name).write_bytes(text.encode("utf-8", "surrogatepass"))
    (root / "journeys" / "_teams.yml").write_text(teams, encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    return root / "mkdocs.yml"


@st.composite
def hostile_journey(draw: st.DrawFn) -> dict[str, Any]:
    texts = draw(st.lists(TEXT, min_size=8, max_size=8))
    return {
        "title": texts[0],
        "persona": texts[1],
        "owner": "team",
        "tags": [texts[2]],
        "phases": [{"id": "one", "name": texts[3]}, {"id": "two", "name": texts[4] + " 2"}],
        "touchpoints": [{"id": "tp", "name": texts[5], "channel": "web", "type": "proactive"}],
        "steps": [
            {"phase": "one", "touchpoint": "tp", "action": texts[6], "pain_point": texts[7]},
            {"phase": "two", "touchpoint": "tp", "action": texts[6] + " 2"},
        ],
    }


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_journey(), TEXT)
def test_hostile_unicode_builds_and_reads_as_written(journey: dict[str, Any], team: str) -> None:
    dump = {"allow_unicode": True, "sort_keys": False, "width": 10_000}
    teams = yaml.safe_dump({"teams": [{"id": "team", "name": team}]}, **dump)
    with tempfile.TemporaryDirectory() as folder:
        config = write_site(Path(folder), {"j.yml": yaml.safe_dump(journey, **dump)}, teams)
        site = build_in_process(config, Path(folder) / "site", strict=True)
        page = unescape(page_file(site, "journeys/j/").read_text(encoding="utf-8"))
        texts = [journey["title"], journey["persona"], *journey["tags"], team]
        texts += [p["name"] for p in journey["phases"]] + [journey["touchpoints"][0]["name"]]
        texts += [s["action"] for s in journey["steps"]] + [journey["steps"][0]["pain_point"]]
        for text in texts:
            assert text in page, text
        assert f"<title>{journey['title']} - Fuzz</title>" in page
        team_page = unescape(page_file(site, "teams/team/").read_text(encoding="utf-8"))
        assert team in team_page and journey["title"] in team_page


@st.composite
def mutated_site(draw: st.DrawFn) -> tuple[dict[str, str], str]:
    files = draw(st.lists(st.sampled_from(EXAMPLES), min_size=1, max_size=3, unique=True))
    journeys = {p.name: p.read_text(encoding="utf-8") for p in files}
    target = draw(st.sampled_from([*journeys, "_teams.yml"]))
    teams = TEAMS_FILE.read_text(encoding="utf-8")
    if target == "_teams.yml":
        teams = mutate(draw, teams)
    else:
        journeys[target] = mutate(draw, journeys[target])
    return journeys, teams


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_site())
def test_mutated_files_fail_only_with_a_plugin_error(site: tuple[dict[str, str], str]) -> None:
    journeys, teams = site
    with tempfile.TemporaryDirectory() as folder:
        config = write_site(Path(folder), journeys, teams)
        try:
            build_in_process(config, Path(folder) / "site")
        except Abort as abort:
            # MkDocs logs a BuildError and raises Abort from it; anything else escapes as is.
            assert isinstance(abort.__context__, PluginError), repr(abort.__context__)
            assert "error" in str(abort.__context__)
        else:
            assert (Path(folder) / "site" / "journeys" / "index.html").is_file()


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Any value YAML can give, for a field that expects another."""


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index path in a parsed journey."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


WRONG_VALUES: tuple[Any, ...] = (None, 7, -1.5, True, [], {}, "", "~", ["x"], {"k": "v"})


def _replace(journey: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = copy_tree(journey)
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return copy


def copy_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: copy_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_tree(v) for v in value]
    return value


def test_every_field_given_every_wrong_type_is_a_diagnostic() -> None:
    """Exhaustive over one example journey: each key or item (~80) replaced by each wrong
    value, through the loader the plugin calls. A non-text `type` once crashed the
    'did you mean' hint with a TypeError (a traceback from `mkdocs build`)."""
    journey = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    teams, problems = load_teams(TEAMS_FILE.read_bytes(), "_teams.yml")
    checked = 0
    for path in _paths(journey):
        for value in WRONG_VALUES:
            text = yaml.safe_dump(_replace(journey, path, value), sort_keys=False)
            source = SourceFile("j.yml", "j.yml", text.encode("utf-8"))
            handbook = build_handbook([source], teams, problems, whole_folder=False)
            assert handbook.journeys or handbook.errors, (path, value)
            checked += 1
    assert checked >= 500


@st.composite
def mistyped_journey(draw: st.DrawFn) -> dict[str, Any]:
    """An example journey with one to three values (anywhere) replaced by any YAML value."""
    journey = yaml.safe_load(draw(st.sampled_from(EXAMPLES)).read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(journey)))
        parent = journey
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = draw(YAML_VALUES)
    return journey


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mistyped_journey())
def test_values_of_the_wrong_type_fail_only_with_a_plugin_error(journey: dict[str, Any]) -> None:
    text = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        config = write_site(Path(folder), {"j.yml": text}, TEAMS_FILE.read_text(encoding="utf-8"))
        try:
            build_in_process(config, Path(folder) / "site")
        except Abort as abort:
            assert isinstance(abort.__context__, PluginError), repr(abort.__context__)
