"""A diagnostic quotes at most 60 characters of a value from a file, then `…`.

Property: whatever a journey or teams file holds (long keys and values in every field,
any bytes, any YAML text), no diagnostic line in any output format is longer than 400
characters, and no quoted run of a long value passes 60 characters.
"""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.diff.compare import show
from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams
from mkdocs_touchpoints.reading.model import Journey, Phase, Step, Team, Touchpoint
from mkdocs_touchpoints.reading.quoting import QUOTE_LIMIT, clip, quote, shorten
from mkdocs_touchpoints.reading.report import as_github, as_text

LINE_LIMIT = 400
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIELDS = sorted(
    {name for model in (Journey, Phase, Touchpoint, Step, Team) for name in model.model_fields}
    | {"teams"}
)
long_text = st.builds(
    lambda char, n, tail: char * n + tail,
    st.sampled_from(["a", "é", "-", " ", "x\n", "Ω", "\t"]),
    st.integers(50, 2_000),
    st.text(max_size=20),
)
scalars = st.one_of(
    long_text,
    st.text(max_size=30),
    st.integers(-(10**200), 10**200),
    st.sampled_from(["proactive", "web", "crm", "need", "mail"]),
)
keys = st.one_of(st.sampled_from(FIELDS), long_text)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=20,
)


def _lines(data: bytes) -> list[str]:
    handbook = build_handbook([SourceFile("journeys/j.yml", "j.yml", data)], TeamsSource())
    _, problems = load_teams(data, "journeys/_teams.yml")
    diagnostics = [*handbook.diagnostics, *problems]
    return (as_text(diagnostics) + as_github(diagnostics)).splitlines()


def _assert_bounded(data: bytes) -> None:
    for line in _lines(data):
        assert len(line) <= LINE_LIMIT, line[:200]


@SETTINGS
@given(documents)
def test_no_diagnostic_line_is_long_for_any_document(document: object) -> None:
    _assert_bounded(yaml.safe_dump(document, allow_unicode=True, width=10**6).encode())


@SETTINGS
@given(st.binary(max_size=4_000))
def test_no_diagnostic_line_is_long_for_any_bytes(data: bytes) -> None:
    _assert_bounded(data)


@SETTINGS
@given(st.text(alphabet=string.printable + "é…\u2028", max_size=4_000))
def test_no_diagnostic_line_is_long_for_any_text(text: str) -> None:
    _assert_bounded(text.encode())


def test_a_long_value_in_each_message_is_cut_at_60_characters() -> None:
    long = "b" * 3000
    journey = f"""\
id: {long}
title: T
owner: {long}
? {long}
: 1
phases: [{{id: p, name: N}}, {{id: p, name: N}}, "{"?" * 3000}"]
touchpoints:
  - {{id: t, name: T, channel: {long.upper()}, type: {long}, owner: {long}}}
steps:
  - {{phase: {long}, touchpoint: {long}, action: A, friction: {"9" * 3000}}}
"""
    lines = _lines(journey.encode())
    assert len(lines) >= 8
    for line in lines:
        assert "b" * (QUOTE_LIMIT + 1) not in line and "B" * (QUOTE_LIMIT + 1) not in line
        assert len(line) <= LINE_LIMIT


def test_not_a_mapping_never_shows_the_text() -> None:
    lines = _lines(b"AWS_SECRET_ACCESS_KEY=abc123\nDB_PASSWORD=hunter2\n")
    assert lines[0].endswith("found text")
    assert not any("abc123" in line or "hunter2" in line for line in lines)


def test_quote_keeps_60_characters_on_one_line() -> None:
    assert quote("short") == "'short'"
    assert clip("x" * 60) == "x" * 60
    assert clip("x" * 61) == "x" * 60 + "…"
    assert clip("a\nb\tc\x1b[31m") == "a b c [31m"
    assert clip(10**100) == "1" + "0" * 59 + "…"


def test_shorten_keeps_the_forms_of_charts_and_diffs() -> None:
    assert shorten("Support centre phone line", 14, at_word=True) == "Support…"
    assert shorten("one\n  two three", 10, flat=True) == "one two t…"
    assert shorten("fits", 4) == "fits"


def test_a_diff_message_quotes_a_list_in_bounded_length() -> None:
    shown = show(["tag-" + "x" * 100] * 50)
    assert len(shown) <= 2 * QUOTE_LIMIT + 2
    assert shown.startswith("[tag-xxx") and shown.endswith("…]")
    assert show(["a", "b"]) == "[a, b]"
