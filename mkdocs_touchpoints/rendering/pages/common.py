"""What every page generator shares: its context, its result, and Markdown building blocks."""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Protocol

from mkdocs_touchpoints.measures.measured import MeasuredHandbook
from mkdocs_touchpoints.reading.model import Journey, Team
from mkdocs_touchpoints.rendering.charts import DEFAULT_DARK_SCHEMES
from mkdocs_touchpoints.rendering.figures import MeasuredLayer
from mkdocs_touchpoints.rendering.late_parts import LatePlan
from mkdocs_touchpoints.rendering.markup import escape_html, escape_markdown, render_markdown
from mkdocs_touchpoints.rendering.pages.layout import DescriptionLinks, SiteLayout, relative_link


class ChartsRenderer(Protocol):
    """`charts.render_charts`: the HTML block of a journey's charts (`measured`: the measured
    metrics its heatmap switch offers)."""

    def __call__(
        self,
        journey: Journey,
        labels: Mapping[str, str],
        /,
        *,
        measured: Sequence[MeasuredLayer] = (),
    ) -> str: ...


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """A relative link in a description whose target is not a file of the site."""

    field: tuple[str | int, ...]
    """Where the description is in the source file (`("touchpoints", 2, "description")`)."""
    target: str


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page to add to the site."""

    src_uri: str
    """Its MkDocs source path (`journeys/phone-purchase.md`)."""
    title: str
    markdown: str
    kind: str
    """`journey`, `team`, `journeys-index` or `teams-index`."""
    key: str = ""
    """The journey or team id (empty for an index page)."""
    broken_links: tuple[BrokenLink, ...] = ()
    source: Path | None = None
    """The YAML file the page shows (the host's edit link points at it), when there is one."""


@dataclass(slots=True)
class PageContext:
    """Everything a page generator needs besides its own subject."""

    labels: Mapping[str, str]
    layout: SiteLayout = field(default_factory=SiteLayout)
    teams: Mapping[str, Team] = field(default_factory=dict)
    """The teams of the site by id; owners not in here are shown as text, not links."""
    charts: ChartsRenderer | None = None
    """Renders the charts block of a journey page; None leaves the slot empty."""
    known_files: Container[str] | None = None
    """Source paths of the site's files, to report description links to missing files."""
    measured: MeasuredHandbook | None = None
    """The handbook's measured metrics, computed once per build (None: the handbook has none)."""
    dark_schemes: tuple[str, ...] = DEFAULT_DARK_SCHEMES
    """Material schemes drawn with the dark chart palette (the charts a page draws itself)."""
    later: LatePlan | None = None
    """In a late build (`rendering.late`), the measured parts the pages leave to fill: the
    journey pages, rendered before the metrics are read, by the plan; a team page, rendered
    with them (`measured` set too), its metrics table."""


TABLES_MARK = '\n<div class="tp-tables" hidden></div>\n'
"""Ends a generated page with Markdown tables: the stylesheet finds those tables by it and
fits them to the content column (a Markdown table carries no class of its own)."""


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar of printable ASCII only.

    Everything else is a `\\u`/`\\U` escape, braces included, so that no template
    engine running over the page source sees `{{` or `{%`, and no YAML reader
    trips over a line separator or a non-printable character.
    """
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F and char not in "{}":
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def front_matter(title: str) -> str:
    """A YAML front matter giving the page title.

    Themes print page titles as HTML (MkDocs renders templates without
    autoescaping, and titles it takes from a heading keep their entities), so
    the title is HTML-escaped text. `render_macros: false` keeps mkdocs-macros from
    running the page through Jinja2: journey text is shown, never evaluated, whatever
    the macros delimiters or `force_render_paths` (macros honours this key first).
    """
    return f"---\ntitle: {yaml_quoted(escape(title))}\nrender_macros: false\n---\n\n"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table from cells that are already Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def html_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    name: str = "",
    *,
    column_classes: Sequence[str] = (),
    row_ids: Sequence[str] = (),
    element_id: str = "",
    row_data: Sequence[Mapping[str, str]] = (),
) -> str:
    """A raw HTML table (cells already HTML), shaped like a Markdown table for the themes.

    No class attribute on the table: Material styles only tables without one. `name`
    goes into a `data-tp-table` attribute, `column_classes` (per column) into the
    class of each header cell (body cells stay bare: a stylesheet reaches them by
    position, which keeps long tables light), `row_ids` (per body row) into each
    row's id; `element_id` is the table's own id; `row_data` (per body row) into `data-`
    attributes of each row (`{"tp-metric": "nps"}` -> `data-tp-metric="nps"`).
    """
    mark = f' id="{escape(element_id)}"' if element_id else ""
    mark += f' data-tp-table="{escape(name)}"' if name else ""
    classes = [f' class="{escape(css)}"' if css else "" for css in column_classes]
    classes += [""] * (len(header) - len(classes))
    head = "".join(
        f'<th{css} scope="col">{cell}</th>' for css, cell in zip(classes, header, strict=True)
    )
    lines = [f"<table{mark}>", f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for index, row in enumerate(rows):
        row_id = f' id="{escape(row_ids[index])}"' if index < len(row_ids) else ""
        if index < len(row_data):
            row_id += "".join(
                f' data-{escape(name)}="{escape(value)}"' for name, value in row_data[index].items()
            )
        cells = "".join(f"<td>{cell}</td>" for cell in row)
        lines.append(f"<tr{row_id}>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


def block_table(header: Sequence[str], rows: Iterable[Sequence[str]], element_id: str = "") -> str:
    """A raw HTML table (cells already HTML) laid out as Python-Markdown writes a Markdown table.

    For a table that needs an id: a Markdown table cannot carry one without an
    extension the site may not have, and this renders to the same HTML.
    """
    opened = f'<table id="{escape(element_id)}">' if element_id else "<table>"
    lines = [opened, "<thead>", "<tr>", *(f"<th>{cell}</th>" for cell in header), "</tr>"]
    lines += ["</thead>", "<tbody>"]
    for row in rows:
        lines += ["<tr>", *(f"<td>{cell}</td>" for cell in row), "</tr>"]
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


def link(text: str, target: str) -> str:
    """A Markdown link with escaped text; `target` must already be a safe destination."""
    return f"[{escape_markdown(text)}]({target})"


def team_link(
    ctx: PageContext, from_src: str, team_id: str | None, *, raw_html: bool = False
) -> str:
    """The team's name as a link to its page, or the id as text when the team is unknown.

    A Markdown link (the host checks it), or with `raw_html` an `<a>` to the URL the
    host gives the team page, for a raw HTML block; the text is the same either way.
    """
    if not team_id:
        return ""
    team = ctx.teams.get(team_id)
    if team is None:
        return escape_markdown(team_id)
    target = ctx.layout.team(team_id)
    if raw_html:
        href = ctx.layout.page_href(from_src, target)
        return f'<a href="{escape_html(href)}">{escape_markdown(team.name)}</a>'
    return link(team.name, relative_link(from_src, target))


def description_block(
    ctx: PageContext,
    page_src: str,
    text: str | None,
    where: tuple[str | int, ...],
    broken: list[BrokenLink],
    css_class: str = "tp-description",
) -> str:
    """A description as a raw HTML block (with blank lines around), or '' when there is none."""
    html = description_html(ctx, page_src, text, where, broken)
    return f'<div class="{css_class}">{html}</div>\n\n' if html else ""


def description_html(
    ctx: PageContext,
    page_src: str,
    text: str | None,
    where: tuple[str | int, ...],
    broken: list[BrokenLink],
) -> str:
    """A description as one line of safe HTML; broken relative links are added to `broken`."""
    if not text:
        return ""
    links = DescriptionLinks(ctx.layout, page_src, ctx.known_files)
    html = render_markdown(text, links)
    broken.extend(BrokenLink(where, target) for target in links.missing)
    return html


def anchor(element_id: str) -> str:
    """An empty element carrying an id, to link to a table row."""
    return f'<span id="{escape_html(element_id)}"></span>'


def format_number(
    value: float, labels: Mapping[str, str], decimals: int = 2, *, fixed: bool = False
) -> str:
    """A number with the separators of the labels' language (`12,000`, `2.5`; `12 000`, `2,5`).

    `decimals` decimals are shown; unless `fixed`, trailing zeros are dropped.
    """
    text = f"{value:,.{decimals}f}"
    if "." in text and not fixed:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    thousands = labels["thousands_separator"]
    decimal = labels["decimal_separator"]
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_signed(value: int) -> str:
    """`+1`, `0`, `-2`."""
    return f"{value:+d}" if value else "0"


def format_percent(share: float, labels: Mapping[str, str]) -> str:
    """A share in 0..1 as a whole percentage in the labels' style (`40%`, `40 %`)."""
    return labels["percent"].format(value=math.floor(share * 100 + 0.5))


def yes_no(value: bool, labels: Mapping[str, str]) -> str:
    """The labels' yes or no."""
    return labels["yes"] if value else labels["no"]
