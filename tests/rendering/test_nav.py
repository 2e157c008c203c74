"""The nav plan (rendering/nav.py `plan_nav`, through the site pipeline where the pipeline decides):
grouping, the threshold, max_folders, an explicit nav, `append: false`, page weight. No MkDocs
here: tests/plugin/test_nav.py builds real sites to check that the plugin applies the plan."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs_touchpoints.reading.handbook import Handbook, SourceFile
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams
from mkdocs_touchpoints.reading.resilience import published
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.nav import NavPlan, plan_nav
from mkdocs_touchpoints.rendering.pages.insights import INSIGHTS_PAGE
from mkdocs_touchpoints.rendering.pages.layout import SiteLayout
from mkdocs_touchpoints.rendering.pipeline import GeneratedSite, SiteSettings, build_site
from tests.journey_text import TEAMS, journey_yaml

TWO = {"a.yml": journey_yaml("Alpha"), "retail/b.yml": journey_yaml("Beta")}
LAYOUT = SiteLayout()
ALL_JOURNEYS = {"All journeys": "journeys/index.md"}
ALL_TEAMS = {"All teams": "teams/index.md"}
EVERY_TEAM = {
    "Teams": [ALL_TEAMS, {"CRM and marketing": "teams/crm.md"}, {"Online shop": "teams/shop.md"}]
}


def handbook(files: Mapping[str, str]) -> Handbook:
    """The handbook of `files` (paths under journeys/) with the teams file of the fixture sites."""
    sources = [SourceFile(f"journeys/{rel}", rel, text.encode()) for rel, text in files.items()]
    teams, problems = load_teams(TEAMS.encode(), "journeys/_teams.yml")
    loaded = build_handbook(sources, teams, problems)
    assert not loaded.errors
    return loaded


def plan(
    files: Mapping[str, str],
    *,
    threshold: int = 50,
    max_folders: int = 50,
    user_nav: list[Any] | None = None,
    insights: str | None = None,
) -> NavPlan:
    site = published(handbook(files))
    return plan_nav(
        site.journeys,
        site.teams,
        labels_for("en"),
        LAYOUT,
        threshold=threshold,
        max_folders=max_folders,
        user_nav=user_nav,
        insights=insights,
    )


def pipeline(files: Mapping[str, str], **settings: Any) -> GeneratedSite:
    return build_site(handbook(files), SiteSettings(**settings))


def page(site: GeneratedSite, src_uri: str) -> str:
    return next(p.markdown for p in site.pages if p.src_uri == src_uri)


def test_below_the_threshold_every_journey_and_team_is_listed() -> None:
    nav = plan(TWO, insights=INSIGHTS_PAGE)
    assert nav.journeys_listed and nav.teams_listed and nav.folder_links == []
    assert nav.sections == [
        {
            "Journeys": [
                ALL_JOURNEYS,
                {"Alpha": "journeys/a.md"},
                {"Retail": [{"Beta": "journeys/b.md"}]},  # the folder's nav section
            ]
        },
        {"Insights": INSIGHTS_PAGE},
        EVERY_TEAM,
    ]


def test_past_the_threshold_the_nav_lists_folders() -> None:
    nav = plan(TWO, threshold=1)
    assert not nav.journeys_listed and not nav.teams_listed
    assert nav.sections == [{"Journeys": [ALL_JOURNEYS]}, {"Teams": [ALL_TEAMS]}]
    assert nav.folder_links == [("Retail", "journeys/#group-retail")]
    site = pipeline(TWO, nav_threshold=1)
    assert site.nav.folder_links == nav.folder_links
    index = page(site, "journeys/index.md")
    assert '<span id="group-retail"></span>Retail' in index
    assert "[Alpha](a.md)" in index and "[Beta](b.md)" in index
    # the journey pages still exist, reached from the index
    assert "Alpha" in page(site, "journeys/a.md")


def test_past_max_folders_only_the_index_is_left() -> None:
    journeys = {**TWO, "stores/c.yml": journey_yaml("Gamma")}
    nav = plan(journeys, threshold=1, max_folders=1)
    assert nav.sections == [{"Journeys": [ALL_JOURNEYS]}, {"Teams": [ALL_TEAMS]}]
    assert nav.folder_links == []
    index = page(pipeline(journeys, nav_threshold=1, nav_max_folders=1), "journeys/index.md")
    assert '<span id="group-retail"></span>' in index and '<span id="group-stores"></span>' in index


def test_an_explicit_nav_gets_the_sections_appended() -> None:
    user_nav: list[Any] = [{"Start": "index.md"}, {"Guide": "guide.md"}]
    nav = plan(TWO, user_nav=user_nav)
    assert [next(iter(section)) for section in nav.sections] == ["Journeys", "Teams"]
    assert nav.sections[-1] == EVERY_TEAM


def test_a_nav_that_names_the_index_is_not_given_a_second_one() -> None:
    nav = plan(TWO, user_nav=[{"Home": "index.md"}, {"Maps": "journeys/index.md"}])
    assert nav.sections == [EVERY_TEAM]
    nav = plan(TWO, user_nav=["index.md", {"People": "teams/index.md"}], insights=INSIGHTS_PAGE)
    assert [next(iter(section)) for section in nav.sections] == ["Journeys", "Insights"]


def test_append_false_leaves_the_nav_alone() -> None:
    site = pipeline(TWO, nav_append=False)
    assert site.nav == NavPlan()
    assert "Alpha" in page(site, "journeys/a.md")


def test_page_weight_does_not_grow_with_the_number_of_journeys() -> None:
    sites = []
    for count in (12, 24):  # both past the threshold
        journeys = {f"g{i % 3}/j{i:03d}.yml": journey_yaml(f"Journey {i}") for i in range(count)}
        sites.append(pipeline(journeys, nav_threshold=10))
    small, large = sites
    # every page carries the nav: the same for 12 and 24 journeys
    assert small.nav == large.nav
    assert small.nav.sections[0] == {"Journeys": [ALL_JOURNEYS]}
    assert [title for title, _ in small.nav.folder_links] == ["G0", "G1", "G2"]
    journey_page = "journeys/j000.md"
    assert abs(len(page(large, journey_page)) - len(page(small, journey_page))) < 100
