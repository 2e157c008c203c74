"""Text inside a Mermaid `journey` diagram: a name stays one name on one line.

Mermaid's journey grammar ends a name at `:`, `#` (a comment) and `;`, splits actors at
`,`, and reads a task that starts with a keyword (`title `, `section `, `journey`,
`accTitle`, `accDescr`) or with `%` as that keyword or as a comment. Mermaid also reads
`%%{ ... }%%` anywhere in the text as a directive (its configuration), before any grammar.
So:

- `:`, `#`, `;` in every name, and `,` in actor names, become their full-width forms
  (`：`, `＃`, `；`, `，`), which read the same and which Mermaid keeps as text;
- `%%` anywhere becomes `％％`, so no name opens a directive or a comment;
- line breaks, runs of white space and control characters become one space, so no name
  ends its line, the diagram, or the fence or HTML block around it;
- a task that would start with a keyword gets a zero-width space in front, and a `%` in
  its first two characters becomes `％`.
"""

from __future__ import annotations

import re

NAME_REPLACEMENTS = str.maketrans({":": "\uff1a", "#": "\uff03", ";": "\uff1b"})
"""Characters no Mermaid journey name can hold, and what stands for them."""
ACTOR_REPLACEMENTS = str.maketrans({":": "\uff1a", "#": "\uff03", ";": "\uff1b", ",": "\uff0c"})
"""Actor names also cannot hold `,`, which separates actors."""
KEYWORD_START = re.compile(r"(journey\b|title\s|section\s|acctitle|accdescr)", re.I | re.A)
"""What Mermaid's lexer reads as a keyword at the start of a task (`\\b` as in JavaScript)."""
ZERO_WIDTH_SPACE = "\u200b"
FULL_WIDTH_PERCENT = "\uff05"
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def one_line(text: str) -> str:
    """Runs of white space and control characters (line breaks included) as one space, and
    no space at the ends."""
    return _SPACES.sub(" ", text).strip()


def _no_directive(text: str) -> str:
    return text.replace("%%", FULL_WIDTH_PERCENT * 2) if "%%" in text else text


def clean_name(text: str) -> str:
    """A title, section or task name Mermaid keeps whole."""
    return _no_directive(one_line(text).translate(NAME_REPLACEMENTS))


def clean_actor(text: str) -> str:
    """An actor name Mermaid keeps whole (no `,` either)."""
    return _no_directive(one_line(text).translate(ACTOR_REPLACEMENTS))


def clean_task(text: str) -> str:
    """A task name that Mermaid's lexer cannot take for a keyword or a comment."""
    name = clean_name(text)
    head = name[:2].replace("%", FULL_WIDTH_PERCENT)
    name = head + name[2:]
    return ZERO_WIDTH_SPACE + name if KEYWORD_START.match(name) else name


def clean_comment(text: str) -> str:
    """Text for a `%%` comment line (an id): one line."""
    return one_line(text)
