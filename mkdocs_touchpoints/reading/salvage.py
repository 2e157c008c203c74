"""The valid parts of an invalid journey, so that reference errors are reported in the same run."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from mkdocs_touchpoints.reading.model import Journey, Phase, Step, Team, Touchpoint
from mkdocs_touchpoints.reading.slug import is_slug, slugify
from mkdocs_touchpoints.reading.yamlsource import LocDict

UNKNOWN = "*"
"""Stands for an invalid item whose id cannot be told: references are then not checked."""


def _valid_items(
    tree: LocDict, key: str, model: type[BaseModel], positions: dict[str, list[int]]
) -> tuple[list[Any], set[str]]:
    """Items that validate on their own, and the ids the invalid ones seem to have."""
    items = tree.get(key)
    valid: list[Any] = []
    unchecked: set[str] = set()
    kept = positions.setdefault(key, [])
    if not isinstance(items, list):
        return valid, unchecked
    for index, item in enumerate(items):
        try:
            valid.append(model.model_validate(item))
            kept.append(index)
        except ValidationError:
            unchecked.update(_guessed_ids(item))
    return valid, unchecked


def _guessed_ids(item: Any) -> set[str]:
    """Ids an invalid item may have been meant to declare; `*` when nothing can be told."""
    if isinstance(item, str):
        return {slugify(item)}
    if isinstance(item, dict):
        found = {v for k in ("id", "name") if isinstance(v := item.get(k), str)}
        if found:
            return found | {slugify(v) for v in found}
    return {UNKNOWN}


def salvage(tree: LocDict, default_id: str) -> tuple[Journey, frozenset[str], dict[str, list[int]]]:
    """A journey built without validation from the parts that are valid, and their places."""
    positions: dict[str, list[int]] = {}
    phases, unchecked_phases = _valid_items(tree, "phases", Phase, positions)
    touchpoints, unchecked_touchpoints = _valid_items(tree, "touchpoints", Touchpoint, positions)
    steps, _ = _valid_items(tree, "steps", Step, positions)
    journey_id = tree.get("id", default_id)
    owner = tree.get("owner")
    partial = Journey.model_construct(
        id=journey_id if isinstance(journey_id, str) and is_slug(journey_id) else None,
        title=str(tree.get("title", "")),
        owner=owner if isinstance(owner, str) and is_slug(owner) else "",
        phases=phases,
        touchpoints=touchpoints,
        steps=steps,
        tags=[],
    )
    for touchpoint in touchpoints:
        if touchpoint.owner is None:
            touchpoint.owner = partial.owner or None
    unchecked = {f"phase:{i}" for i in unchecked_phases}
    unchecked |= {f"touchpoint:{i}" for i in unchecked_touchpoints}
    return partial, frozenset(unchecked), positions


def valid_teams(tree: Any) -> tuple[list[Team], list[int]]:
    """The teams of an invalid teams file that are valid on their own, and their places."""
    teams: list[Team] = []
    positions: dict[str, list[int]] = {}
    if isinstance(tree, LocDict):
        teams, _ = _valid_items(tree, "teams", Team, positions)
    return teams, positions.get("teams", [])
