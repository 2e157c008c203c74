"""JSON Schema (draft 2020-12) of journey and teams files, generated from the model."""

from __future__ import annotations

import json
from typing import Any

from mkdocs_touchpoints.reading.model import Journey, TeamsFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://mkdocs-touchpoints.example/schema/"


def journey_schema() -> dict[str, Any]:
    """The schema of one journey file."""
    schema = Journey.model_json_schema()
    phase_item = schema["properties"]["phases"]["items"]
    schema["properties"]["phases"]["items"] = {
        "anyOf": [
            {"type": "string", "pattern": r"\S", "description": "The phase name."},
            phase_item,
        ]
    }
    return _finish(schema, "journey.schema.json", "A customer journey (mkdocs-touchpoints v1)")


def teams_schema() -> dict[str, Any]:
    """The schema of `_teams.yml`."""
    return _finish(TeamsFile.model_json_schema(), "teams.schema.json", "Teams (mkdocs-touchpoints)")


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": BASE_ID + name, **schema, "title": title}


def dump(schema: dict[str, Any]) -> str:
    """Stable JSON text, as committed under `schema/`."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
