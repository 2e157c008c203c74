"""Property tests: any text or any YAML gives a model or diagnostics, never an exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["need", "web", "crm", "proactive", "reactive", "email", "Need"]),
)
keys = st.sampled_from(
    [
        "id",
        "title",
        "owner",
        "phases",
        "touchpoints",
        "steps",
        "name",
        "channel",
        "type",
        "phase",
        "touchpoint",
        "action",
        "friction",
        "sentiment",
        "volume",
        "tags",
        "x",
    ]
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6)
    ),
    max_leaves=30,
)


def _check(data: bytes) -> None:
    handbook = build_handbook([SourceFile("j.yml", "j.yml", data)], TeamsSource())
    assert handbook.journeys or handbook.diagnostics
    for diagnostic in handbook.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message
    teams, problems = load_teams(data, "_teams.yml")
    assert teams.declared is not None or problems


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    _check(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(documents)
def test_any_yaml_document(document: object) -> None:
    _check(yaml.safe_dump(document, allow_unicode=True).encode())
