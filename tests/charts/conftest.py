"""Fixtures of the chart tests: journeys read through the real loader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.handbook import SourceFile
from mkdocs_touchpoints.reading.loader import load_folder, load_journey
from mkdocs_touchpoints.reading.model import Journey

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"


def journey_from_yaml(text: str, name: str = "sample.yml") -> Journey:
    """A valid journey from YAML text (fails the test when the text is not valid)."""
    file, diagnostics = load_journey(SourceFile(name, name, text.encode()))
    assert file is not None and not diagnostics and not file.partial, diagnostics
    return file.journey


@pytest.fixture
def make_journey() -> Callable[[str], Journey]:
    """Build a journey from YAML text."""
    return journey_from_yaml


@pytest.fixture(scope="session")
def example_journeys() -> list[Journey]:
    """Every journey of the example handbook in journeys/."""
    handbook = load_folder(ROOT / "journeys")
    assert not handbook.errors
    return [file.journey for file in handbook.journeys]


SAMPLE = """\
id: sample
title: Sample
owner: crm
phases:
  - Need
  - id: buy
    name: Purchase decision
  - Support
touchpoints:
  - {id: mail, name: Offer e-mail, channel: email, type: proactive}
  - {id: shop, name: "Shop <b>web</b> & app, the one with a rather long name", channel: web,
     type: reactive}
  - {id: forum, name: Tech forum, channel: forum, type: reactive, third_party: true}
steps:
  - {phase: need, touchpoint: mail, action: Gets the offer, friction: 0, sentiment: 1,
     volume: 1000}
  - {phase: buy, touchpoint: shop, action: "Compares <i>prices</i> & specs", friction: 2,
     sentiment: -1, volume: 300}
  - {phase: buy, touchpoint: shop, action: Pays, friction: 3, sentiment: 0, volume: 250}
  - {phase: buy, touchpoint: forum, action: Reads reviews, sentiment: 2}
  - {phase: buy, touchpoint: mail, action: Gets the confirmation}
"""


@pytest.fixture
def sample(make_journey: Callable[[str], Journey]) -> Journey:
    """A small journey with every metric, an empty phase, markup in names and a third party."""
    return make_journey(SAMPLE)
