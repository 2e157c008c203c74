"""Slug ids: the pattern and the derivation from a name."""

from __future__ import annotations

import re
import unicodedata

from mkdocs_touchpoints.reading.text import MAX_ID_LENGTH

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_RE = re.compile(SLUG_PATTERN)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def is_slug(text: str) -> bool:
    """True when `text` is a valid id, at most `MAX_ID_LENGTH` long.

    fullmatch: `$` alone lets a final line break through (a file named `a\n.yml`)."""
    return len(text) <= MAX_ID_LENGTH and SLUG_RE.fullmatch(text) is not None


def slugify(name: str) -> str:
    """`Decisión de compra` -> `decision-de-compra` (accents stripped, ASCII only)."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.lower().replace("ß", "ss")
    return _NON_ALNUM.sub("-", ascii_text).strip("-")
