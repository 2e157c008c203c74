"""The pull-request comment (GitHub-flavoured Markdown): text that stays text, in a table
cell, in an HTML block or `<details>`, and that notifies no one.

- `cell` puts a value on one line (line breaks, runs of blanks and control characters
  become one space; a blank line would end the table or an HTML block), cut to a width,
  with every character that could start Markdown or HTML escaped (`|` included, so a
  value adds no column) and backticks escaped (no code span, no fence);
- `html` is the same for text inside an HTML block (`<summary>`): one line, HTML-escaped;
- both make mentions and references inert: `@user`, `@org/team`, `#123` and
  `owner/repo#1` get a word joiner (U+2060) after the `@` or `#`, which reads the same
  and which GitHub does not link nor notify;
- `code` writes an id as a code span;
- `fence_for` picks a code fence longer than any run of backticks in a block;
- `utf16_len` counts a text as GitHub counts a comment's size (UTF-16 code units).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Iterable

WORD_JOINER = "\u2060"
_MENTION = re.compile(r"((?<![\w.+-])@(?=[A-Za-z0-9])|#(?=[0-9]))")
"""A mention (`@` not inside a word, so e-mail addresses stay as they are) or a reference
(`#` before a digit: `#12`, `owner/repo#12`)."""
_BLANKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+")
_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "~": "\\~",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
    }
)
ELLIPSIS = "…"


def one_line(text: str) -> str:
    """Line breaks, blanks, control characters and bidirectional overrides as one space."""
    return _BLANKS.sub(" ", text).strip()


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def inert(text: str) -> str:
    """`@user` -> `@⁠user`, `#12` -> `#⁠12`: no mention, no cross-reference."""
    return _MENTION.sub(r"\1" + WORD_JOINER, text) if ("@" in text or "#" in text) else text


def cell(text: str, limit: int = 80) -> str:
    """Plain text safe inside a Markdown table cell (or any paragraph): one line, nothing
    interpreted, nobody notified."""
    return inert(_fit(one_line(text), limit).translate(_SPECIAL))


def html(text: str, limit: int = 200) -> str:
    """Plain text safe inside an HTML block (`<summary>...</summary>`): one line, escaped."""
    return inert(_html.escape(_fit(one_line(text), limit)))


def code(identifier: str) -> str:
    """An id as a code span; text that could break out of one is written as a `cell`."""
    flat = one_line(identifier)
    if flat and "`" not in flat and flat == identifier:
        return f"`{flat}`"
    return cell(identifier)


def fence_for(lines: Iterable[str]) -> str:
    """A backtick fence longer than any run of backticks in `lines`."""
    longest = 0
    for line in lines:
        run = 0
        for char in line:
            run = run + 1 if char == "`" else 0
            longest = max(longest, run)
    return "`" * max(3, longest + 1)


def utf16_len(text: str) -> int:
    """The length GitHub counts: UTF-16 code units (a character past U+FFFF counts 2)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
