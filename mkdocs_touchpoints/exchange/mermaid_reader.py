"""Read a Mermaid `journey` diagram as Mermaid does, and locate what Mermaid would reject.

This follows Mermaid's own pipeline (mermaid 11-12: `preprocessDiagram`, the journey
detector, the Jison lexer and grammar of `journey.jison`, and `journeyDb.addTask`):

- front matter (`---` ... `---`) may set the title; `%%{...}%%` directives and `%%`
  comment lines are dropped; the text must then start with `journey`;
- `#name;` and `#123;` are entity codes (Mermaid's `encodeEntities`), decoded here;
- tokens are matched with Mermaid's lexer rules, first rule first;
- a task is `name: score[: actor, actor...]`; the score is JavaScript's `Number()` of it.

Dropped text is blanked rather than cut, so every position stays the one in the file.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from dataclasses import dataclass, field

from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.yamlsource import YamlProblem, parse

FRONT_MATTER = re.compile(r"-{3}\s*[\n\r](.*?)[\n\r]-{3}\s*[\n\r]+", re.S)
DIRECTIVE = re.compile(r"%%\{(?:(?!\}%%).|\n)*(?:\}%%)?")
COMMENT_LINE = re.compile(r"^[^\S\n]*%%(?!\{)[^\n]+\n?", re.M)
"""A comment line (`[^\\S\\n]*`, not `\\s*`: a run of blank lines must not be scanned again
from each of its lines, which made a file of blank lines quadratic)."""
ENTITY = re.compile(r"#(\w+);", re.A)
_OPEN, _CLOSE = "\ue000", "\ue001"
"""Private-use stand-ins for the `#` and `;` of an entity code: same length, no meaning."""
_ENCODED = re.compile(f"{_OPEN}(\\w+){_CLOSE}", re.A)

# Mermaid's lexer rules for the INITIAL state, in its order (case-insensitive). JavaScript's
# `\b` is ASCII, spelled out for `journey`; `$` is the end of the text.
_RULES: list[tuple[str | None, re.Pattern[str]]] = [
    (None, re.compile(r"%(?!\{)[^\n]*")),
    (None, re.compile(r"[^}]%%[^\n]*")),
    ("NEWLINE", re.compile(r"\n+")),
    (None, re.compile(r"\s+")),
    (None, re.compile(r"#[^\n]*")),
    ("JOURNEY", re.compile(r"journey(?![A-Za-z0-9_])", re.I)),
    ("TITLE", re.compile(r"title\s[^#\n;]+", re.I)),
    ("ACC_TITLE", re.compile(r"accTitle\s*:\s*", re.I)),
    ("ACC_DESCR", re.compile(r"accDescr\s*:\s*", re.I)),
    ("ACC_DESCR_BLOCK", re.compile(r"accDescr\s*\{\s*", re.I)),
    ("SECTION", re.compile(r"section\s[^#:\n;]+", re.I)),
    ("TASK_NAME", re.compile(r"[^#:\n;]+")),
    ("TASK_DATA", re.compile(r":[^#\n;]+")),
    ("COLON", re.compile(r":")),
    ("INVALID", re.compile(r".", re.S)),
]
_LINE_VALUE = re.compile(r"[^\n]*")
_BLOCK_VALUE = re.compile(r"[^}]*")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexer token and where it starts in the text."""

    kind: str
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Task:
    """One task of the diagram, as Mermaid's journey database keeps it."""

    name: str
    score: float
    actors: tuple[str, ...]
    section: str | None
    """None before the first `section` line."""
    line: int
    column: int


@dataclass(slots=True)
class MermaidJourney:
    """What a journey diagram says: its title and its tasks in order."""

    title: str | None = None
    tasks: list[Task] = field(default_factory=list)
    line: int = 1
    column: int = 1
    """Where `journey` stands."""


_NOT_NEWLINE = re.compile(r"[^\n]")


def _blank(text: str, start: int, end: int) -> str:
    """`text` with [start, end) made spaces, line breaks kept."""
    middle = _NOT_NEWLINE.sub(" ", text[start:end])
    return text[:start] + middle + text[end:]


def _encode_entities(text: str) -> str:
    return ENTITY.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", text)


def _entity(name: str) -> str:
    if name.isdigit():
        number = int(name)
        valid = 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF
        return chr(number) if valid else f"#{name};"
    decoded = html.unescape(f"&{name};")
    return decoded if decoded != f"&{name};" else f"#{name};"


def decode_entities(text: str) -> str:
    """Mermaid's entity codes back to their characters (`#58;` and `#colon;` -> `:`)."""
    return _ENCODED.sub(lambda m: _entity(m.group(1)), text)


def js_number(text: str) -> float:
    """JavaScript's `Number(text)` for decimal text: NaN when it is not a number."""
    stripped = text.strip()
    if stripped == "":
        return 0.0
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", stripped):
        return float(stripped)
    if re.fullmatch(r"[+-]?Infinity", stripped):
        return float(stripped.replace("Infinity", "inf"))
    return math.nan


class _Reader:
    """One diagram file: lexer, grammar and diagnostics."""

    def __init__(self, text: str, display: str) -> None:
        self.display = display
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.diagnostics: list[Diagnostic] = []

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def error(self, offset: int, code: str, message: str) -> None:
        line, column = self.where(offset)
        self.diagnostics.append(
            Diagnostic(self.display, line, column, Severity.ERROR, code, message)
        )

    # --- preprocessing -------------------------------------------------------------------

    def front_matter_title(self) -> str | None:
        match = FRONT_MATTER.match(self.text)
        if match is None:
            return None
        title = None
        try:
            data = parse(match.group(1))
        except YamlProblem as problem:
            offset_line = self.where(match.start(1))[0] - 1
            self.diagnostics.append(
                Diagnostic(
                    self.display,
                    problem.mark.line + offset_line,
                    problem.mark.column,
                    Severity.ERROR,
                    problem.code,
                    f"front matter: {problem}",
                )
            )
            data = None
        if isinstance(data, dict) and data.get("title"):
            title = str(data["title"])
        self.text = _blank(self.text, 0, match.end())
        return title

    def strip_directives_and_comments(self) -> None:
        # One pass per pattern (its matches do not overlap): blanking each match by
        # rebuilding the whole text made a file of comment lines quadratic.
        for pattern in (DIRECTIVE, COMMENT_LINE):
            self.text = pattern.sub(lambda m: _NOT_NEWLINE.sub(" ", m.group()), self.text)

    # --- lexer ---------------------------------------------------------------------------

    def tokens(self) -> list[Token]:
        text = _encode_entities(self.text)
        found: list[Token] = []
        position = 0
        state = "INITIAL"
        while position < len(text):
            if state == "INITIAL":
                match: re.Match[str] | None
                kind, match = next(
                    (k, m) for k, rule in _RULES if (m := rule.match(text, position)) is not None
                )
                if kind in ("ACC_TITLE", "ACC_DESCR"):
                    state = "LINE_VALUE"
                elif kind == "ACC_DESCR_BLOCK":
                    state, kind = "BLOCK_VALUE", None
            elif state == "LINE_VALUE":
                kind, match, state = "ACC_VALUE", _LINE_VALUE.match(text, position), "INITIAL"
            elif text[position] == "}":
                kind, match, state = None, re.compile("}").match(text, position), "INITIAL"
            else:
                kind, match = "ACC_VALUE", _BLOCK_VALUE.match(text, position)
            assert match is not None
            if kind is not None:
                found.append(Token(kind, decode_entities(match.group()), position))
            position = match.end()
        found.append(Token("EOF", "", len(text)))
        return found

    # --- grammar -------------------------------------------------------------------------

    def read(self) -> MermaidJourney | None:
        title = self.front_matter_title()
        self.strip_directives_and_comments()
        start = re.match(r"\s*", self.text)
        assert start is not None
        if not self.text.startswith("journey", start.end()):
            self.error(
                start.end(),
                "not-a-journey",
                "not a Mermaid journey diagram: the first line must be 'journey'",
            )
            return None
        tokens = self.tokens()
        index = next(n for n, t in enumerate(tokens) if t.kind != "NEWLINE")
        if tokens[index].kind != "JOURNEY":  # `journeyman` passes the detector, not the lexer
            self.error(tokens[index].offset, "not-a-journey", "expected 'journey' here")
            return None
        diagram = MermaidJourney(title)
        diagram.line, diagram.column = self.where(tokens[index].offset)
        section: str | None = None
        index += 1
        while tokens[index].kind != "EOF":
            token = tokens[index]
            index += 1
            if token.kind in ("NEWLINE", "ACC_VALUE"):
                continue
            if token.kind in ("ACC_TITLE", "ACC_DESCR"):
                continue
            if token.kind == "TITLE":
                diagram.title = token.text[6:]
            elif token.kind == "SECTION":
                section = token.text[8:]
            elif token.kind == "TASK_NAME" and tokens[index].kind == "TASK_DATA":
                task = self.task(token, tokens[index], section)
                index += 1
                if task is not None:
                    diagram.tasks.append(task)
            else:
                self.syntax_error(token, tokens[index])
                while tokens[index].kind not in ("NEWLINE", "EOF"):
                    index += 1
        return diagram

    def syntax_error(self, token: Token, following: Token) -> None:
        if token.kind == "TASK_NAME" and following.kind == "INVALID":
            token = following  # `Task; more: 3`: the `;` is what Mermaid rejects
        if token.kind == "TASK_NAME":
            name = token.text.strip()
            end = token.offset + len(token.text)
            hint = "; a '#' starts a comment" if self.text[end : end + 1] == "#" else ""
            self.error(
                token.offset,
                "no-score",
                f"task '{_short(name)}' has no score; write it as '{_short(name)}: 5: Actor'"
                + hint,
            )
        elif token.kind == "TASK_DATA":
            self.error(token.offset, "no-task-name", "a score with no task name before it")
        elif token.kind == "COLON":
            self.error(token.offset, "no-score", "a ':' with no score after it")
        elif token.kind == "JOURNEY":
            self.error(
                token.offset, "second-journey", "a second 'journey' line: one diagram per file"
            )
        else:
            shown = token.text.replace("\n", "\\n")
            self.error(token.offset, "invalid-character", f"Mermaid cannot read '{shown}' here")

    def task(self, name: Token, data: Token, section: str | None) -> Task | None:
        pieces = data.text[1:].split(":")
        score = js_number(pieces[0])
        if not math.isfinite(score):
            self.error(
                data.offset + 1 + (len(pieces[0]) - len(pieces[0].lstrip())),
                "invalid-score",
                f"the score '{_short(pieces[0].strip())}' is not a number (1 to 5)",
            )
            return None
        actors = tuple(a.strip() for a in pieces[1].split(",")) if len(pieces) > 1 else ()
        line, column = self.where(name.offset)
        return Task(name.text.strip(), score, actors, section, line, column)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_mermaid(text: str, display: str) -> tuple[MermaidJourney | None, list[Diagnostic]]:
    """The diagram in `text`, and a diagnostic for each thing Mermaid would reject."""
    reader = _Reader(text, display)
    diagram = reader.read()
    return diagram, sorted(reader.diagnostics)
