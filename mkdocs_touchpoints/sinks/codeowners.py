"""Paths in a CODEOWNERS file: one file name is one pattern, on its own line, matching
only that file.

CODEOWNERS patterns follow gitignore: a space ends the pattern, `#` starts a comment,
`*`, `?` and `[...]` are globs, `!` negates, and a line break or a tab would start another
line or split the pattern. So `pattern` escapes with a backslash the space, `#`, `*`, `?`,
`[`, `]`, `!` and the backslash itself, and refuses (ValueError) a path holding a control
character, which no escaping can keep on one line (`validate` rejects such names already:
`bad-file-name`). A leading `/` anchors the pattern at the repository root.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\ #*?\[\]!])")
_UNWRITABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def escape_path(path: str) -> str:
    """`journeys/late delivery.yml` -> `journeys/late\\ delivery.yml`; `a*.yml` -> `a\\*.yml`."""
    if _UNWRITABLE.search(path):
        raise ValueError(f"a CODEOWNERS path cannot hold a control character: {path!r}")
    return _SPECIAL.sub(r"\\\1", path)


def pattern(relative: str) -> str:
    """The anchored pattern of one file: `/` and its escaped path from the root."""
    return "/" + escape_path(relative.lstrip("/"))
