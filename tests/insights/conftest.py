"""Fixtures of the insights tests: handbooks built from plain data, without files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mkdocs_touchpoints.reading.handbook import JourneyFile
from mkdocs_touchpoints.reading.model import Journey


def journey_file(data: Mapping[str, Any]) -> JourneyFile:
    """A valid journey file from the data of a journey (its `id` given)."""
    journey = Journey.model_validate(dict(data))
    return JourneyFile(journey, f"{data['id']}.yml", f"{data['id']}.yml", {}, "")  # type: ignore[arg-type]


def journey_files(journeys: Sequence[Mapping[str, Any]]) -> list[JourneyFile]:
    """Several journey files."""
    return [journey_file(data) for data in journeys]
