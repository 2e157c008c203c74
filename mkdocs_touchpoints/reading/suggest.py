"""'Did you mean ...?' hints for near misses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mkdocs_touchpoints.reading.quoting import quote


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice nearest to `word`, or None when nothing is close (or `word` is not text:
    YAML gives `type: ~` as None, `type: 1` as a number). `cutoff=0` always names one."""
    if not isinstance(word, str):
        return None
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `; did you mean 'x'?` suffix, or an empty string."""
    match = closest(word, choices)
    return f"; did you mean {quote(match)}?" if match else ""
