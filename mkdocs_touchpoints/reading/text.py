"""Which characters a value from a file may hold, by kind of field (docs/security.md).

- **Names and ids** (journey `title`, `persona` and `tags`; phase and touchpoint `name`;
  team `name`; every id): no control character at all except a tab or a line break
  (LF or CR: `title: |` gives one), and no bidirectional override or isolate (U+202A-U+202E,
  U+2066-U+2069), which can make a name read as another in a log or a review.
- **Free text** (`action`, `pain_point`, `opportunity`, `contact`, every `description`):
  no C0 control except tab and line breaks (LF, CR), no DEL, no C1 control. Bidirectional marks
  and zero-width characters are kept: right-to-left text needs them, and every output
  escapes them where they could mislead (`mkdocs_touchpoints.sinks`).
"""

from __future__ import annotations

import re

MAX_ID_LENGTH = 100
"""Longest id: journey and team ids become folder names (`journeys/<id>/`) and a file
name holds 255 bytes at most."""

_C0_C1 = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
"""Control characters other than tab, line feed and carriage return (what YAML's line
breaks and a double-quoted `\\t` give)."""
_BIDI = "\u202a-\u202e\u2066-\u2069"
"""Bidirectional embeddings, overrides and isolates."""

NAME_FORBIDDEN = re.compile(f"[{_C0_C1}{_BIDI}\u2028\u2029]")
TEXT_FORBIDDEN = re.compile(f"[{_C0_C1}\u2028\u2029]")
PATH_FORBIDDEN = re.compile(f"[\x00-\x1f{_C0_C1}{_BIDI}\u2028\u2029\ud800-\udfff]")
"""In a file or folder name: every control character (tab and line feed too), bidi controls,
and the lone surrogates that stand for bytes that are not UTF-8."""


def describe(char: str) -> str:
    """`U+001B` for a character that must not be shown as itself."""
    return f"U+{ord(char):04X}"


def forbidden_in_name(value: str) -> str | None:
    """The first character a name or id may not hold, or None."""
    found = NAME_FORBIDDEN.search(value)
    return found.group() if found else None


def forbidden_in_text(value: str) -> str | None:
    """The first character free text may not hold, or None."""
    found = TEXT_FORBIDDEN.search(value)
    return found.group() if found else None


def forbidden_in_path(name: str) -> str | None:
    """The first character a file or folder name may not hold, or None (surrogate escapes
    of bytes that are not UTF-8 included)."""
    found = PATH_FORBIDDEN.search(name)
    return found.group() if found else None
