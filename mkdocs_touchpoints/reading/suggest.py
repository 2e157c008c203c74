"""'Did you mean ...?' hints for near misses."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from mkdocs_touchpoints.reading.quoting import quote

MAX_WORD = 64
"""Longest value a suggestion is looked for (an id is shorter; difflib is quadratic)."""
MAX_CHOICES = 500
"""Most choices compared with one value."""


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice nearest to `word`, or None when nothing is close (or `word` is not text:
    YAML gives `type: ~` as None, `type: 1` as a number). `cutoff=0` always names one."""
    if not isinstance(word, str) or len(word) > MAX_WORD:
        return None
    near = sorted(c for c in set(choices) if len(c) <= MAX_WORD)
    if len(near) > MAX_CHOICES:  # the closest in length first: the likeliest near misses
        near = sorted(sorted(near, key=lambda c: abs(len(c) - len(word)))[:MAX_CHOICES])
    matches = difflib.get_close_matches(word, near, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `; did you mean 'x'?` suffix, or an empty string."""
    match = closest(word, choices)
    return f"; did you mean {quote(match)}?" if match else ""
