"""Turn a path into a loaded YAML tree (`("steps", 3, "phase")`) into a line and column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs_touchpoints.reading.yamlsource import START, LocDict, LocList, Mark, position

_MISSING = object()


def _child(node: Any, part: str | int) -> tuple[Any, Any, Any]:
    """The child at `part`, its value mark and its key mark; `_MISSING` when absent."""
    if isinstance(node, LocDict) and isinstance(part, str) and part in node:
        return node[part], node.value_mark(part), node.key_mark(part)
    if isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node):
        return node[part], node.item_marks[part], None
    return _MISSING, None, None


def locate(tree: Any, path: Sequence[str | int], *, key: bool = False) -> Mark:
    """The mark of the value at `path` (of its key with `key=True`), or of its nearest parent."""
    node = tree
    mark = getattr(tree, "start", START)
    for depth, part in enumerate(path):
        child, value_mark, key_mark = _child(node, part)
        if child is _MISSING:
            break
        last = depth == len(path) - 1
        chosen = key_mark if last and key and key_mark is not None else value_mark
        mark = chosen if chosen is not None else mark
        node = child
    return position(mark)


def has_key(tree: Any, path: Sequence[str | int]) -> bool:
    """True when the value at `path` was written in the file (not defaulted)."""
    node = tree
    for part in path:
        node, _, _ = _child(node, part)
        if node is _MISSING:
            return False
    return True
