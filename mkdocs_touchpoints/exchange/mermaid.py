"""A journey as a Mermaid `journey` diagram, with every name made safe for Mermaid's lexer.

Mermaid's journey grammar ends a name at `:`, `#` (a comment) and `;`, splits actors at
`,`, and reads a task that starts with a keyword (`title `, `section `, `journey`,
`accTitle`, `accDescr`) or with `%` as that keyword or as a comment. So:

- `:`, `#`, `;` in every name, and `,` in actor names, become their full-width forms
  (`：`, `＃`, `；`, `，`), which read the same and which Mermaid keeps as text;
- line breaks and runs of white space become one space;
- a task that would start with a keyword gets a zero-width space in front, and a `%` in
  its first two characters becomes `％`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mkdocs_touchpoints.reading.model import Journey

NAME_REPLACEMENTS = str.maketrans({":": "\uff1a", "#": "\uff03", ";": "\uff1b"})
"""Characters no Mermaid journey name can hold, and what stands for them."""
ACTOR_REPLACEMENTS = str.maketrans({":": "\uff1a", "#": "\uff03", ";": "\uff1b", ",": "\uff0c"})
"""Actor names also cannot hold `,`, which separates actors."""
KEYWORD_START = re.compile(r"(journey\b|title\s|section\s|acctitle|accdescr)", re.I | re.A)
"""What Mermaid's lexer reads as a keyword at the start of a task (`\\b` as in JavaScript)."""
ZERO_WIDTH_SPACE = "\u200b"
NEUTRAL_SCORE = 3
"""Mermaid scores run from 1 to 5; a step without sentiment sits in the middle."""
INDENT_SECTION, INDENT_TASK = " " * 4, " " * 6
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Runs of white space (line breaks included) as one space, and no space at the ends."""
    return _SPACES.sub(" ", text).strip()


def clean_name(text: str) -> str:
    """A title, section or task name Mermaid keeps whole."""
    return one_line(text).translate(NAME_REPLACEMENTS)


def clean_actor(text: str) -> str:
    """An actor name Mermaid keeps whole (no `,` either)."""
    return one_line(text).translate(ACTOR_REPLACEMENTS)


def clean_task(text: str) -> str:
    """A task name that Mermaid's lexer cannot take for a keyword or a comment."""
    name = clean_name(text)
    head = name[:2].replace("%", "\uff05")
    name = head + name[2:]
    return ZERO_WIDTH_SPACE + name if KEYWORD_START.match(name) else name


def score(sentiment: int | None) -> int:
    """Mermaid's 1..5 score of a step: sentiment + 3, 3 when it has none."""
    return NEUTRAL_SCORE if sentiment is None else sentiment + NEUTRAL_SCORE


def journey_diagram(journey: Journey) -> str:
    """`%% journey: <id>`, then the diagram: a section each time the phase changes."""
    phases = {phase.id: clean_name(phase.name) for phase in journey.phases}
    actors = {touchpoint.id: clean_actor(touchpoint.name) for touchpoint in journey.touchpoints}
    lines = [f"%% journey: {journey.id}", "journey"]
    lines.append(f"{INDENT_SECTION}title {clean_name(journey.title)}")
    current: str | None = None
    for step in journey.steps:
        if step.phase != current:
            lines.append(f"{INDENT_SECTION}section {phases.get(step.phase, step.phase)}")
            current = step.phase
        actor = actors.get(step.touchpoint, step.touchpoint)
        lines.append(f"{INDENT_TASK}{clean_task(step.action)}: {score(step.sentiment)}: {actor}")
    return "\n".join(lines) + "\n"


def diagrams(journeys: Iterable[Journey]) -> str:
    """Every journey's diagram, a blank line between two."""
    return "\n".join(journey_diagram(journey) for journey in journeys)
