"""Unit tests of the model: defaults, slugs and text taken as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook, load_folder
from mkdocs_touchpoints.reading.model import Journey, Phase
from mkdocs_touchpoints.reading.slug import is_slug, slugify

EXAMPLE = Path(__file__).parents[2] / "journeys"
MINIMAL = """title: T
owner: crm
phases: [Need]
touchpoints: [{id: web, name: Web, channel: web, type: reactive}]
steps: [{phase: need, touchpoint: web, action: Looks}]
"""


def _load(text: str, rel: str = "sub/my-journey.yml"):
    return build_handbook([SourceFile(rel, rel, text.encode())], TeamsSource())


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Decisión de compra", "decision-de-compra"),
        ("Need", "need"),
        ("  Post-purchase  support ", "post-purchase-support"),
        ("Ça coûte 100 €", "ca-coute-100"),
        ("Straße", "strasse"),
        ("日本", ""),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slug_pattern() -> None:
    assert is_slug("email-offer") and is_slug("a1")
    assert not any(is_slug(s) for s in ["", "A", "a--b", "-a", "a-", "a_b", "a b"])


def test_journey_id_defaults_to_the_file_stem() -> None:
    handbook = _load(MINIMAL)
    assert [j.id for j in handbook.journeys] == ["my-journey"]
    assert handbook.journeys[0].group == ("sub",)


def test_touchpoint_owner_defaults_to_the_journey_owner() -> None:
    (file,) = _load(MINIMAL).journeys
    assert file.journey.touchpoints[0].owner == "crm"
    assert file.journey.touchpoints[0].third_party is False


def test_phase_from_a_plain_string() -> None:
    phase = Phase.model_validate("Decisión de compra")
    assert (phase.id, phase.name) == ("decision-de-compra", "Decisión de compra")


def test_text_fields_keep_the_text_as_written() -> None:
    text = """title: 2024
owner: crm
persona: 3.10
tags: [yes, 2024-01-01]
phases: [yes, 1.50]
touchpoints: [{id: web, name: on, channel: web, type: reactive}]
steps:
  - phase: 'yes'
    touchpoint: web
    action: 2024-01-01
"""
    (file,) = _load(text).journeys
    journey: Journey = file.journey
    assert journey.title == "2024"
    assert journey.persona == "3.10"
    assert journey.tags == ["yes", "2024-01-01"]
    assert [p.name for p in journey.phases] == ["yes", "1.50"]
    assert journey.touchpoints[0].name == "on"
    assert journey.steps[0].action == "2024-01-01"


def test_numbers_keep_their_type() -> None:
    text = MINIMAL.replace("action: Looks", "action: Looks, volume: 12000, friction: 2")
    (file,) = _load(text).journeys
    step = file.journey.steps[0]
    assert step.volume == 12000 and isinstance(step.volume, int)
    assert step.friction == 2


def test_teams_are_implied_without_a_teams_file() -> None:
    handbook = _load(MINIMAL.replace("type: reactive}", "type: reactive, owner: care}"))
    assert [(t.id, t.name) for t in handbook.teams] == [("care", "care"), ("crm", "crm")]


def test_the_example_handbook_is_valid() -> None:
    handbook = load_folder(EXAMPLE)
    assert handbook.diagnostics == []
    assert len(handbook.journeys) >= 4
    assert len(handbook.teams) >= 5
    assert any(j.group for j in handbook.journeys)


def test_an_invalid_journey_is_left_out_but_others_load() -> None:
    good = SourceFile("a.yml", "a.yml", MINIMAL.encode())
    bad = SourceFile("b.yml", "b.yml", b"title: x\n")
    handbook = build_handbook([good, bad], TeamsSource())
    assert [j.id for j in handbook.journeys] == ["a"]
    assert handbook.failed_paths == {"b.yml"}
