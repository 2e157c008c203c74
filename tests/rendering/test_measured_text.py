"""How measured figures are written: counts keep their fractions, targets their bound."""

from __future__ import annotations

import pytest

from mkdocs_touchpoints.reading.metrics_model import MetricDefinition
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.measured_text import number, score_text, target_goal

EN, ES = labels_for("en"), labels_for("es")


def _metric(kind: str, **extra: object) -> MetricDefinition:
    return MetricDefinition.model_validate({"id": "m", "name": "M", "type": kind, **extra})


@pytest.mark.parametrize(
    ("value", "shown"), [(1204.0, "1,204 calls"), (10.5, "10.5 calls"), (0.1 + 0.2, "0.3 calls")]
)
def test_a_count_is_whole_when_whole_and_keeps_its_fraction(value: float, shown: str) -> None:
    assert score_text(value, _metric("count", unit="calls"), EN) == shown


def test_a_change_of_a_count_keeps_its_fraction() -> None:
    assert number(-2.2, "count", EN, signed=True) == "−2.2"
    assert number(2.0, "count", ES, signed=True) == "+2"


@pytest.mark.parametrize(
    ("kind", "target", "goal"),
    [
        ("count", {"value": 10.5, "direction": "at-most"}, "≤ 10.5 calls"),
        ("nps", {"value": 30.25, "direction": "at-least"}, "≥ 30.25"),
        ("csat", {"value": 80, "direction": "at-least"}, "≥ 80%"),
    ],
)
def test_a_target_shows_its_bound_as_written(kind: str, target: dict, goal: str) -> None:
    assert target_goal(_metric(kind, unit="calls", target=target), EN) == goal
