"""The insights page and the team pages' insights in real builds: URL, nav place, option."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from mkdocs.exceptions import Abort

from .conftest import Site, build_site, journey_yaml, links_and_ids
from .test_build import assert_link_resolves

TWO = {"a.yml": journey_yaml("Alpha"), "retail/b.yml": journey_yaml("Beta", owner="crm")}


def rows(html: str, element_id: str) -> list[str]:
    table = re.search(rf'<table id="{element_id}"[^>]*>(.*?)</table>', html, re.S)
    assert table is not None, element_id
    return re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_insights_page_between_journeys_and_teams(
    theme: str, new_site: Callable[..., Site]
) -> None:
    site = build_site(new_site(TWO, theme=theme))
    html = site.page("insights/")
    assert len(rows(html, "tp-hotspots")) == 4
    assert len(rows(html, "tp-team-load")) == 2
    assert 'data-tp-chart="channels-all"' in html
    assert 'id="tp-opportunities"' not in html  # no step names a pain point
    for href in links_and_ids(html).hrefs:
        if "journeys/" in href or "teams/" in href:
            assert_link_resolves(site, "insights/", href)
    home = site.page("")
    found = [re.search(rf">\s*{name}\s*<", home) for name in ("Journeys", "Insights", "Teams")]
    assert all(found)
    journeys, insights, teams = (match.start() for match in found if match)
    assert journeys < insights < teams


def test_insights_top_bounds_every_list(new_site: Callable[..., Site]) -> None:
    site = build_site(new_site(TWO, options={"insights": {"top": 1}}))
    html = site.page("insights/")
    hot = rows(html, "tp-hotspots")
    assert len(hot) == 1 and "journeys/a/#step-2" in hot[0]  # friction 2, then journey id
    assert 'data-tp-shown="1" data-tp-total="4"' in html
    assert len(rows(html, "tp-team-load")) == 1


def test_team_page_shows_its_load_and_hot_spots(new_site: Callable[..., Site]) -> None:
    site = build_site(new_site(TWO))
    html = site.page("teams/crm/")
    assert "Team load" in html and "Hot spots" in html
    for href in links_and_ids(html).hrefs:
        if "#step-" in href:
            assert_link_resolves(site, "teams/crm/", href)


@pytest.mark.parametrize("value", [-1, "many", True])
def test_a_wrong_top_stops_the_build(value: object, new_site: Callable[..., Site]) -> None:
    with pytest.raises(Abort):
        build_site(new_site(TWO, options={"insights": {"top": value}}))
