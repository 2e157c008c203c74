"""Text fields stay text and descriptions stay safe, whatever the input (hypothesis)."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_touchpoints.rendering.markup import (
    IMAGE_SCHEMES,
    LINK_SCHEMES,
    escape_markdown,
    render_markdown,
    url_scheme,
)

SITE_EXTENSIONS = [
    "tables",
    "attr_list",
    "md_in_html",
    "toc",
    "abbr",
    "def_list",
    "footnotes",
    "admonition",
    "smarty",
    "pymdownx.betterem",
    "pymdownx.tilde",
    "pymdownx.caret",
    "pymdownx.mark",
    "pymdownx.magiclink",
    "pymdownx.smartsymbols",
    "pymdownx.critic",
    "pymdownx.arithmatex",
    "pymdownx.superfences",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.emoji",
]
"""A site with many syntax extensions: none may turn escaped text into markup."""

SITE = markdown.Markdown(extensions=SITE_EXTENSIONS)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from("\n\t"),
    max_size=60,
)
SNIPPETS = ["javascript:", "data:", "mailto:", "http://", "<script>", "](", "![", "&#58;", "\t"]
MARKUP_ALPHABET = st.sampled_from([*"abc :/.#()[]<>!*_`{}|\\\"'&;=-\n", *SNIPPETS])
MARKUP = st.lists(MARKUP_ALPHABET, max_size=40).map("".join)


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(html: str) -> _Structure:
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return parser


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def render_site(source: str) -> str:
    SITE.reset()
    return SITE.convert(source)


@settings(max_examples=300)
@given(TEXT)
def test_escaped_text_renders_as_written_in_a_paragraph(text: str) -> None:
    html = render_site("Label: " + escape_markdown(text))
    parsed = structure(html)
    assert [tag for tag, _ in parsed.tags] == ["p"]
    assert normalised("".join(parsed.text)) == normalised("Label: " + text)


@settings(max_examples=300)
@given(TEXT, TEXT)
def test_escaped_text_renders_as_written_in_a_table_cell(first: str, second: str) -> None:
    source = f"| a | b |\n| --- | --- |\n| {escape_markdown(first)} | {escape_markdown(second)} |\n"
    parsed = structure(render_site(source))
    cells = [t for t, _ in parsed.tags if t == "td"]
    assert len(cells) == 2
    assert {t for t, _ in parsed.tags} <= {"table", "thead", "tbody", "tr", "th", "td"}
    text = normalised(" ".join(parsed.text))
    assert text == normalised(f"a b {first} {second}")


@given(TEXT)
def test_escaped_text_has_no_template_braces(text: str) -> None:
    escaped = escape_markdown(text)
    assert "{{" not in escaped and "{%" not in escaped and "{#" not in escaped
    assert "|" not in escaped and "\n" not in escaped


ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6",
}  # fmt: skip


def assert_safe(html: str) -> None:
    assert "\n" not in html
    for tag, attrs in structure(html).tags:
        assert tag in ALLOWED_TAGS, html
        assert not any(name.startswith("on") for name in attrs), html
        if tag == "a":
            scheme = url_scheme(attrs.get("href") or "")
            assert scheme is None or scheme in LINK_SCHEMES, html
        if tag == "img":
            scheme = url_scheme(attrs.get("src") or "")
            assert scheme is None or scheme in IMAGE_SCHEMES, html


@settings(max_examples=400)
@given(MARKUP)
def test_descriptions_keep_only_safe_markup(source: str) -> None:
    html = render_markdown(source)
    assert_safe(html)
    assert "{{" not in html and "{%" not in html
    # Embedded in a page of a site with many extensions, the block comes out unchanged.
    page = render_site(f'<div class="tp-description">{html}</div>\n')
    assert page == f'<div class="tp-description">{html}</div>'


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![x](data:image/png;base64,AAAA)",
        '<a href="javascript:alert(1)">x</a>',
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<iframe src=https://example.com></iframe>",
        "[x](mailto:a@b.c)",
    ],
)
def test_hostile_descriptions(source: str) -> None:
    html = render_markdown(source)
    assert_safe(html)
    assert "javascript" not in unescape(re.sub(r">[^<]*<", "><", html)).lower()
    assert "<script" not in html and "<iframe" not in html


def test_raw_html_is_shown_as_text() -> None:
    assert render_markdown("a <b>bold</b> move") == "<p>a &lt;b&gt;bold&lt;/b&gt; move</p>"


def test_links_keep_relative_http_https_and_mailto() -> None:
    html = render_markdown(
        "[a](../x.md) [b](http://e.com) [c](https://e.com) [d](mailto:a@b.c) [e](ftp://x)"
    )
    assert 'href="../x.md"' in html and 'href="http://e.com"' in html
    assert 'href="https://e.com"' in html and 'href="mailto:a@b.c"' in html
    assert "ftp" not in html and html.endswith(" e</p>")


def test_relative_links_go_through_the_resolver() -> None:
    seen: list[str] = []

    def resolve(target: str) -> str | None:
        seen.append(target)
        return None if "drop" in target else "R/" + target

    html = render_markdown("[a](x.md#f) [b](drop.md) [c](#here) ![i](pic.png)", resolve)
    assert seen == ["x.md#f", "drop.md", "pic.png"]
    assert 'href="R/x.md#f"' in html and 'href="#here"' in html and 'src="R/pic.png"' in html
    assert ">b<" not in html and " b " in html


def test_headings_are_demoted_and_code_keeps_its_lines() -> None:
    html = render_markdown("# Top\n\n```python\na = {{ 1 }}\nb\n```\n")
    assert html.startswith("<h3>Top</h3>")
    assert '<code class="language-python">a = &#123;&#123; 1 &#125;&#125;&#10;b&#10;</code>' in html
