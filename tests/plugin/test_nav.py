"""The nav in real builds: the plugin hands the plan to MkDocs (below the threshold, under both
themes) and adds the folder links past it. The plan itself (grouping, the threshold,
max_folders, an explicit nav, `append: false`, page weight) is tested without MkDocs in
tests/rendering/test_nav.py."""

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
