"""Safe, bounded YAML reading that keeps the line and column of every key and value.

The document is built from the parser's event stream with an explicit stack, so
nesting depth, alias expansion and file size are all checked before they can
cost time or memory. Nothing is ever constructed from a tag: only the plain
YAML types (text, numbers, booleans, null, dates, mappings, lists) come out.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from mkdocs_touchpoints.reading.files import MAX_FILE_BYTES, too_large_message
from mkdocs_touchpoints.reading.quoting import QUOTE_LIMIT, quote, shorten

try:  # libyaml when it is there: same events, several times faster.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 32
"""Mappings and lists nested deeper than this are rejected."""
MAX_NODES = 200_000
"""Values in one file, counting every alias expansion (stops alias bombs)."""
ALIAS_FACTOR = 10
ALIAS_ALLOWANCE = 64 * 1024
"""Characters that aliases may expand to in one file: `ALIAS_FACTOR` times the file's length
plus `ALIAS_ALLOWANCE`, so what a file becomes (a page, a CSV export) stays linear in its
size (see `alias_budget`)."""


def alias_budget(text: str) -> int:
    """The characters (keys and text) that the aliases of `text` may expand to in all."""
    return ALIAS_FACTOR * len(text) + ALIAS_ALLOWANCE


PARSER_MESSAGE_LIMIT = 2 * QUOTE_LIMIT
"""Longest message taken from the YAML parser."""

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_CONTAINER_TAGS = {"map": _TAG + "map", "seq": _TAG + "seq"}
_IMPLICIT = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


START = Mark(1, 1)

_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def pack(yaml_mark: Any) -> int:
    """A parser mark as one plain int (0-based line and column), what the trees keep.

    A libyaml mark object costs about 70 bytes and a dict entry to hold it; 1,000
    journeys have 586,000 of them. The trees keep the ints in arrays instead
    (8 bytes each), and `position` makes a `Mark` only when a diagnostic needs one.
    """
    return (yaml_mark.line << _COLUMN_BITS) | yaml_mark.column


class LocDict(dict):
    """A mapping that remembers where it, its keys and its values stand.

    `marks` holds two packed marks per key (the key's, then the value's), in the
    order of the keys; `start` is the mapping's own packed mark.
    """

    __slots__ = ("marks", "raw", "start")

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.marks = array("q")
        self.raw: dict[str, str] | None = None
        """The text as written of plain scalars that YAML typed (`yes`, `2024`), if any."""

    def add(self, key: str, value: Any, key_mark: int, value_mark: int) -> None:
        """Set a new key with its marks (a key is added once: duplicates are rejected)."""
        self[key] = value
        self.marks.append(key_mark)
        self.marks.append(value_mark)

    def _slot(self, key: str) -> int | None:
        for index, name in enumerate(self):
            if name == key:
                # A key set after parsing (none is, today) has no marks: the caller falls back.
                return 2 * index if 2 * index + 1 < len(self.marks) else None
        return None

    def key_mark(self, key: str) -> int | None:
        """The packed mark of `key`, or None when it is not here."""
        slot = self._slot(key)
        return None if slot is None else self.marks[slot]

    def value_mark(self, key: str) -> int | None:
        """The packed mark of the value of `key`, or None when it is not here."""
        slot = self._slot(key)
        return None if slot is None else self.marks[slot + 1]


class LocList(list):
    """A list that remembers where it and its items stand (packed marks, see `pack`)."""

    __slots__ = ("item_marks", "raw", "start")

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.item_marks = array("q")
        self.raw: dict[int, str] | None = None


class YamlProblem(Exception):
    """The text is not a document we accept; carries where and why."""

    def __init__(self, mark: Any, code: str, message: str) -> None:
        super().__init__(message)
        self.mark = position(mark)
        self.code = code
        self.message = message


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is accepted); raise YamlProblem naming the byte offset otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise YamlProblem(START, "file-too-large", too_large_message(len(data)))
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            Mark(line, column),
            "encoding",
            f"not valid UTF-8 at byte offset {exc.start}; save the file as UTF-8",
        ) from None


def _mark(yaml_mark: Any) -> Mark:
    return Mark(yaml_mark.line + 1, yaml_mark.column + 1)


def position(mark: Any) -> Mark:
    """A 1-based `Mark` from a packed mark, a parser mark or a `Mark` already."""
    if isinstance(mark, int):
        return Mark((mark >> _COLUMN_BITS) + 1, (mark & _COLUMN_MASK) + 1)
    return mark if isinstance(mark, Mark) else _mark(mark)


def _offset_mark(text: str, offset: int) -> Mark:
    before = text[:offset]
    return Mark(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


def _char_at(text: str, yaml_mark: Any) -> str:
    index = getattr(yaml_mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _resolve_plain(value: str, implicit: tuple[bool, bool]) -> str:
    """The implicit tag of an untagged scalar, as YAML 1.1 resolves it (fast path for text)."""
    if not implicit[0]:
        return _TAG + "str"
    candidates = _IMPLICIT.get(value[:1], ()) if value else _IMPLICIT.get("", ())
    for tag, regexp in candidates:
        if regexp.match(value):
            return tag if tag in _PLAIN_TAGS else _TAG + "str"
    return _TAG + "str"


def _scalar(event: events.ScalarEvent) -> tuple[Any, bool]:
    """The Python value of a scalar, and whether YAML gave it a non-text type."""
    tag = event.tag
    implicit = tag is None or tag == "!"
    if tag is None or tag == "!":
        tag = _resolve_plain(event.value, event.implicit)
    elif tag not in _PLAIN_TAGS:
        raise YamlProblem(
            event.start_mark,
            "unsafe-tag",
            f"tag {quote(_shown_tag(tag))} is not allowed; write plain YAML values",
        )
    if tag == _TAG + "str":
        return event.value, False
    # The stubs type the C loader's marks apart from the pure-Python ones; both work here.
    node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)  # type: ignore[arg-type]
    try:
        return SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, node), True
    except (ValueError, OverflowError):
        # YAML 1.1's patterns match some texts its constructors cannot build (`0b_`, the
        # date `2026-02-30`): untagged, such a scalar is the text as written, as YAML 1.2
        # (and an editor) reads it; tagged, it is an error at the value.
        if implicit:
            return event.value, False
        raise YamlProblem(
            event.start_mark,
            "bad-value",
            f"{quote(event.value)} is not a valid {_shown_tag(tag)} value",
        ) from None


class _Frame:
    """One open mapping or list while the document is built."""

    __slots__ = ("anchor", "chars", "key", "key_mark", "size", "value")

    def __init__(self, value: LocDict | LocList, anchor: str | None) -> None:
        self.value = value
        self.anchor = anchor
        self.key: str | None = None
        self.key_mark: int | None = None
        self.size = 1
        self.chars = 0


def parse(text: str) -> Any:
    """Build the single document in `text`; raise YamlProblem on anything we reject."""
    try:
        return _build(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if LIBYAML_DEPTH_PROBLEM in str(exc.problem or ""):
            raise _depth_problem(text, mark) from None
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None and _char_at(text, mark) == "\t":
            problem = "tab character; indent with spaces, not tabs"
        elif exc.context and exc.problem:
            problem = f"{exc.context}, {exc.problem}"
        # The parser's words, bounded: the pure-Python parser quotes what it found.
        problem = shorten(problem, PARSER_MESSAGE_LIMIT, flat=True)
        raise YamlProblem(_mark(mark) if mark else START, "yaml-syntax", problem) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(
            _offset_mark(text, exc.position),
            "encoding",
            f"character #x{exc.character:04x} is not allowed in YAML"
            if isinstance(exc.character, int)
            else str(exc.reason),
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other parser errors carry no mark
        raise YamlProblem(START, "yaml-syntax", str(exc)) from None


LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"
"""libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels with its own error, before our limit."""


def _depth_problem(text: str, mark: Any) -> YamlProblem:
    """The project's own `too-deep` diagnostic for a document libyaml found too deep.

    libyaml's limit is far above `MAX_DEPTH`, so the text before its error already nests past
    ours: building that prefix raises the very diagnostic, at the very place, that a libyaml
    without the limit leads to. The code and location stay the same whatever libyaml does.
    """
    fallback = _too_deep(_mark(mark) if mark else START)
    if mark is None:
        return fallback
    try:
        _build(text[: mark.index])
    except YamlProblem as problem:
        if problem.code == "too-deep":
            return problem
    except yaml.YAMLError:
        pass
    return fallback


def _build(text: str) -> Any:
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, int, int]] = {}
    total = 0
    expanded = 0
    budget = alias_budget(text)
    root: Any = None
    documents = 0
    have_root = False

    def attach(value: Any, mark: int, size: int, raw: str | None, chars: int) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        frame.size += size
        frame.chars += chars
        container = frame.value
        if isinstance(container, LocList):
            if raw is not None:
                if container.raw is None:
                    container.raw = {}
                container.raw[len(container)] = raw
            container.append(value)
            container.item_marks.append(mark)
            return
        if frame.key is None:
            raise YamlProblem(mark, "yaml-syntax", "keys must be plain text")
        key, frame.key = frame.key, None
        key_mark = frame.key_mark if frame.key_mark is not None else mark
        if key == "<<":
            _merge(container, value, mark)
            return
        if key in container:
            raise YamlProblem(
                key_mark,
                "duplicate-key",
                f"duplicate key {quote(key)} "
                f"(first given at line {position(container.key_mark(key)).line})",
            )
        container.add(key, value, key_mark, mark)
        if raw is not None:
            if container.raw is None:
                container.raw = {}
            container.raw[key] = raw

    loader = _Loader(text)
    # Any: dispatched on the exact event type below, each branch reading that type's fields.
    get_event: Callable[[], Any] = loader.get_event
    try:
        while (event := get_event()) is not None:
            kind = type(event)
            if kind is events.ScalarEvent:
                mark = pack(event.start_mark)
                top = stack[-1] if stack else None
                if top is not None and isinstance(top.value, LocDict) and top.key is None:
                    if event.tag not in (None, "!", _TAG + "str"):
                        raise YamlProblem(mark, "yaml-syntax", "keys must be plain text")
                    top.key, top.key_mark = event.value, mark
                    top.chars += len(event.value)
                    continue
                value, typed = _scalar(event)
                total += 1
                if total > MAX_NODES:
                    raise _too_many(mark)
                if event.anchor:
                    anchors[event.anchor] = (value, 1, len(event.value))
                raw = event.value if typed and event.implicit[0] else None
                attach(value, mark, 1, raw, len(event.value))
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                mark = pack(event.start_mark)
                wanted = "map" if kind is events.MappingStartEvent else "seq"
                if event.tag not in (None, "!", _CONTAINER_TAGS[wanted]):
                    raise YamlProblem(
                        mark,
                        "unsafe-tag",
                        f"tag {quote(_shown_tag(event.tag))} is not allowed; "
                        "write plain YAML values",
                    )
                if stack and isinstance(stack[-1].value, LocDict) and stack[-1].key is None:
                    raise YamlProblem(mark, "yaml-syntax", "keys must be plain text")
                if len(stack) >= MAX_DEPTH:
                    raise _too_deep(mark)
                total += 1
                if total > MAX_NODES:
                    raise _too_many(mark)
                container = LocDict(mark) if wanted == "map" else LocList(mark)
                stack.append(_Frame(container, event.anchor))
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor:
                    anchors[frame.anchor] = (frame.value, frame.size, frame.chars)
                attach(frame.value, frame.value.start, frame.size, None, frame.chars)
            elif kind is events.AliasEvent:
                mark = pack(event.start_mark)
                if event.anchor not in anchors:
                    raise YamlProblem(
                        mark, "yaml-syntax", f"unknown alias {quote('*' + event.anchor)}"
                    )
                value, size, chars = anchors[event.anchor]
                total += size
                if total > MAX_NODES:
                    raise _too_many(mark)
                expanded += chars
                if expanded > budget:
                    raise _over_budget(mark, budget)
                top = stack[-1] if stack else None
                if top is not None and isinstance(top.value, LocDict) and top.key is None:
                    if not isinstance(value, str):
                        raise YamlProblem(mark, "yaml-syntax", "keys must be plain text")
                    top.key, top.key_mark = value, mark
                    top.chars += chars
                    continue
                attach(value, mark, size, None, chars)
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        _mark(event.start_mark),
                        "yaml-syntax",
                        "more than one YAML document; put one journey in each file",
                    )
    finally:
        loader.dispose()
    return root if have_root else None


def _merge(target: LocDict, value: Any, mark: int) -> None:
    """YAML merge keys (`<<: *defaults`): keys given explicitly win."""
    sources = value if isinstance(value, list) else [value]
    for source in sources:
        if not isinstance(source, LocDict):
            raise YamlProblem(mark, "yaml-syntax", "'<<' merges only mappings")
        for index, (key, item) in enumerate(source.items()):
            if key not in target:
                target.add(key, item, source.marks[2 * index], source.marks[2 * index + 1])
                if source.raw and key in source.raw:
                    if target.raw is None:
                        target.raw = {}
                    target.raw[key] = source.raw[key]


def _too_deep(mark: Any) -> YamlProblem:
    return YamlProblem(
        mark, "too-deep", f"nesting deeper than {MAX_DEPTH} levels; a journey needs at most 4"
    )


def _over_budget(mark: Any, budget: int) -> YamlProblem:
    return YamlProblem(
        mark,
        "alias-budget",
        f"aliases expand to more than {budget:,} characters, {ALIAS_FACTOR} times the "
        "file's length (plus 64 KiB); write the text out or shorten what the anchor holds",
    )


def _too_many(mark: Any) -> YamlProblem:
    return YamlProblem(
        mark,
        "too-many-values",
        f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
    )
