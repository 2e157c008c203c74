"""Serve mode: the last valid version of each journey and of the teams file stands in."""

from __future__ import annotations

from mkdocs_touchpoints.reading.handbook import Handbook, SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook, load_teams
from mkdocs_touchpoints.reading.resilience import LastValid, published
from tests.journey_text import TEAMS, journey_yaml

BROKEN = journey_yaml("Broken").replace("owner: shop", "owner: shop\nbogus: 1")


def handbook(files: dict[str, str], teams: str | None = TEAMS) -> Handbook:
    sources = [SourceFile(f"journeys/{rel}", rel, text.encode()) for rel, text in files.items()]
    if teams is None:
        return build_handbook(sources, TeamsSource())
    source, problems = load_teams(teams.encode(), "journeys/_teams.yml")
    return build_handbook(sources, source, problems)


def titles(site: object) -> list[str]:
    return [f.journey.title for f in site.journeys]  # type: ignore[attr-defined]


def test_a_broken_journey_is_published_as_it_last_was() -> None:
    memory = LastValid()
    first = memory.publish(handbook({"a.yml": journey_yaml("One"), "b.yml": journey_yaml("B")}))
    assert titles(first) == ["One", "B"] and first.kept == []
    second = memory.publish(handbook({"a.yml": BROKEN, "b.yml": journey_yaml("B")}))
    assert titles(second) == ["One", "B"] and second.kept == ["journeys/a.yml"]
    third = memory.publish(handbook({"a.yml": journey_yaml("Two"), "b.yml": journey_yaml("B")}))
    assert titles(third) == ["Two", "B"] and third.kept == []


def test_a_journey_never_valid_is_left_out() -> None:
    memory = LastValid()
    site = memory.publish(handbook({"a.yml": BROKEN, "b.yml": journey_yaml("B")}))
    assert titles(site) == ["B"] and site.kept == []


def test_a_deleted_journey_is_forgotten() -> None:
    memory = LastValid()
    memory.publish(handbook({"a.yml": journey_yaml("One"), "b.yml": journey_yaml("B")}))
    memory.publish(handbook({"b.yml": journey_yaml("B")}))
    site = memory.publish(handbook({"a.yml": BROKEN, "b.yml": journey_yaml("B")}))
    assert titles(site) == ["B"]


def test_a_kept_journey_never_collides_with_a_valid_one() -> None:
    memory = LastValid()
    memory.publish(handbook({"a.yml": "id: x\n" + journey_yaml("A"), "b.yml": journey_yaml("B")}))
    # b now declares the id of a: b is the file in error; its last version (id b) stays
    site = memory.publish(
        handbook({"a.yml": "id: x\n" + journey_yaml("A"), "b.yml": "id: x\n" + journey_yaml("B2")})
    )
    assert sorted(f.id for f in site.journeys) == ["b", "x"]
    assert titles(site) == ["A", "B"]


def test_a_broken_teams_file_is_published_as_it_last_was() -> None:
    memory = LastValid()
    memory.publish(handbook({"a.yml": journey_yaml()}))
    broken_teams = TEAMS.replace("crm@example.com", "not-an-address")
    site = memory.publish(handbook({"a.yml": journey_yaml()}, broken_teams))
    assert site.teams_kept
    assert [t.name for t in site.teams] == ["CRM and marketing", "Online shop"]


def test_without_a_teams_file_the_owners_of_kept_journeys_are_teams() -> None:
    memory = LastValid()
    memory.publish(handbook({"a.yml": journey_yaml(owner="sales")}, teams=None))
    site = memory.publish(handbook({"a.yml": BROKEN.replace("shop", "sales")}, teams=None))
    assert {t.id for t in site.teams} == {"crm", "sales"}


def test_builds_publish_only_what_is_valid() -> None:
    site = published(handbook({"a.yml": BROKEN, "b.yml": journey_yaml("B")}))
    assert titles(site) == ["B"]
