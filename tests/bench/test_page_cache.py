"""The journey page cache: a rebuild renders only changed journeys, and never a stale page."""

from __future__ import annotations

from pathlib import Path

import pytest
from generate import Shape, generate  # benchmarks/, put on the path by conftest.py

from mkdocs_touchpoints.reading.handbook import Handbook
from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.rendering.i18n import labels_for
from mkdocs_touchpoints.rendering.page_cache import JourneyPageCache, page_settings
from mkdocs_touchpoints.rendering.pages import PageContext, SiteLayout, journey_page


@pytest.fixture
def journeys(tmp_path: Path) -> Path:
    return generate(tmp_path, Shape(journeys=3, teams=3))


def context(handbook: Handbook) -> PageContext:
    return PageContext(labels_for("en"), SiteLayout(), {t.id: t for t in handbook.teams})


def settings(handbook: Handbook, teams: list[Team] | None = None) -> object:
    return page_settings(labels_for("en"), SiteLayout(), teams or handbook.teams, ["index.md"])


def render_all(cache: JourneyPageCache, handbook: Handbook) -> list[str]:
    ctx = context(handbook)
    return [cache.page(f, ctx).markdown for f in handbook.journeys]


def test_unchanged_settings_and_files_reuse_every_page(journeys: Path) -> None:
    handbook = load_folder(journeys)
    cache = JourneyPageCache()
    cache.begin(settings(handbook))
    first = render_all(cache, handbook)
    assert cache.rendered == 3
    cache.begin(settings(load_folder(journeys)))
    assert render_all(cache, load_folder(journeys)) == first
    assert cache.rendered == 0


def test_an_edited_journey_is_the_only_one_rendered_again(journeys: Path) -> None:
    cache = JourneyPageCache()
    handbook = load_folder(journeys)
    cache.begin(settings(handbook))
    render_all(cache, handbook)
    edited = journeys / "area-000" / "journey-1.yml"
    edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
    handbook = load_folder(journeys)
    cache.begin(settings(handbook))
    pages = render_all(cache, handbook)
    assert cache.rendered == 1
    assert "Edited Synthetic journey 1" in pages[1]
    ctx = context(handbook)
    assert pages == [journey_page(f, ctx).markdown for f in handbook.journeys]


def test_a_renamed_team_renders_every_page_again(journeys: Path) -> None:
    cache = JourneyPageCache()
    handbook = load_folder(journeys)
    cache.begin(settings(handbook))
    render_all(cache, handbook)
    renamed = [t.model_copy(update={"name": f"Renamed {t.id}"}) for t in handbook.teams]
    cache.begin(settings(handbook, renamed))
    render_all(cache, handbook)
    assert cache.rendered == 3


def test_a_new_site_file_renders_every_page_again(journeys: Path) -> None:
    handbook = load_folder(journeys)
    cache = JourneyPageCache()
    cache.begin(page_settings(labels_for("en"), SiteLayout(), handbook.teams, ["index.md"]))
    render_all(cache, handbook)
    paths = ["index.md", "concepts.md"]
    cache.begin(page_settings(labels_for("en"), SiteLayout(), handbook.teams, paths))
    render_all(cache, handbook)
    assert cache.rendered == 3
