"""The valid parts of an invalid journey, so that reference errors are reported in the same run."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from mkdocs_touchpoints.model import Journey, Phase, Step, Touchpoint
from mkdocs_touchpoints.slug import is_slug, slugify
from mkdocs_touchpoints.yamlsource import LocDict


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
    if isinstance(item, str):
        return {slugify(item)}
    if isinstance(item, dict):
        found = {v for k in ("id", "name") if isinstance(v := item.get(k), str)}
        return found | {slugify(v) for v in found}
    return set()


def salvage(
    tree: LocDict, default_id: str
) -> tuple[Journey, frozenset[str], dict[str, list[int]]]:
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
    if isinstance(tree.get("phases"), list) and not phases and not unchecked_phases:
        unchecked_phases.add("*")
    return partial, frozenset(unchecked_phases | unchecked_touchpoints), positions
