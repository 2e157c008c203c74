"""The metric registry: the built-in metrics, and a toy metric registered in a test that the
heatmap switch, the JSON/CSV export, the steps table, the diff and its outline all pick up."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

import pytest

from mkdocs_touchpoints.diff.compare import compare
from mkdocs_touchpoints.diff.outline import journey_outline
from mkdocs_touchpoints.exchange.export import HandbookExport, csv_columns
from mkdocs_touchpoints.measures.grid import available_metrics, cell_value, grid
from mkdocs_touchpoints.measures.registry import (
    METRICS,
    Metric,
    Number,
    register,
    registered,
    step_measures,
)
from mkdocs_touchpoints.reading.handbook import Handbook, SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook
from mkdocs_touchpoints.reading.model import Step
from mkdocs_touchpoints.rendering import i18n
from mkdocs_touchpoints.rendering.figures import figure_set

JOURNEY = """\
title: Buying
owner: shop
phases: [Need, Buy]
touchpoints:
  - {id: web, name: Web, channel: web, type: reactive}
steps:
"""


def handbook(*steps: str) -> Handbook:
    text = JOURNEY + "".join(f"  - {s}\n" for s in steps)
    book = build_handbook([SourceFile("j.yml", "j.yml", text.encode())], TeamsSource())
    assert not book.errors, book.errors
    return book


def _words(step: Step) -> int:
    return len(step.action.split())


def _longest(values: Sequence[Number]) -> Number:
    return max(values)


WORDS = Metric(
    id="words",
    label="words",
    pool=_longest,
    hover_format="d",
    cell_format="d",
    colourscales={"light": [[0, "#ffffff"], [1, "#000000"]], "dark": [[0, "#000"], [1, "#fff"]]},
    higher_is_better=False,
    value=_words,
)
"""A computed step measure: the words of the action, the longest one per cell."""


@pytest.fixture
def words(monkeypatch: pytest.MonkeyPatch) -> Iterator[Metric]:
    """The toy metric registered, with its English label; the registry restored after."""
    monkeypatch.setitem(i18n.ENGLISH, "words", "Words")
    before = list(METRICS)
    with registered(WORDS) as metric:
        yield metric
    assert list(METRICS) == before


def test_the_built_in_metrics_in_switch_order() -> None:
    assert list(METRICS) == ["count", "friction", "sentiment", "volume"]
    assert [m.id for m in step_measures()] == ["friction", "sentiment", "volume"]
    assert METRICS["friction"].range == (0, 5)
    assert METRICS["sentiment"].midpoint == 0
    assert METRICS["sentiment"].higher_is_better is True
    assert METRICS["friction"].higher_is_better is False


def test_cells_pool_as_the_registry_says() -> None:
    book = handbook(
        "{phase: need, touchpoint: web, action: A, friction: 1, volume: 10, sentiment: 2}",
        "{phase: need, touchpoint: web, action: B, friction: 4, volume: 5}",
    )
    steps = grid(book.journeys[0].journey).cells[0][0]
    assert cell_value(steps, "count") == 2
    assert cell_value(steps, "friction") == 2.5
    assert cell_value(steps, "volume") == 15
    assert cell_value(steps, "sentiment") == 2
    assert cell_value([], "count") is None


def test_a_taken_id_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="friction"):
        register(METRICS["friction"])


def test_a_registered_metric_is_in_the_heatmap_switch(words: Metric) -> None:
    journey = handbook(
        "{phase: need, touchpoint: web, action: Opens the page}",
        "{phase: need, touchpoint: web, action: Reads}",
    ).journeys[0]
    assert available_metrics(journey.journey) == ["count", "words"]
    figures = figure_set(journey.journey, i18n.labels_for("en"))
    assert list(figures.metrics) == ["count", "words"]
    variant = figures.metrics["words"]
    assert variant["z"][0] == [3, None]  # the longest action of the cell, pooled by max
    assert "Words: <b>%{z:d}</b>" in variant["hovertemplate"]
    assert variant["colorscale"] == WORDS.colourscales["light"]


def test_a_registered_metric_is_in_the_exports(words: Metric) -> None:
    book = handbook("{phase: need, touchpoint: web, action: Opens the page, friction: 2}")
    exported = HandbookExport.of(book)
    step = json.loads(exported.as_json())["journeys"][0]["steps"][0]
    assert step["words"] == 3
    assert step["friction"] == 2
    assert csv_columns()[-3:] == ("words", "pain_point", "opportunity")
    assert exported.as_csv().splitlines()[1].split(",")[-3:] == ["3", "", ""]


def test_a_change_of_a_registered_metric_is_in_the_diff(words: Metric) -> None:
    old = handbook("{phase: need, touchpoint: web, action: Opens the page}")
    new = handbook("{phase: need, touchpoint: web, action: Opens the product page}")
    found = {(c.field, c.code, c.old, c.new) for c in compare(old, new).changes}
    assert ("words", "TP-I010", 3, 4) in found
    assert ("action", "TP-I009", "Opens the page", "Opens the product page") in found
    assert "  words 4" in list(journey_outline(new.journeys[0].journey))
