"""JSON (RFC 8259) read into nodes that know their line and column.

A small recursive-descent reader: strings through the standard library's own
`json.decoder.scanstring`, numbers by the RFC's grammar, nesting bounded (`MAX_DEPTH`).
Every value is a `Node` with the 1-based physical line and character column where it starts;
an object also keeps where each of its keys starts. A duplicate key is an error (the RFC
leaves its meaning open). Lines end at LF, CR LF or CR.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 64
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?", re.ASCII)
_LINE_END = re.compile(r"\r\n|\r|\n")
_LITERALS = {"true": True, "false": False, "null": None}


@dataclass(slots=True)
class Node:
    """A JSON value and where it starts. `value` is a dict of `Node`s, a list of `Node`s, a
    str, an int, a float, a bool or None."""

    value: Any
    line: int
    column: int
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    """For an object: where each key starts."""


class JsonProblem(Exception):
    """Text that is not JSON, at a line and column."""

    def __init__(self, line: int, column: int, code: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.code = code
        self.message = message


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def where(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def fail(self, offset: int, message: str, code: str = "json-syntax") -> JsonProblem:
        line, column = self.where(offset)
        return JsonProblem(line, column, code, message)

    def skip(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, depth: int) -> tuple[Node, int]:
        text = self.text
        if pos >= len(text):
            raise self.fail(pos, "not valid JSON: a value is missing (the file ends)")
        char = text[pos]
        line, column = self.where(pos)
        if char == "{":
            if depth >= MAX_DEPTH:
                raise self.fail(pos, f"nested deeper than {MAX_DEPTH} levels", "too-deep")
            return self.object(pos, depth + 1)
        if char == "[":
            if depth >= MAX_DEPTH:
                raise self.fail(pos, f"nested deeper than {MAX_DEPTH} levels", "too-deep")
            return self.array(pos, depth + 1)
        if char == '"':
            string, end = self.string(pos)
            return Node(string, line, column), end
        match = _NUMBER.match(text, pos)
        if match:
            raw = match.group(0)
            number: int | float = float(raw) if match.group(1) or match.group(2) else int(raw)
            return Node(number, line, column), match.end()
        for word, literal in _LITERALS.items():
            if text.startswith(word, pos):
                return Node(literal, line, column), pos + len(word)
        raise self.fail(pos, f"not valid JSON: unexpected {text[pos]!r}")

    def string(self, pos: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, pos + 1, True)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            raise self.fail(exc.pos, f"not valid JSON: {exc.msg.lower()}") from None

    def object(self, pos: int, depth: int) -> tuple[Node, int]:
        line, column = self.where(pos)
        node = Node({}, line, column)
        pos = self.skip(pos + 1)
        if self.text.startswith("}", pos):
            return node, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise self.fail(pos, "not valid JSON: a key in double quotes is expected")
            key_at = self.where(pos)
            key, pos = self.string(pos)
            if key in node.value:
                line_before = node.keys[key][0]
                raise JsonProblem(
                    *key_at,
                    "duplicate-key",
                    f"duplicate key '{key[:60]}' (first at line {line_before})",
                )
            pos = self.skip(pos)
            if not self.text.startswith(":", pos):
                raise self.fail(pos, "not valid JSON: ':' is expected after a key")
            pos = self.skip(pos + 1)
            child, pos = self.value(pos, depth)
            node.value[key] = child
            node.keys[key] = key_at
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
                continue
            if self.text.startswith("}", pos):
                return node, pos + 1
            raise self.fail(pos, "not valid JSON: ',' or '}' is expected")

    def array(self, pos: int, depth: int) -> tuple[Node, int]:
        line, column = self.where(pos)
        node = Node([], line, column)
        pos = self.skip(pos + 1)
        if self.text.startswith("]", pos):
            return node, pos + 1
        while True:
            child, pos = self.value(pos, depth)
            node.value.append(child)
            pos = self.skip(pos)
            if self.text.startswith(",", pos):
                pos = self.skip(pos + 1)
                continue
            if self.text.startswith("]", pos):
                return node, pos + 1
            raise self.fail(pos, "not valid JSON: ',' or ']' is expected")


def parse_json(text: str) -> Node:
    """The located tree of a JSON document; raises `JsonProblem`."""
    parser = _Parser(text)
    pos = parser.skip(0)
    node, pos = parser.value(pos, 0)
    pos = parser.skip(pos)
    if pos != len(text):
        raise parser.fail(pos, "not valid JSON: text after the document")
    return node
