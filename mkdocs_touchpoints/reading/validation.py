"""Validate a loaded YAML tree against a model and turn every problem into a located message."""

from __future__ import annotations

import datetime
import functools
import math
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.locate import locate
from mkdocs_touchpoints.reading.model import GITHUB_PATTERN
from mkdocs_touchpoints.reading.quoting import clip, quote
from mkdocs_touchpoints.reading.slug import slugify
from mkdocs_touchpoints.reading.suggest import did_you_mean
from mkdocs_touchpoints.reading.yamlsource import LocDict, LocList

_RULES = {
    "friction": "an integer from 0 to 5",
    "sentiment": "an integer from -2 to 2",
    "volume": "a number >= 0",
    "third_party": "true or false",
    "type": "'proactive' or 'reactive'",
    "channel": "a lowercase word (web, email, phone, chat, ...)",
    "contact": "an e-mail address",
    "url": "an absolute http or https URL",
    "github": "a GitHub handle, '@org/team' or '@user'",
}
_SLUG_FIELDS = {"id", "owner"}
_KIND = {
    (): "journey",
    ("phases",): "phase",
    ("touchpoints",): "touchpoint",
    ("steps",): "step",
    ("teams",): "team",
}


def validate(
    tree: Any, model: type[BaseModel], path: str, context: dict[str, Any] | None = None
) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The model built from `tree`, or None and one diagnostic per problem."""
    if not isinstance(tree, LocDict):
        mark = locate(tree, ())
        # Never the text itself: a file that is not YAML (a `.env` linked or copied in)
        # would otherwise be echoed into CI logs.
        found = "text" if isinstance(tree, str) else _describe(tree)
        keys = getattr(model, "example_keys", "title:, owner:, ...")
        return None, [
            Diagnostic(
                path,
                mark.line,
                mark.column,
                Severity.ERROR,
                "not-a-mapping",
                f"the file must be a mapping of keys ({keys}), found {found}",
            )
        ]
    restore_text(tree, model)
    try:
        return model.model_validate(tree, context=context), []
    except ValidationError as exc:
        diagnostics = sorted(set(_translate(exc, tree, model, path)))
        return None, diagnostics


def _translate(
    exc: ValidationError, tree: LocDict, model: type[BaseModel], path: str
) -> Iterator[Diagnostic]:
    rules = {**_RULES, **getattr(model, "field_rules", {})}
    choices = getattr(model, "field_choices", {"type": ("proactive", "reactive")})
    kinds = {**_KIND, **getattr(model, "item_kinds", {})}
    for error in exc.errors(include_url=False, include_context=True):
        loc = tuple(error["loc"])
        kind = error["type"]
        field = next((p for p in reversed(loc) if isinstance(p, str)), "")
        value = error.get("input")
        at_key = False
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            message = f"unknown key {quote(field)}{did_you_mean(field, allowed)}"
            code, at_key = "unknown-key", True
        elif kind == "missing":
            message = f"missing required key '{field}' in {_kind(loc[:-1], kinds)}"
            code, loc = "missing-key", loc[:-1]
        elif kind == "too_short" and isinstance(value, list):
            message = f"'{field}' needs at least one item"
            code = "empty-list"
        elif kind == "too_long" and isinstance(value, list):
            limit = error.get("ctx", {}).get("max_length")
            message = f"'{field}' has {len(value):,} items, over the limit of {limit:,}"
            code = "too-many-items"
        elif kind in ("list_type",):
            message = f"'{field}' must be a list, found {_describe(value)}"
            code = "wrong-type"
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            name = _list_name(loc)
            wanted = "a name or a mapping" if name == "phases" else "a mapping"
            message = f"each item of '{name}' must be {wanted}, found {_describe(value)}"
            if loc and isinstance(loc[-1], str):  # a key's value (`target: 5`), not an item
                message = f"'{loc[-1]}' must be a mapping, found {_describe(value)}"
            code = "wrong-type"
        elif kind == "control_character":
            message = f"'{field}' {error['msg']}"
            code = "control-character"
        elif kind == "string_too_long" and field in _SLUG_FIELDS | {"phase", "touchpoint"}:
            limit = error.get("ctx", {}).get("max_length")
            message = (
                f"'{field}' is {len(value):,} characters long, over the limit of {limit} "
                "for an id (ids become file names)"
            )
            code = "id-too-long"
        elif field in rules and kind != "string_type":
            shown = quote(value) if isinstance(value, str) else _describe(value)
            hint = did_you_mean(value, choices[field]) if field in choices else ""
            if isinstance(value, str) and field == "channel" and value.lower() != value:
                hint = f"; did you mean {quote(value.lower())}?"
            if isinstance(value, str) and field == "github":
                hint = _github_hint(value)
            message = f"'{field}' must be {rules[field]}, found {shown}{hint}"
            code = "out-of-range" if "than" in kind else "wrong-value"
        elif kind == "string_pattern_mismatch" and field in _SLUG_FIELDS | {"id"}:
            suggestion = slugify(value) if isinstance(value, str) else ""
            hint = f"; try {quote(suggestion)}" if suggestion else ""
            message = (
                f"'{field}' must be a slug (lowercase letters, digits and single hyphens), "
                f"found {quote(value)}{hint}"
            )
            code = "invalid-id"
        elif kind == "string_pattern_mismatch":
            message = f"'{field}' must not be empty"
            code = "empty-text"
        elif kind == "string_type":
            if value is None:
                message, code = f"'{field}' must not be empty", "empty-text"
            else:
                rule = rules.get(field, "text")
                message, code = f"'{field}' must be {rule}, found {_describe(value)}", "wrong-type"
        else:
            message = f"'{field}': {error['msg']}"
            code = "invalid-value"
        mark = locate(tree, loc, key=at_key)
        yield Diagnostic(path, mark.line, mark.column, Severity.ERROR, code, message)


def _github_hint(value: str) -> str:
    """`crm` -> `; did you mean '@crm'?`: the usual slip is the missing `@` or a URL."""
    candidate = value.strip().removeprefix("https://github.com/").strip("/")
    candidate = candidate.replace("/teams/", "/").removeprefix("orgs/")
    if not candidate.startswith("@"):
        candidate = "@" + candidate
    if candidate != value and re.match(GITHUB_PATTERN, candidate):
        return f"; did you mean {quote(candidate)}?"
    return ""


def _kind(loc: tuple[Any, ...], kinds: dict[tuple[str, ...], str]) -> str:
    names = tuple(p for p in loc if isinstance(p, str))
    return kinds.get(names, "mapping")


def _list_name(loc: tuple[Any, ...]) -> str:
    return next((p for p in reversed(loc) if isinstance(p, str)), "the file")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, float) and not math.isfinite(value):
        return f"no finite number ({clip(value)})"
    if isinstance(value, int | float):
        return f"a number ({clip(value)})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {quote(value)}"
    return type(value).__name__


# --- text fields keep the text as written -------------------------------------------------


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation admits (Optional, unions and Annotated removed)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _field_types(model: type[BaseModel], name: str) -> list[Any]:
    field = model.model_fields.get(name)
    return _unwrap(field.annotation) if field is not None else []


@dataclass(frozen=True, slots=True)
class _TextPlan:
    """Which keys of a model hold text, and which hold nested models (or lists of them)."""

    text: frozenset[str]
    text_items: frozenset[str]
    """List fields whose items are text (or a model that accepts a plain string)."""
    nested: dict[str, type[BaseModel]]


@functools.cache
def _plan(model: type[BaseModel]) -> _TextPlan:
    text, text_items, nested = set(), set(), {}
    for name in model.model_fields:
        kinds = _field_types(model, name)
        if str in kinds:
            text.add(name)
        for kind in kinds:
            args = typing.get_args(kind)
            if typing.get_origin(kind) is list and args:
                items = _unwrap(args[0])
                if str in items or any(getattr(i, "accepts_plain_string", False) for i in items):
                    text_items.add(name)
        child = _nested_model(model, name)
        if child is not None:
            nested[name] = child
    return _TextPlan(frozenset(text), frozenset(text_items), nested)


def restore_text(tree: Any, model: type[BaseModel]) -> None:
    """Put back the written text of typed scalars (`name: 2024`, `name: yes`) in text fields."""
    if not isinstance(tree, LocDict):
        return
    plan = _plan(model)
    if tree.raw:
        for key in plan.text.intersection(tree.raw):
            tree[key] = tree.raw[key]
    for key, child in plan.nested.items():
        value = tree.get(key)
        if isinstance(value, LocList):
            for item in value:
                restore_text(item, child)
        else:
            restore_text(value, child)
    for key in plan.text_items:
        items = tree.get(key)
        if isinstance(items, LocList) and items.raw:
            for index, raw in items.raw.items():
                items[index] = raw


def _nested_model(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model of a field's value, or of its list items."""
    for kind in _field_types(model, name):
        args = typing.get_args(kind)
        candidates = _unwrap(args[0]) if typing.get_origin(kind) is list and args else [kind]
        for candidate in candidates:
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                return candidate
    return None


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, str) and current is not None:
            current = _nested_model(current, part)
    return list(current.model_fields) if current is not None else []
