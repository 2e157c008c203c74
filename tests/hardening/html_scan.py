"""A static look at built pages: what elements, attributes, scripts and text they hold.

Python's HTML parser is not a browser (the Chromium tests are the authority on
what runs), but it sees every tag and attribute a page ships, so it catches a
payload that became markup without starting a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

MATERIAL_INLINE_SCRIPTS = (
    "__md_scope=",  # partials/javascripts/base.html: __md_get/__md_set helpers (localStorage)
    "var palette=__md_get(",  # partials/javascripts/palette.html: restore the chosen palette
    "var target=document.getElementById(location.hash",  # partials/javascripts/content.html
)
"""How each executable inline script Material (9.x) writes into every page begins."""

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "srcdoc", "data"})
DANGEROUS_TAGS = frozenset({"iframe", "frame", "object", "embed", "base", "applet"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


@dataclass
class Script:
    attrs: dict[str, str]
    text: str = ""

    @property
    def executable_inline(self) -> bool:
        kind = self.attrs.get("type", "").strip().lower()
        non_executable = kind not in ("", "text/javascript", "module", "application/javascript")
        return "src" not in self.attrs and not non_executable

    @property
    def material(self) -> bool:
        return any(self.text.lstrip().startswith(start) for start in MATERIAL_INLINE_SCRIPTS)


@dataclass
class Scan(HTMLParser):
    """Elements, scripts, visible text (entities decoded), the <title> and table rows."""

    elements: list[Element] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    title: str = ""
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    """Per table row: the index of its table and the tags of its cells (`th`/`td`)."""

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        self._stack: list[str] = []
        self._tables = -1
        self._table_stack: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(Element(tag, values))
        if tag == "script":
            self.scripts.append(Script(values))
        if tag == "table":
            self._tables += 1
            self._table_stack.append(self._tables)
        if tag == "tr" and self._table_stack:
            self.rows.append((self._table_stack[-1], []))
        if tag in ("td", "th") and self.rows:
            self.rows[-1][1].append(tag)
        if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._table_stack:
            self._table_stack.pop()
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        current = self._stack[-1] if self._stack else ""
        if current == "script" and self.scripts:
            self.scripts[-1].text += data
        elif current == "title":
            self.title += data
        elif current != "style":
            self.texts.append(data)

    @property
    def text(self) -> str:
        """The text of the page, white space collapsed."""
        return re.sub(r"\s+", " ", " ".join(self.texts))


def scan(html: str) -> Scan:
    result = Scan()
    result.feed(html)
    result.close()
    return result


def scheme(url: str) -> str | None:
    """The scheme a browser would read (control characters and white space removed)."""
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def problems(page: Scan) -> list[str]:
    """Everything on a page that a payload may have turned into markup."""
    found = []
    for element in page.elements:
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and scheme(value) not in (None, *SAFE_SCHEMES):
                found.append(f"<{element.tag} {name}={value!r}>")
        if element.tag in DANGEROUS_TAGS:
            found.append(f"<{element.tag} {element.attrs}>")
        if element.tag == "img" and not element.attrs.get("src", "").endswith((".png", ".svg")):
            found.append(f"<img {element.attrs}>")
        if element.tag == "img" and "evil.invalid" in element.attrs.get("src", ""):
            found.append(f"<img {element.attrs}>")
        if element.tag == "meta" and element.attrs.get("http-equiv", "").lower() == "refresh":
            found.append(f"<meta {element.attrs}>")
    for script in page.scripts:
        if script.executable_inline and not script.material:
            found.append(f"inline <script>{script.text[:80]}")
    return found
