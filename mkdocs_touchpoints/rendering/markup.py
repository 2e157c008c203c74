"""Safe text for generated pages: escaped plain text, and sanitised Markdown descriptions.

Two kinds of user text reach a page:

- text fields (titles, names, actions, ...) go into generated Markdown with
  `escape_markdown`: every ASCII punctuation character that could start
  Markdown, extension or template syntax becomes a character reference, so the
  text renders exactly as written, also inside table cells;
- `description` fields are Markdown. `render_markdown` converts them with a
  fixed, small set of extensions (never the site's own: no snippets, no macros)
  into one line of HTML built from a whitelist: raw HTML in the source is shown
  as text, links keep relative targets and the `http`, `https` and `mailto`
  schemes only. The page embeds that line as a raw HTML block.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import markdown

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a description link may keep; any other scheme loses the link."""
IMAGE_SCHEMES = frozenset({"http", "https"})
"""Schemes a description image may keep; any other scheme drops the image (its alt text stays)."""

_KEEP = ",/?;%"
"""ASCII punctuation that starts no Markdown, extension or template syntax."""
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_TABLE = {
    ord(c): _NAMED.get(c, f"&#{ord(c)};") for c in "!\"#$&'()*+-.:<=>@[\\]^_`{|}~" if c not in _KEEP
}
_HTML_TABLE = {ord(c): _NAMED.get(c, f"&#{ord(c)};") for c in "&<>\"'`{}" if c not in _KEEP}
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def escape_markdown(text: object) -> str:
    """Text that renders exactly as written in Markdown, in a paragraph or a table cell.

    Line breaks become spaces (a table row is one line); `{{`, `{%`, `|`, `*`,
    `[`, `<`, backticks and every other syntax character become character
    references.
    """
    flat = _LINE_BREAKS.sub(" ", str(text)).strip()
    return flat.translate(_TABLE)


def escape_html(text: object) -> str:
    """Text for raw HTML the page embeds: HTML-escaped, template braces and backticks too."""
    return str(text).translate(_HTML_TABLE)


def escape_text(text: object) -> str:
    """Text for one line of raw HTML: line breaks become spaces, then `escape_html`."""
    return escape_html(_LINE_BREAKS.sub(" ", str(text)).strip())


def escape_url(url: str) -> str:
    """A URL as a Markdown link destination: characters Markdown or templates read are encoded."""
    return quote(url, safe="/:?#&=;%@+,.~-_!$'*")


def mailto(address: str) -> str:
    """The `mailto:` URL of an e-mail address, safe as a Markdown link destination."""
    return "mailto:" + quote(address, safe="@.+-_")


LinkResolver = Callable[[str], "str | None"]
"""Maps a relative link target of a description to the href to write, or None to drop it."""


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in `url` (lowercase), or None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00- ")
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return "invalid"
    return scheme.lower() or None


def safe_href(url: str, schemes: frozenset[str], resolve: LinkResolver | None) -> str | None:
    """The href to keep for a description link or image, or None when it must go."""
    target = url.strip()
    scheme = url_scheme(target)
    if scheme is not None:
        return target if scheme in schemes else None
    try:
        if urlsplit(target).netloc:  # protocol-relative: //host/path
            return target
    except ValueError:
        return None
    if target.startswith("#") or resolve is None:
        return target
    return resolve(target)


_ALLOWED: dict[str, frozenset[str]] = {
    "p": frozenset(),
    "br": frozenset(),
    "hr": frozenset(),
    "em": frozenset(),
    "strong": frozenset(),
    "code": frozenset({"class"}),
    "pre": frozenset(),
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ul": frozenset(),
    "ol": frozenset({"start"}),
    "li": frozenset(),
    "blockquote": frozenset(),
    "table": frozenset(),
    "thead": frozenset(),
    "tbody": frozenset(),
    "tr": frozenset(),
    "th": frozenset({"style"}),
    "td": frozenset({"style"}),
    **{f"h{level}": frozenset() for level in range(1, 7)},
}
_VOID = frozenset({"br", "hr", "img"})
_ATTRIBUTE_VALUES = {
    "class": re.compile(r"^language-[A-Za-z0-9_+-]+$"),
    "style": re.compile(r"^text-align: (left|right|center);$"),
    "start": re.compile(r"^[0-9]{1,9}$"),
}
HEADING_SHIFT = 2
"""Headings in a description are demoted (`#` becomes `<h3>`): the page owns h1 and h2."""


class _Sanitiser(HTMLParser):
    """Re-serialises HTML through the whitelist, on one line, with every text escaped."""

    def __init__(self, resolve: LinkResolver | None) -> None:
        super().__init__(convert_charrefs=True)
        self.resolve = resolve
        self.out: list[str] = []
        self.open: list[str | None] = []
        """For each open element, the tag written for it (None when it was dropped)."""
        self.in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self._start(tag, dict(attrs))
        if tag not in _VOID:
            self.open.append(written)
            if tag == "pre":
                self.in_pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, dict(attrs))

    def _start(self, tag: str, attrs: dict[str, str | None]) -> str | None:
        if tag not in _ALLOWED:
            return None
        if tag == "img":
            src = safe_href(attrs.get("src") or "", IMAGE_SCHEMES, self.resolve)
            if src is None:
                self.out.append(escape_html(attrs.get("alt") or ""))
                return None
            attrs["src"] = src
        if tag == "a":
            href = safe_href(attrs.get("href") or "", LINK_SCHEMES, self.resolve)
            if href is None:
                return None
            attrs["href"] = href
        written = tag
        if tag[0] == "h" and tag[1:].isdigit():
            written = f"h{min(int(tag[1:]) + HEADING_SHIFT, 6)}"
        parts = [written]
        for name, value in attrs.items():
            if name not in _ALLOWED[tag] or value is None:
                continue
            pattern = _ATTRIBUTE_VALUES.get(name)
            if pattern is not None and not pattern.match(value):
                continue
            parts.append(f'{name}="{escape_html(value)}"')
        self.out.append("<" + " ".join(parts) + ">")
        return written

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open:
            return
        written = self.open.pop()
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)
        if written is not None:
            self.out.append(f"</{written}>")

    def handle_data(self, data: str) -> None:
        text = escape_html(data)
        if self.in_pre:
            text = text.replace("\r", "").replace("\n", "&#10;")
        else:
            text = _LINE_BREAKS.sub(" ", text)
        self.out.append(text)

    def result(self) -> str:
        while self.open:
            written = self.open.pop()
            if written is not None:
                self.out.append(f"</{written}>")
        return "".join(self.out).strip()


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MARKDOWN = _converter()


def render_markdown(text: str, resolve: LinkResolver | None = None) -> str:
    """A description as one line of safe HTML (empty for empty text).

    `resolve` maps relative link and image targets to the href to write (None
    drops the link); without it they are kept as written.
    """
    if not text or not text.strip():
        return ""
    _MARKDOWN.reset()
    html = _MARKDOWN.convert(text)
    sanitiser = _Sanitiser(resolve)
    sanitiser.feed(html)
    sanitiser.close()
    return sanitiser.result()
