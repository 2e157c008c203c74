"""The hostile corpus: payloads for every text field of a journey and of a team.

`payload_site(root, origin)` writes a site where journey `pNN` and team `tNN`
hold payload NN in every text field, plus one journey in a folder and a file
whose names are themselves payloads. Both the static tests and the Chromium
tests build it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PAYLOADS: tuple[str, ...] = (
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "</script><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "{{ 7*7 }} {% if true %}forty-nine{% endif %}",
    "{% raw %} {# comment",
    "| ] [ * _ ` | a | b |",
    "</title><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!-- --><b onmouseover=alert(1)>x</b>",
    "&lt;img src=x onerror=alert(1)&gt; &#60;b&#62;",
    '--8<-- "mkdocs.yml"',
    ":smile: ==mark== ~~del~~ ^^ins^^ $x$ *[HTML]: y",
    "<br><b>bold</b><a href='https://example.com'>a</a>",
    "%{x} %{text} %{customdata} ${alert(1)}",
    "<img src=https://evil.invalid/x.png>",
    "**bold** _it_ `code` # heading",
)
"""One payload per journey and team; each is put, as written, in every text field."""

DESCRIPTION_LINKS = """\
[js](javascript:alert(1)) [mixed](JaVaScRiPt:alert(1)) [entity](jav&#x61;script:alert(1))
[tab](java&#9;script:alert(1)) [space]( javascript:alert(1)) <javascript:alert(1)>
![img](javascript:alert(1)) ![data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [vb](vbscript:msgbox(1))
[ref][evil] [ok-http](https://example.com/ok) [ok-mail](mailto:a@example.com)
[ok-rel](../index.md) <a href="javascript:alert(1)">raw</a> <img src=x onerror=alert(1)>

[evil]: javascript:alert(1)
"""
"""Appended to every Markdown description: link schemes that must go, and three that stay."""

SAFE_DESCRIPTION_HREFS = ("https://example.com/ok", "mailto:a@example.com")
"""The description links that must survive (plus the relative `ok-rel`)."""

FOLDER = "<svg onload=alert(1)> {{ 7*7 }}"
"""A journeys sub-folder named with a payload (its journey is `folder-journey`)."""
ODD_FILE = "a\"<b onmouseover=alert(1)>' x.yml"
"""A journey file named with a payload (its journey declares the id `odd-file`)."""

MKDOCS_YML = """\
site_name: Payloads
site_url: {origin}/
repo_url: https://example.invalid/repo
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - content.action.edit
  palette:
    - scheme: default
      toggle:
        icon: material/brightness-7
        name: Dark
    - scheme: slate
      toggle:
        icon: material/brightness-4
        name: Light
plugins:
  - search
  - touchpoints
markdown_extensions:
  - abbr
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.caret
  - pymdownx.mark
  - pymdownx.tilde
  - pymdownx.superfences
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.snippets:
      base_path: [{root}]
"""
"""A Material site with the extensions a real handbook may use (snippets would leak
mkdocs.yml into a page if a `--8<--` in a name reached Markdown unescaped)."""


@dataclass(frozen=True)
class PayloadSite:
    """What was written: the folder, and the journey and team ids with their payloads."""

    root: Path
    journeys: Mapping[str, str]
    """Journey id -> the payload in its text fields."""
    teams: Mapping[str, str]
    """Team id -> the payload in its text fields."""

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


def contact_for(payload: str) -> str:
    """An address the model accepts that still carries the payload (no white space)."""
    return re.sub(r"[\s@]", "/", payload) + "@example.com"


def url_for(payload: str) -> str:
    """An http URL the model accepts that still carries the payload."""
    return "https://example.com/p?q=" + re.sub(r"\s", "/", payload)


def journey_data(number: int, payload: str, owner: str, other: str, **extra: Any) -> dict[str, Any]:
    """A journey with `payload` in every text field; 2 phases x 2 touchpoints, all 4 cells."""
    description = f"{payload}\n\n{DESCRIPTION_LINKS}"
    return {
        "id": f"p{number:02d}",
        "title": payload,
        "description": description,
        "persona": payload,
        "owner": owner,
        "tags": [payload, f"tag {payload}"],
        "phases": [
            {"id": "one", "name": payload, "description": description},
            {"id": "two", "name": f"2 {payload}"},
        ],
        "touchpoints": [
            {
                "id": "a",
                "name": payload,
                "channel": "web",
                "type": "proactive",
                "description": description,
            },
            {
                "id": "b",
                "name": f"B {payload}",
                "channel": "email",
                "type": "reactive",
                "owner": other,
                "third_party": True,
            },
        ],
        "steps": [
            {
                "phase": "one",
                "touchpoint": "a",
                "action": payload,
                "friction": 1,
                "sentiment": -1,
                "volume": 10,
                "pain_point": payload,
                "opportunity": payload,
            },
            {"phase": "one", "touchpoint": "b", "action": f"Second {payload}", "friction": 3},
            {"phase": "two", "touchpoint": "a", "action": f"Third {payload}", "sentiment": 2},
            {"phase": "two", "touchpoint": "b", "action": f"Fourth {payload}", "volume": 5},
        ],
        **extra,
    }


def team_data(number: int, payload: str) -> dict[str, Any]:
    """A team with `payload` in every text field."""
    return {
        "id": f"t{number:02d}",
        "name": payload,
        "description": f"{payload}\n\n{DESCRIPTION_LINKS}",
        "contact": contact_for(payload),
        "url": url_for(payload),
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def payload_site(root: Path, origin: str = "http://127.0.0.1:8000") -> PayloadSite:
    """Write the payload site into `root` (mkdocs.yml, docs/index.md, journeys/)."""
    count = len(PAYLOADS)
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n\nThe payload site.\n", encoding="utf-8")
    journeys_dir = root / "journeys"
    journeys_dir.mkdir(exist_ok=True)
    journeys: dict[str, str] = {}
    teams: dict[str, str] = {}
    team_list = []
    for number, payload in enumerate(PAYLOADS):
        owner, other = f"t{number:02d}", f"t{(number + 1) % count:02d}"
        data = journey_data(number, payload, owner, other)
        (journeys_dir / f"p{number:02d}.yml").write_text(dump(data), encoding="utf-8")
        journeys[data["id"]] = payload
        team_list.append(team_data(number, payload))
        teams[owner] = payload
    folder = journeys_dir / FOLDER
    folder.mkdir(exist_ok=True)
    extra = journey_data(0, FOLDER, "t00", "t01", id="folder-journey")
    (folder / "in-folder.yml").write_text(dump(extra), encoding="utf-8")
    journeys["folder-journey"] = FOLDER
    odd = journey_data(1, PAYLOADS[4], "t04", "t05", id="odd-file")
    (journeys_dir / ODD_FILE).write_text(dump(odd), encoding="utf-8")
    journeys["odd-file"] = PAYLOADS[4]
    (journeys_dir / "_teams.yml").write_text(dump({"teams": team_list}), encoding="utf-8")
    config = MKDOCS_YML.format(origin=origin.rstrip("/"), root=json.dumps(str(root)))
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return PayloadSite(root, journeys, teams)
