"""The Mermaid export and import against the real mermaid.js (npm, a local file) in Chromium.

`export --format mermaid` must give diagrams Mermaid parses into exactly the tasks,
scores, actors and sections of the journeys; `import mermaid` must accept what Mermaid
accepts and read the same tasks from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.exchange.mermaid_reader import read_mermaid
from mkdocs_touchpoints.sinks.mermaid import clean_actor, clean_name, clean_task
from tests.browser.conftest import ROOT, unavailable

MERMAID_JS = ROOT / "tests" / "node" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
EXCHANGE = ROOT / "tests" / "exchange" / "fixtures"

READ_BACK = """async (text) => {
  mermaid.initialize({startOnLoad: false});
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    return {
      type: diagram.type,
      title: db.getDiagramTitle(),
      tasks: db.getTasks().map(t => [t.section, t.task, t.score, t.people]),
    };
  } catch (error) {
    return {error: String(error && error.message || error)};
  }
}"""
RENDER = """async ([id, text]) => (await mermaid.render(id, text)).svg.length"""


@pytest.fixture(scope="module")
def mermaid_page(browser: Any) -> Iterator[Any]:
    """A blank page with mermaid.js loaded from node_modules (never a CDN)."""
    if not MERMAID_JS.is_file():
        unavailable(f"no {MERMAID_JS}; run `make tests/node/node_modules/.installed`")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url))
    page.add_script_tag(path=str(MERMAID_JS))
    yield page
    assert errors == []
    assert [url for url in outside if not url.startswith(("data:", "about:"))] == []
    context.close()


def _cli(capsysbinary: Any, *argv: str) -> bytes:
    assert main(list(argv)) == 0
    return capsysbinary.readouterr().out


def _expected_tasks(journey: dict[str, Any]) -> list[list[Any]]:
    phases = {p["id"]: clean_name(p["name"]) for p in journey["phases"]}
    actors = {t["id"]: clean_actor(t["name"]) for t in journey["touchpoints"]}
    return [
        [
            phases[step["phase"]],
            clean_task(step["action"]),
            3 if step["sentiment"] is None else step["sentiment"] + 3,
            [actors[step["touchpoint"]]],
        ]
        for step in journey["steps"]
    ]


@pytest.mark.parametrize("handbook", [ROOT, EXCHANGE / "hostile"], ids=["example", "hostile"])
def test_mermaid_reads_back_every_task_score_and_actor(
    handbook: Path, mermaid_page: Any, capsysbinary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(handbook)
    diagrams = _cli(capsysbinary, "export", "--format", "mermaid").decode().split("\n\n")
    data = json.loads(_cli(capsysbinary, "export", "--format", "json"))
    assert len(diagrams) == len(data["journeys"])
    for number, (text, journey) in enumerate(zip(diagrams, data["journeys"], strict=True)):
        assert text.startswith(f"%% journey: {journey['id']}\n")
        seen = mermaid_page.evaluate(READ_BACK, text)
        assert "error" not in seen, (journey["id"], seen)
        assert seen["type"] == "journey"
        assert seen["title"] == clean_name(journey["title"])
        assert seen["tasks"] == _expected_tasks(journey), journey["id"]
        assert mermaid_page.evaluate(RENDER, [f"d{number}", text]) > 1000


TRICKY = {
    "working day": (EXCHANGE / "mermaid" / "my-working-day.mmd").read_text(encoding="utf-8"),
    "keywords in tasks": "journey\n  Section two: 3: Me\n  title x: 2\n  Journeys: 4: A\n",
    "comments": "%% c\njourney\n  # note\n  a%% b: 3\n  Task: 4: Me # actor note\n",
    "spaces and case": "journey\nTITLE  Spaced  \n SECTION  S \n  T  :  2  :  A ,B,  : x\n",
    "empty actors": "journey\n  Task: 2: , Me,\n  Other: 5:\n",
    "score spellings": "journey\n  A: 4.5: X\n  B: 1e0: X\n  C: : X\n  D: +2\n",
    "acc fields": "journey\n  accTitle: t\n  accDescr {\n    two\n    lines\n  }\n  A: 3\n",
    "semicolon": "journey\n  A; B: 3\n",
    "lone colon": "journey\n  A:\n",
    "no score": "journey\n  A\n",
    "hash before score": "journey\n  A # x: 3\n",
    "data first": "journey\n  : 3: Me\n",
    "second journey": "journey\n  A: 3\njourney\n",
    "not detected": "# x\njourney\n  A: 3\n",
}


@pytest.mark.parametrize("name", list(TRICKY))
def test_import_reads_what_mermaid_reads(name: str, mermaid_page: Any) -> None:
    """The reader accepts exactly what Mermaid accepts, and finds the same tasks."""
    text = TRICKY[name]
    seen = mermaid_page.evaluate(READ_BACK, text)
    diagram, problems = read_mermaid(text, "t.mmd")
    if "error" in seen:
        assert problems, (name, seen)
        return
    assert problems == [], (name, seen)
    assert diagram is not None
    ours = [[t.section or "", t.name, t.score, list(t.actors)] for t in diagram.tasks]
    theirs = [[s, task.strip(), score, people] for s, task, score, people in seen["tasks"]]
    assert ours == theirs, name


def test_the_maps_of_a_pr_comment_parse(
    mermaid_page: Any, capsysbinary: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT / "tests" / "diff" / "fixtures" / "docs-example")
    comment = _cli(capsysbinary, "diff", "base", "head", "--mermaid").decode()
    blocks = re.findall(r"\n```mermaid\n(.*?)\n```\n", comment, re.S)
    assert len(blocks) == 2
    for block in blocks:
        seen = mermaid_page.evaluate(READ_BACK, block)
        assert seen.get("type") == "journey", seen
        assert seen["tasks"]
