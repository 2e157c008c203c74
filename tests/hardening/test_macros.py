"""Template syntax in journey text is shown, never evaluated, even with mkdocs-macros.

mkdocs-macros renders every page's Markdown (and its title) through Jinja2 in
`on_page_markdown`; the plugin's pages opt out with `render_macros: false` in their
front matter, which macros honours before anything else (also over
`force_render_paths`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import build_in_process, page_file
from .html_scan import scan

TEMPLATE_TEXTS = (
    "{{ 7*7 }}",
    "{% raw %} open",
    "{# comment",
    "{% if true %}yes{% endif %}",
    "{{ config.site_name }}",
)


def _require_macros() -> None:
    try:
        import mkdocs_macros  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the environment
        message = "mkdocs-macros-plugin is not installed (it is in the dev extras)"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def write_site(root: Path, plugins: list[Any]) -> Path:
    journey = {
        "id": "tpl",
        "title": TEMPLATE_TEXTS[0],
        "description": " ".join(TEMPLATE_TEXTS),
        "persona": TEMPLATE_TEXTS[1],
        "owner": "team",
        "tags": list(TEMPLATE_TEXTS),
        "phases": [{"id": f"ph{i}", "name": text} for i, text in enumerate(TEMPLATE_TEXTS)],
        "touchpoints": [
            {"id": "tp", "name": TEMPLATE_TEXTS[2], "channel": "web", "type": "reactive"}
        ],
        "steps": [
            {"phase": f"ph{i}", "touchpoint": "tp", "action": text, "pain_point": text}
            for i, text in enumerate(TEMPLATE_TEXTS)
        ],
    }
    teams = {"teams": [{"id": "team", "name": TEMPLATE_TEXTS[0], "description": TEMPLATE_TEXTS[3]}]}
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nMacros work here: {{ 6*7 }}\n")
    (root / "journeys").mkdir()
    dump = {"allow_unicode": True, "sort_keys": False}
    (root / "journeys" / "tpl.yml").write_text(yaml.safe_dump(journey, **dump), encoding="utf-8")
    (root / "journeys" / "_teams.yml").write_text(yaml.safe_dump(teams, **dump), encoding="utf-8")
    config = {"site_name": "Macros", "theme": {"name": "material"}, "plugins": plugins}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.mark.parametrize(
    "plugins",
    [
        ["search", "macros", "touchpoints"],
        ["search", "touchpoints", "macros"],
        ["touchpoints", {"macros": {"render_by_default": False, "force_render_paths": "**"}}],
    ],
    ids=["macros-first", "macros-last", "macros-forced"],
)
@pytest.mark.filterwarnings("ignore:GitWildMatchPattern:DeprecationWarning")
def test_template_syntax_is_shown_literally_with_mkdocs_macros(
    tmp_path: Path, plugins: list[Any]
) -> None:
    _require_macros()
    config = write_site(tmp_path, plugins)
    site = build_in_process(config, tmp_path / "site", strict=True)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Macros work here: 42" in home  # macros is really on
    for url in ("journeys/tpl/", "teams/team/", "journeys/", "teams/"):
        html = page_file(site, url).read_text(encoding="utf-8")
        page = scan(html)
        assert "Macro Syntax Error" not in html and "Macro Rendering Error" not in html, url
        assert not re.search(r"\b49\b", page.text), url
        assert TEMPLATE_TEXTS[0] in page.text, url
    journey = scan(page_file(site, "journeys/tpl/").read_text(encoding="utf-8"))
    assert journey.title.startswith(TEMPLATE_TEXTS[0] + " - ")
    for text in TEMPLATE_TEXTS:
        assert text in journey.text, text
