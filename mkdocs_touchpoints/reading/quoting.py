"""Short forms of text taken from a file: labels that fit, and quotes that never carry a file.

`shorten` fits a label in a width (chart axes, diff tables); `quote` is how every
diagnostic quotes a value from a file: on one line, at most `QUOTE_LIMIT` characters of
it, then `…`, so a log or a pull-request annotation never carries a file's content.
"""

from __future__ import annotations

QUOTE_LIMIT = 60
"""Most characters of a value from a file that a diagnostic quotes (spec, Files)."""
ELLIPSIS = "…"


def one_line(text: str) -> str:
    """`text` on one line: runs of white space and control characters become one space."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def shorten(text: str, limit: int, *, at_word: bool = False, flat: bool = False) -> str:
    """`text` in at most `limit` characters, ending in `…` when it is cut.

    `at_word` cuts at a word boundary when one is in the second half (and drops the
    punctuation left before `…`); `flat` puts the text on one line first.
    """
    if flat:
        text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not at_word:
        return cut.rstrip() + ELLIPSIS
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


def clip(value: object) -> str:
    """A value from a file as a diagnostic shows it: one line, `QUOTE_LIMIT` characters, `…`.

    White space (and invisible characters) at either end stays, as one space: a message
    must not say `unknown metric 'nps'; did you mean 'nps'?` about ` nps`."""
    text = value if isinstance(value, str) else str(value)
    flat = one_line(text)
    if flat and text[:1] != flat[:1]:
        flat = " " + flat
    if flat and text[-1:] != flat[-1:]:
        flat += " "
    if not flat and text:
        flat = " "
    return flat if len(flat) <= QUOTE_LIMIT else flat[:QUOTE_LIMIT] + ELLIPSIS


def quote(value: object) -> str:
    """`'value'` as a diagnostic quotes it (see `clip`)."""
    return f"'{clip(value)}'"
