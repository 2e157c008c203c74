"""JSON Schema (draft 2020-12) of journey and teams files, generated from the model.

The schemas say what `validate` says, as an editor sees the YAML: a text field takes a
plain scalar as written (`name: 2024`, `title: yes`, `action: 2024-01-01`, even `name: null`
is the text "null"), so it admits numbers, booleans and null wherever their written form can
pass the field's rule. Rules JSON Schema cannot say (references, ids unique across files,
phase ids made from names) stay with `validate`; `tests/core/test_schema.py` lists them.
"""

from __future__ import annotations

import json
from typing import Any, cast

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from mkdocs_touchpoints.reading.checks import RESERVED_TOUCHPOINT_IDS
from mkdocs_touchpoints.reading.metrics_model import MetricsFile
from mkdocs_touchpoints.reading.model import CHANNEL_PATTERN, EMAIL_RE, Journey, TeamsFile
from mkdocs_touchpoints.reading.slug import SLUG_PATTERN

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://mkdocs-touchpoints.example/schema/"

TEXT_PATTERN = r"\S"
"""Required text: at least one character that is not white space."""
SCALARS = ["string", "number", "boolean", "null"]
"""The JSON types of the plain YAML scalars a text field takes as written."""

_URL_GAP = r"[\t\n\r]*"
URL_PATTERN = (
    r"^[\x00-\x20]*"
    + _URL_GAP.join(["[Hh]", "[Tt]", "[Tt]", "[Pp]", f"(?:[Ss]{_URL_GAP})?:", "/", "/"])
    + _URL_GAP
    + r"[^/?#\t\n\r]"
)
"""An absolute http or https URL as `validate` reads one (Python's `urlsplit`): any case of
the scheme, leading control characters and spaces dropped, tabs and line breaks ignored
anywhere, and a host that is not empty. `javascript:`, `data:` and scheme-less text fail."""

YAML11_BOOLEANS = ["yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]
"""Booleans to the YAML 1.1 reader `validate` uses, text to a YAML 1.2 editor."""
YAML11_NUMBER_PATTERN = (
    r"^[-+]?(?=[0-9.]*[_:b])(?:0b[01_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?)$"
)
"""Numbers to the YAML 1.1 reader (`12_000`, `1:30`, `0b101`), text to a YAML 1.2 editor."""

_TEXT_RULES: dict[str | None, JsonSchemaValue] = {
    None: {"type": SCALARS},
    TEXT_PATTERN: {"type": SCALARS, "pattern": TEXT_PATTERN},
    # `id: 2024` is the slug "2024", `-5` is not; `true` and `null` as written are slugs.
    SLUG_PATTERN: {
        "type": ["string", "integer", "boolean", "null"],
        "pattern": SLUG_PATTERN,
        "minimum": 0,
    },
    # No number is written as a lowercase word; `true`, `yes` and `null` are.
    CHANNEL_PATTERN: {"type": ["string", "boolean", "null"], "pattern": CHANNEL_PATTERN},
}
"""Text fields by the pattern the model gives them. `pattern` and `minimum` apply only to
strings and numbers respectively, so one flat schema says the rule for every scalar."""

_TEAM_RULES: dict[str, JsonSchemaValue] = {
    # No number, boolean or null is written with an '@' or a scheme.
    "contact": {"type": "string", "pattern": EMAIL_RE.pattern},
    "url": {"type": "string", "pattern": URL_PATTERN},
}
"""Team fields checked by a function in the model rather than a pattern."""


class _AsValidateReads(GenerateJsonSchema):
    """Pydantic's generator, with scalars widened to what `validate` accepts as written."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        # Any other pattern (`github`): strings only, right while no plain scalar's spelling
        # (a number, `true`, `null`) matches it.
        pattern = cast("str | None", schema.get("pattern"))
        return {**super().str_schema(schema), **_TEXT_RULES.get(pattern, {})}

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "string" in inner.get("type", ()) and "enum" not in inner:
            # `validate` reads a null in a text field as the text written (`null`, `~`, or
            # nothing), so the text rule alone decides (`_TEXT_RULES` admits null where it may).
            return inner
        return super().nullable_schema(schema)

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        return {"anyOf": [{"type": "boolean"}, {"enum": YAML11_BOOLEANS}]}

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        return _or_yaml11_number(super().int_schema(schema))

    def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
        return _or_yaml11_number(super().float_schema(schema))


def _or_yaml11_number(number: JsonSchemaValue) -> JsonSchemaValue:
    # Whole bounds as integers (`0`, not `0.0` as older pydantic writes them for a float):
    # the committed schema is the same whatever pydantic version made it.
    bounds = {k: int(v) for k, v in number.items() if isinstance(v, float) and v.is_integer()}
    return {"anyOf": [{**number, **bounds}, {"type": "string", "pattern": YAML11_NUMBER_PATTERN}]}


def journey_schema() -> dict[str, Any]:
    """The schema of one journey file."""
    schema = Journey.model_json_schema(schema_generator=_AsValidateReads)
    phase_item = schema["properties"]["phases"]["items"]
    schema["properties"]["phases"]["items"] = {
        "anyOf": [{**_TEXT_RULES[TEXT_PATTERN], "description": "The phase name."}, phase_item]
    }
    touchpoint_id = schema["$defs"]["Touchpoint"]["properties"]["id"]
    touchpoint_id["not"] = {"enum": list(RESERVED_TOUCHPOINT_IDS)}
    return _finish(schema, "journey.schema.json", "A customer journey (mkdocs-touchpoints v1)")


def teams_schema() -> dict[str, Any]:
    """The schema of `_teams.yml`."""
    schema = TeamsFile.model_json_schema(schema_generator=_AsValidateReads)
    fields = schema["$defs"]["Team"]["properties"]
    for name, rule in _TEAM_RULES.items():
        if name in fields:
            described = {k: v for k, v in fields[name].items() if k in ("title", "description")}
            fields[name] = {**described, **rule}
    return _finish(schema, "teams.schema.json", "Teams (mkdocs-touchpoints)")


def metrics_schema() -> dict[str, Any]:
    """The schema of `_metrics.yml` (measured metrics' definitions)."""
    schema = MetricsFile.model_json_schema(schema_generator=_AsValidateReads)
    return _finish(schema, "metrics.schema.json", "Measured metrics (mkdocs-touchpoints v1)")


def _finish(schema: dict[str, Any], name: str, title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": BASE_ID + name, **schema, "title": title}


def dump(schema: dict[str, Any]) -> str:
    """Stable JSON text, as committed under `schema/`."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
