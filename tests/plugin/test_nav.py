"""The nav sections in real builds: grouping, the threshold, an explicit nav, page weight."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import Site, build_site, journey_yaml, links_and_ids

TWO = {"a.yml": journey_yaml("Alpha"), "retail/b.yml": journey_yaml("Beta")}


def home_links(site: Site) -> list[str]:
    return links_and_ids(site.page("")).hrefs


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_below_the_threshold_every_journey_and_team_is_listed(
    theme: str, new_site: Callable[..., Site]
) -> None:
    site = new_site(TWO, theme=theme)
    build_site(site)
    links = home_links(site)
    for url in ["journeys/", "journeys/a/", "journeys/b/", "teams/", "teams/crm/", "teams/shop/"]:
        assert url in links
    assert "Retail" in site.page("")  # the folder's nav section (the page itself is "# Home")


def test_past_the_threshold_the_nav_lists_folders(new_site: Callable[..., Site]) -> None:
    site = new_site(TWO, options={"nav": {"threshold": 1}})
    build_site(site)
    links = home_links(site)
    assert "journeys/" in links and "teams/" in links
    assert "journeys/a/" not in links and "teams/crm/" not in links
    assert "journeys/#group-retail" in links
    index = links_and_ids(site.page("journeys/"))
    assert "group-retail" in index.ids
    assert {"a/", "b/"} <= set(index.hrefs)
    # the journey pages still exist, reached from the index
    assert "Alpha" in site.page("journeys/a/")


def test_past_max_folders_only_the_index_is_left(new_site: Callable[..., Site]) -> None:
    journeys = {**TWO, "stores/c.yml": journey_yaml("Gamma")}
    site = new_site(journeys, options={"nav": {"threshold": 1, "max_folders": 1}})
    build_site(site)
    links = home_links(site)
    assert "journeys/" in links
    assert not [link for link in links if "#group-" in link]
    index = links_and_ids(site.page("journeys/"))
    assert {"group-retail", "group-stores"} <= set(index.ids)


def test_an_explicit_nav_gets_the_sections_appended(new_site: Callable[..., Site]) -> None:
    site = new_site(
        TWO,
        docs={"index.md": "# Home\n", "guide.md": "# Guide\n"},
        extra="nav:\n  - Start: index.md\n  - Guide: guide.md\n",
    )
    build_site(site)
    links = home_links(site)
    assert links.index("guide/") < links.index("journeys/") < links.index("teams/")


def test_a_nav_that_names_the_index_is_not_given_a_second_one(
    new_site: Callable[..., Site],
) -> None:
    site = new_site(TWO, extra="nav:\n  - Home: index.md\n  - Maps: journeys/index.md\n")
    build_site(site)
    html = site.page("")
    assert "Maps" in html and "All journeys" not in html
    assert "teams/crm/" in home_links(site)


def test_append_false_leaves_the_nav_alone(new_site: Callable[..., Site]) -> None:
    site = new_site(TWO, options={"nav": {"append": False}})
    build_site(site)
    assert not any(link.startswith(("journeys", "teams")) for link in home_links(site))
    assert "Alpha" in site.page("journeys/a/")


def test_page_weight_does_not_grow_with_the_number_of_journeys(
    new_site: Callable[..., Site],
) -> None:
    sizes = []
    for count in (12, 24):  # both past the threshold
        journeys = {f"g{i % 3}/j{i:03d}.yml": journey_yaml(f"Journey {i}") for i in range(count)}
        site = new_site(journeys, options={"nav": {"threshold": 10}})
        build_site(site)
        sizes.append((len(site.page("")), len(site.page("journeys/j000/"))))
    (home_12, page_12), (home_24, page_24) = sizes
    assert abs(home_24 - home_12) < 100
    assert abs(page_24 - page_12) < 100
