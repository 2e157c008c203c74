"""Paths, URLs and links of the generated pages, and number formats."""

from __future__ import annotations

import pytest

from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.nav import referenced_paths
from mkdocs_touchpoints.rendering.pages.common import format_number, format_percent
from mkdocs_touchpoints.rendering.pages.index import folder_title, group_anchor
from mkdocs_touchpoints.rendering.pages.layout import (
    DescriptionLinks,
    SiteLayout,
    page_path,
    relative_link,
)

LAYOUT = SiteLayout()
FLAT = SiteLayout(use_directory_urls=False)


def test_page_paths_are_flat_by_id() -> None:
    assert LAYOUT.journey("late-delivery") == "journeys/late-delivery.md"
    assert LAYOUT.team("crm") == "teams/crm.md"
    assert page_path("journeys", "index") == "journeys/index/index.md"
    assert LAYOUT.journeys_index == "journeys/index.md"


@pytest.mark.parametrize(
    ("layout", "src", "url"),
    [
        (LAYOUT, "journeys/a.md", "journeys/a/"),
        (LAYOUT, "journeys/index.md", "journeys/"),
        (LAYOUT, "index.md", ""),
        (LAYOUT, "journeys/index/index.md", "journeys/index/"),
        (FLAT, "journeys/a.md", "journeys/a.html"),
        (FLAT, "journeys/index.md", "journeys/"),
        (LAYOUT, "img/x.png", "img/x.png"),
    ],
)
def test_urls_follow_mkdocs(layout: SiteLayout, src: str, url: str) -> None:
    assert layout.url(src) == url


@pytest.mark.parametrize(
    ("layout", "src", "target", "href"),
    [
        (LAYOUT, "journeys/a.md", "assets/t/p.js", "../../assets/t/p.js"),
        (LAYOUT, "journeys/index.md", "teams/", "../teams/"),
        (LAYOUT, "journeys/a.md", "", "../../"),
        (FLAT, "journeys/a.md", "teams/crm.html", "../teams/crm.html"),
        (FLAT, "index.md", "journeys/", "journeys/"),
    ],
)  # fmt: skip
def test_hrefs_for_raw_html(layout: SiteLayout, src: str, target: str, href: str) -> None:
    assert layout.href(src, target) == href


def test_relative_md_links() -> None:
    assert relative_link("teams/crm.md", "journeys/a.md", "tp-x") == "../journeys/a.md#tp-x"
    assert relative_link("journeys/index.md", "journeys/a.md") == "a.md"


def test_description_links_resolve_like_mkdocs() -> None:
    links = DescriptionLinks(LAYOUT, "journeys/a.md", {"concepts.md", "journeys/b.md"})
    assert links("../concepts.md#x") == "../../concepts/#x"
    assert links("b.md") == "../b/"
    assert links("../img/pic.png?v=1") == "../../img/pic.png?v=1"
    assert links("../../outside.md") == "../../outside.md"
    assert links.missing == ["../img/pic.png?v=1", "../../outside.md"]


def test_numbers_follow_the_language() -> None:
    en, es = labels_for("en"), labels_for("es")
    assert format_number(120000, en) == "120,000"
    assert format_number(2500.5, es) == "2\u202f500,5"
    assert format_number(1.25, en, 1, fixed=True) == "1.2"
    assert format_number(1, es, 1, fixed=True) == "1,0"
    assert format_percent(0.225, en) == "23%" and format_percent(2 / 9, es) == "22 %"


def test_folder_titles_and_anchors() -> None:
    assert folder_title("late-delivery") == "Late delivery"
    assert folder_title("EU_west") == "EU west"
    assert group_anchor(("delivery", "eu")) == "group-delivery--eu"
    assert group_anchor(("日本",)).startswith("group-g")


def test_referenced_paths_walk_a_user_nav() -> None:
    nav = [
        "index.md",
        {"Guide": ["a.md", {"Deep": [{"B": "b.md"}]}]},
        {"Maps": "journeys/index.md"},
    ]
    assert referenced_paths(nav) == {"index.md", "a.md", "b.md", "journeys/index.md"}
    assert referenced_paths(None) == set()
