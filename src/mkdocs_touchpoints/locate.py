"""Turn a path into a loaded YAML tree (`("steps", 3, "phase")`) into a line and column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs_touchpoints.yamlsource import START, LocDict, LocList, Mark


def locate(tree: Any, path: Sequence[str | int], *, key: bool = False) -> Mark:
    """The mark of the value at `path` (of its key with `key=True`), or of its nearest parent."""
    node = tree
    mark = getattr(tree, "start", START)
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, LocDict) and isinstance(part, str) and part in node:
            mark = node.key_marks[part] if (last and key) else node.value_marks[part]
            node = node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node):
            mark = node.item_marks[part]
            node = node[part]
        else:
            break
    return mark


def has_key(tree: Any, path: Sequence[str | int]) -> bool:
    """True when the value at `path` was written in the file (not defaulted)."""
    node = tree
    for part in path:
        if isinstance(node, LocDict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return False
    return True
