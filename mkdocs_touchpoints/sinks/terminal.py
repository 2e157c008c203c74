"""Text for a terminal or a log: nothing a value holds can move the cursor, start a line,
set a title or the clipboard, or reorder what is shown.

`escape` turns every control character (C0 with tab and line feed, DEL, C1), the
bidirectional controls and marks, the zero-width characters, the line and paragraph
separators and the lone surrogates that stand for bytes that are not UTF-8 (from a file
name) into visible escapes: `\\x1b`, `\\n`, `\\u202e`, `\\udcff` -> `\\xff`.
"""

from __future__ import annotations

import re

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
"""What `escape` replaces: controls, bidirectional and zero-width characters, separators,
lone surrogates."""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode gives it
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every unsafe character (see `UNSAFE`) as a visible escape, on one line."""
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(lambda m: _visible(m.group()), text)


def escape_lines(text: str) -> str:
    """Text the program lays out in lines: each line escaped, its line breaks kept."""
    return "\n".join(escape(line) for line in text.split("\n"))
