"""Safe rendering, read from the built payload site: every payload is text, never markup.

Journey `pNN` and team `tNN` hold payload NN in every text field (see payloads.py).
"""

from __future__ import annotations

import json
import logging
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort

from .conftest import BuiltPayloadSite, build_in_process, generated_urls, page_file
from .html_scan import problems, scan
from .payloads import FOLDER, PAYLOADS, SAFE_DESCRIPTION_HREFS, contact_for, payload_site

PLOTLY_MARKUP = re.compile(r"<br>|</?b>|<extra></extra>")
"""The only rich-text tags the figures themselves write into Plotly strings."""


def journey_ids(site: BuiltPayloadSite) -> list[str]:
    return sorted(site.source.journeys)


def test_every_generated_page_is_free_of_payload_markup(payload_built: BuiltPayloadSite) -> None:
    urls = ["", *generated_urls(payload_built.site_dir)]
    assert len(urls) == 1 + 2 + len(payload_built.source.journeys) + len(PAYLOADS)
    found = {url: problems(scan(payload_built.html(url))) for url in urls}
    assert {url: p for url, p in found.items() if p} == {}


def test_payloads_read_as_written_on_journey_pages(payload_built: BuiltPayloadSite) -> None:
    for journey_id, payload in payload_built.source.journeys.items():
        page = scan(payload_built.html(f"journeys/{journey_id}/"))
        text = page.text
        # Title in <h1> and <title>; persona, tags, names, actions, pain points in the body.
        assert page.title.strip() == f"{payload} - Payloads", journey_id
        for shown in (payload, f"tag {payload}", f"2 {payload}", f"B {payload}"):
            assert shown in text, (journey_id, shown)
        for shown in (f"Second {payload}", f"Third {payload}", f"Fourth {payload}"):
            assert shown in text, (journey_id, shown)
        assert text.count(payload) >= 10, journey_id


def test_payloads_read_as_written_on_team_and_index_pages(
    payload_built: BuiltPayloadSite,
) -> None:
    for team_id, payload in payload_built.source.teams.items():
        page = scan(payload_built.html(f"teams/{team_id}/"))
        assert page.title.strip() == f"{payload} - Payloads", team_id
        assert payload in page.text and contact_for(payload) in page.text, team_id
    journeys = scan(payload_built.html("journeys/")).text
    teams = scan(payload_built.html("teams/")).text
    for payload in PAYLOADS:
        assert payload in journeys and payload in teams, payload
    assert FOLDER in journeys  # the folder's section heading


def test_nav_titles_are_text(payload_built: BuiltPayloadSite) -> None:
    page = scan(payload_built.html("journeys/p00/"))
    nav = [
        e.attrs.get("title", "")
        for e in page.elements
        if e.tag == "a" and "md-nav__link" in e.attrs.get("class", "")
    ]
    assert nav  # Material's nav links exist; their text is checked through page.text above
    html = payload_built.html("journeys/p00/")
    assert "<img src=x" not in html and "<svg onload" not in html


def test_markdown_tables_keep_their_columns(payload_built: BuiltPayloadSite) -> None:
    for journey_id in journey_ids(payload_built):
        page = scan(payload_built.html(f"journeys/{journey_id}/"))
        tables: dict[int, set[int]] = {}
        for table, cells in page.rows:
            tables.setdefault(table, set()).add(len(cells))
        assert len(tables) >= 2, journey_id  # touchpoints and steps
        assert all(len(widths) == 1 for widths in tables.values()), (journey_id, tables)
        # Touchpoint table: 2 rows + header; steps table: 4 rows + header.
        heights = sorted(sum(1 for t, _ in page.rows if t == table) for table in tables)
        assert heights == [3, 5], (journey_id, heights)


def _description_links(html: str) -> list[list[tuple[str, str]]]:
    """Per description block, its (tag, href/src) pairs."""
    blocks = re.findall(r'<div class="tp-description">(.*?)</div>', html)
    for notes in re.findall(r'<dl class="tp-touchpoint-notes">(.*?)</dl>', html):
        blocks += re.findall(r"<dd>(.*?)</dd>", notes)
    result = []
    for block in blocks:
        page = scan(block)
        result.append(
            [(e.tag, e.attrs.get("href") or e.attrs.get("src") or "") for e in page.elements]
        )
    return result


def test_descriptions_keep_only_http_https_mailto_and_relative_links(
    payload_built: BuiltPayloadSite,
) -> None:
    checked = 0
    for url in [f"journeys/{j}/" for j in journey_ids(payload_built)] + [
        f"teams/{t}/" for t in sorted(payload_built.source.teams)
    ]:
        for block in _description_links(payload_built.html(url)):
            links = [href for tag, href in block if tag == "a"]
            assert not [tag for tag, _ in block if tag in ("img", "script", "iframe", "svg")]
            assert links[:2] == list(SAFE_DESCRIPTION_HREFS), (url, links)
            assert len(links) == 3 and not re.match(r"^[a-z]+:", links[2]), (url, links)
            checked += 1
    # journey, phase and touchpoint descriptions per journey, one per team
    assert checked == 3 * len(payload_built.source.journeys) + len(PAYLOADS)


def _figures(html: str) -> dict[str, Any]:
    page = scan(html)
    return {
        e.attrs["data-tp-chart"]: json.loads(e.attrs["data-tp-figure"])
        for e in page.elements
        if "data-tp-figure" in e.attrs
    }


def _rich_strings(value: Any, key: str = "") -> list[str]:
    """Every string Plotly renders as rich text (not the category values x and y)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _rich_strings(v, k)]
    if isinstance(value, list):
        if key in ("x", "y", "tickvals", "anchors"):
            return []
        return [s for v in value for s in _rich_strings(v, key)]
    return [value] if isinstance(value, str) else []


def plotly_shown(text: str) -> str:
    """What Plotly shows for a rich-text string: our tags dropped, entities decoded."""
    return re.sub(r"\s+", " ", unescape(PLOTLY_MARKUP.sub(" ", text)))


def test_figure_data_round_trips_and_plotly_strings_are_escaped(
    payload_built: BuiltPayloadSite,
) -> None:
    for journey_id, payload in payload_built.source.journeys.items():
        figures = _figures(payload_built.html(f"journeys/{journey_id}/"))
        assert set(figures) == {"heatmap", "experience", "breakdown", "channels"}
        trace = figures["heatmap"]["figure"]["data"][0]
        assert trace["x"] == [payload, f"2 {payload}"]
        assert trace["y"] == [payload, f"B {payload}"]
        strings = _rich_strings(figures)
        for text in strings:
            assert "<" not in PLOTLY_MARKUP.sub("", text), (journey_id, text)
        cells = [s for row in trace["text"] + trace["customdata"] for s in row]
        hover = " ".join(plotly_shown(s) for s in cells)
        assert payload in hover and f"Second {payload}" in hover, journey_id


@pytest.mark.parametrize("url", ["journeys/p17/", "teams/t17/"])
def test_a_snippet_marker_in_a_name_includes_nothing(
    payload_built: BuiltPayloadSite, url: str
) -> None:
    assert PAYLOADS[17].startswith("--8<--")
    html = payload_built.html(url)
    assert "site_name" not in html and "markdown_extensions" not in html
    assert PAYLOADS[17] in scan(html).text


def test_edit_link_of_a_hostile_file_name_is_an_encoded_url(
    payload_built: BuiltPayloadSite,
) -> None:
    page = scan(payload_built.html("journeys/odd-file/"))
    # Found by its target, not by rel="edit", which Material writes only since 9.7.
    edits = [
        e.attrs for e in page.elements if e.tag == "a" and "/edit/main/" in e.attrs.get("href", "")
    ]
    assert len(edits) == 1, edits
    href = edits[0]["href"]
    assert set(edits[0]) <= {"href", "title", "class", "rel"}, edits[0]
    assert re.fullmatch(r"[A-Za-z0-9:/._~%-]+", href), href
    assert href.endswith("/journeys/a%22%3Cb%20onmouseover%3Dalert%281%29%3E%27%20x.yml"), href


def test_folder_links_past_the_nav_threshold_are_text(tmp_path: Path) -> None:
    """Past the threshold the nav lists folders by name: a folder name is contributor text."""
    root = tmp_path / "src"
    payload_site(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - touchpoints\n", "  - touchpoints:\n      nav:\n        threshold: 0\n"
    )
    config.write_text(text.replace("  - search\n", ""), encoding="utf-8")
    site = build_in_process(config, tmp_path / "site")
    for url in ("", "journeys/", "teams/t00/"):
        page = scan(page_file(site, url).read_text(encoding="utf-8"))
        assert problems(page) == [], url
        links = [
            e for e in page.elements if e.tag == "a" and "md-nav__link" in e.attrs.get("class", "")
        ]
        assert any("#group-" in e.attrs.get("href", "") for e in links), url
        assert FOLDER in page.text, url


BAD_TEAM_URLS = (
    "javascript:alert(1)//https://example.com",
    " JaVaScRiPt:alert(1)",
    "\tjavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:javascript:alert(1)",
    "//example.com/no-scheme",
    "ftp://example.com/",
)


def test_a_team_url_must_be_http_or_https(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    teams = {
        "teams": [{"id": f"t{i}", "name": "T", "url": url} for i, url in enumerate(BAD_TEAM_URLS)]
    }
    journey = {
        "title": "J",
        "owner": "t0",
        "phases": ["P"],
        "touchpoints": [{"id": "a", "name": "A", "channel": "web", "type": "reactive"}],
        "steps": [{"phase": "p", "touchpoint": "a", "action": "X"}],
    }
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "j.yml").write_text(yaml.safe_dump(journey))
    (tmp_path / "journeys" / "_teams.yml").write_text(yaml.safe_dump(teams))
    (tmp_path / "mkdocs.yml").write_text("site_name: U\nplugins: [touchpoints]\n")
    caplog.set_level(logging.ERROR, logger="mkdocs")
    with pytest.raises(Abort):
        build_in_process(tmp_path / "mkdocs.yml", tmp_path / "site")
    errors = "\n".join(r.getMessage() for r in caplog.records)
    wanted = "must be an absolute http or https URL"
    lines = [line for line in errors.splitlines() if wanted in line]
    assert len(lines) == len(BAD_TEAM_URLS), errors
    assert all(line.startswith("journeys/_teams.yml:") for line in lines), lines
