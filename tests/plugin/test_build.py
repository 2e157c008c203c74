"""Real builds of small fixture sites: pages at the spec's URLs, links both ways, both themes."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from .conftest import Site, build_site, journey_yaml, links_and_ids

THEMES = ["material", "mkdocs"]


def resolve(site: Site, page_url: str, href: str) -> tuple[Path, str]:
    """The built file an href of the page at `page_url` points to, and its fragment."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url, path)) if path else page_url
    file = site.site_dir / target
    if file.is_dir() or path.endswith("/") or not path:
        file = file / "index.html"
    return file, fragment


def assert_link_resolves(site: Site, page_url: str, href: str) -> None:
    file, fragment = resolve(site, page_url, href)
    assert file.is_file(), f"{page_url}: {href} -> {file} does not exist"
    if fragment:
        ids = links_and_ids(file.read_text(encoding="utf-8")).ids
        assert fragment in ids, f"{page_url}: {href}: no id {fragment!r} in {file}"


@pytest.mark.parametrize("theme", THEMES)
def test_pages_exist_at_the_spec_urls_and_link_both_ways(
    theme: str, new_site: Callable[..., Site]
) -> None:
    site = new_site(
        {"a.yml": journey_yaml("Alpha"), "retail/b.yml": journey_yaml("Beta", owner="crm")},
        theme=theme,
    )
    build_site(site)
    for url in ["journeys/", "journeys/a/", "journeys/b/", "teams/", "teams/crm/", "teams/shop/"]:
        assert (site.site_dir / url / "index.html").is_file(), url
    journey = site.page("journeys/a/")
    assert '<table id="tp-table"' in journey
    assert 'id="tp-mail"' in journey and 'id="tp-web"' in journey
    # journey -> team (owner of the journey and of each touchpoint)
    hrefs = links_and_ids(journey).hrefs
    assert "../../teams/shop/" in hrefs and "../../teams/crm/" in hrefs
    # team -> journey touchpoint rows
    team_hrefs = links_and_ids(site.page("teams/crm/")).hrefs
    assert "../../journeys/a/#tp-mail" in team_hrefs
    assert "../../journeys/b/#tp-web" in team_hrefs
    assert "mailto:crm@example.com" in team_hrefs
    assert "https://intranet.example.com/crm" in team_hrefs
    for url in ["journeys/", "journeys/a/", "journeys/b/", "teams/", "teams/crm/"]:
        for href in links_and_ids(site.page(url)).hrefs:
            if not re.match(r"^[a-z]+:", href) and ("journeys" in href or "teams" in href):
                assert_link_resolves(site, url, href)


@pytest.mark.parametrize("theme", THEMES)
def test_spanish_site_shows_spanish_labels(theme: str, new_site: Callable[..., Site]) -> None:
    key = "language" if theme == "material" else "locale"
    site = new_site(theme=theme, theme_options={key: "es"})
    build_site(site)
    journey = site.page("journeys/a/")
    assert "Puntos de contacto" in journey and "Acción" in journey and "Responsable" in journey
    assert "Todos los recorridos" in site.page("journeys/")
    assert "Todos los equipos" in site.page("teams/")
    assert "Recorridos" in site.page("index.html") and "Equipos" in site.page("index.html")
    assert "Touchpoints" not in journey.split('class="md-content"')[-1].split("</article>")[0]


def test_plugin_language_overrides_the_theme(new_site: Callable[..., Site]) -> None:
    site = new_site(theme_options={"language": "en"}, options={"language": "es"})
    build_site(site)
    assert "Todos los recorridos" in site.page("journeys/")


def test_unknown_language_falls_back_to_english(new_site: Callable[..., Site]) -> None:
    site = new_site(theme_options={"language": "fr"})
    build_site(site)
    assert "All journeys" in site.page("journeys/")


def test_without_directory_urls(new_site: Callable[..., Site]) -> None:
    site = new_site({"a.yml": journey_yaml("Alpha")}, extra="use_directory_urls: false\n")
    build_site(site)
    journey = site.site_dir / "journeys" / "a.html"
    assert journey.is_file() and (site.site_dir / "teams" / "crm.html").is_file()
    html = journey.read_text(encoding="utf-8")
    assert 'href="../teams/shop.html"' in html
    assert 'data-tp-plotly-src="../assets/touchpoints/plotly-cartesian.min.js"' in html
    team = (site.site_dir / "teams" / "crm.html").read_text(encoding="utf-8")
    assert 'href="../journeys/a.html#tp-mail"' in team


def test_a_journey_and_a_team_called_index_keep_their_urls(new_site: Callable[..., Site]) -> None:
    teams = "teams:\n  - {id: index, name: Index team}\n  - {id: crm, name: CRM}\n"
    site = new_site({"index.yml": journey_yaml("Called index", owner="index")}, teams=teams)
    build_site(site)
    assert "Called index" in site.page("journeys/index/")
    assert "All journeys" in site.page("journeys/")
    assert "Index team" in site.page("teams/index/")
    assert "../../journeys/index/#tp-web" in links_and_ids(site.page("teams/index/")).hrefs


def test_assets_are_copied_once_and_the_charts_slot_points_at_plotly(
    new_site: Callable[..., Site],
) -> None:
    site = new_site({"a.yml": journey_yaml(), "deep/er/b.yml": journey_yaml("B")})
    build_site(site)
    assets = site.site_dir / "assets" / "touchpoints"
    assert (assets / "plotly-cartesian.min.js").stat().st_size > 1_000_000
    assert not (assets / "plotly.min.js").exists()  # the cartesian bundle only
    journey = site.page("journeys/b/")
    slot = re.search(r'<div class="tp-charts-slot" data-tp-plotly-src="([^"]+)">', journey)
    assert slot is not None
    assert (site.site_dir / "journeys" / "b" / slot.group(1)).resolve() == (
        assets / "plotly-cartesian.min.js"
    ).resolve()
    for name in ("touchpoints.js", "touchpoints.css"):
        if (Path(__file__).parents[2] / "mkdocs_touchpoints/assets" / name).is_file():
            assert (assets / name).is_file()
            assert f"assets/touchpoints/{name}" in journey


def test_edit_link_points_at_the_yaml_file(new_site: Callable[..., Site]) -> None:
    site = new_site(
        {"retail/b.yml": journey_yaml("B")},
        theme_options={"features": ["content.action.edit"]},
        extra="repo_url: https://example.com/org/repo\nedit_uri: edit/main/docs/\n",
    )
    build_site(site)
    assert 'href="https://example.com/org/repo/edit/main/journeys/retail/b.yml"' in site.page(
        "journeys/b/"
    )
    assert 'href="https://example.com/org/repo/edit/main/journeys/_teams.yml"' in site.page(
        "teams/crm/"
    )
    assert "edit/main/docs/journeys" not in site.page("journeys/")


def test_custom_urls_and_folders(new_site: Callable[..., Site]) -> None:
    site = new_site(
        {},
        options={
            "journeys_dir": "maps",
            "journeys_url": "handbook/maps",
            "teams_url": "handbook/people/",
        },
        teams=None,
    )
    site.write("maps/x.yml", journey_yaml("X"))
    site.write("maps/_teams.yml", "teams:\n  - {id: shop, name: Shop}\n  - {id: crm, name: CRM}\n")
    build_site(site)
    assert "X" in site.page("handbook/maps/x/")
    assert "../../people/crm/" in links_and_ids(site.page("handbook/maps/x/")).hrefs
    assert "../../maps/x/#tp-mail" in links_and_ids(site.page("handbook/people/crm/")).hrefs


def test_disabled_plugin_adds_nothing(new_site: Callable[..., Site]) -> None:
    site = new_site(options={"enabled": False})
    build_site(site)
    assert not (site.site_dir / "journeys").exists()
    assert not (site.site_dir / "assets" / "touchpoints").exists()


@pytest.mark.parametrize("theme", THEMES)
def test_hostile_text_is_shown_as_text(theme: str, new_site: Callable[..., Site]) -> None:
    golden = Path(__file__).parents[1] / "rendering" / "golden" / "journeys"  # the golden input
    journeys = {
        p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8")
        for p in golden.rglob("*.yml")
        if p.name != "_teams.yml"
    }
    teams = (golden / "_teams.yml").read_text(encoding="utf-8")
    site = new_site(journeys, teams=teams, theme=theme, extra="markdown_extensions: [attr_list]\n")
    build_site(site, strict=False)
    html = site.page("journeys/hostile/")
    title = "Pipes | *stars* [brackets](x.md) <b>tags</b> `code` {{ page.title }} {% raw %}"
    escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f"<title>{escaped} - Fixture</title>" in html
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1 is not None and unescape(h1.group(1)) == title
    for page in site.site_dir.rglob("*.html"):  # nav, titles, tables: never as markup
        assert "<b>tags</b>" not in page.read_text(encoding="utf-8"), page
    assert escaped in site.page("")  # the nav entry
    content = html.split("<h1", 1)[1]
    assert "<script>alert" not in content and "javascript:" not in content.lower()
    assert "onerror" not in content.replace("onerror=alert(1)&gt;", "")
    assert 'Does --8<-- "/etc/passwd" things' in unescape(content)
