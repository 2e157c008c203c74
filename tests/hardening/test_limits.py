"""The documented limits (docs/validating.md#limits) reach a plugin user as clean errors:
`mkdocs build` stops with a located message naming the limit, never a traceback, and
quickly, in bounded memory."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from mkdocs_touchpoints.reading import loader, model, yamlsource

from .conftest import build_in_process

TEAMS = "teams:\n  - {id: shop, name: Shop}\n"


def journey(
    phases: int = 1, touchpoints: int = 1, steps: int = 1, tags: int = 0, **extra: object
) -> str:
    data = {
        "title": "T",
        "owner": "shop",
        "tags": [f"t{i}" for i in range(tags)],
        "phases": [f"Phase {i}" for i in range(phases)],
        "touchpoints": [
            {"id": f"tp{i}", "name": f"TP {i}", "channel": "web", "type": "reactive"}
            for i in range(touchpoints)
        ],
        "steps": [
            {"phase": f"phase-{i % phases}", "touchpoint": f"tp{i % touchpoints}", "action": "A"}
            for i in range(steps)
        ],
        **extra,
    }
    return yaml.safe_dump(data, sort_keys=False)


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\ntitle: *a9\n"


HOSTILE = {
    "big.yml": journey() + "# " + "x" * (yamlsource.MAX_FILE_BYTES + 10) + "\n",
    "deep.yml": "title: " + "[" * (yamlsource.MAX_DEPTH + 8) + "]" * (yamlsource.MAX_DEPTH + 8),
    "bomb.yml": alias_bomb(),
    "phases.yml": journey(phases=model.MAX_PHASES + 1),
    "touchpoints.yml": journey(touchpoints=model.MAX_TOUCHPOINTS + 1),
    "steps.yml": journey(steps=model.MAX_STEPS + 1),
    "tags.yml": journey(tags=model.MAX_TAGS + 1),
}
"""One file past each limit of one file; the message fragment each error must carry."""
EXPECTED = {
    "big.yml": "1 MiB",
    "deep.yml": f"deeper than {yamlsource.MAX_DEPTH}",
    "bomb.yml": "aliases expand to more than",  # the alias budget stops it before MAX_NODES
    "phases.yml": str(model.MAX_PHASES),
    "touchpoints.yml": str(model.MAX_TOUCHPOINTS),
    "steps.yml": f"{model.MAX_STEPS:,}",
    "tags.yml": str(model.MAX_TAGS),
}


def write_site(root: Path, journeys: dict[str, str], teams: str = TEAMS) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "journeys").mkdir()
    for name, text in journeys.items():
        (root / "journeys" / name).write_text(text, encoding="utf-8")
    (root / "journeys" / "_teams.yml").write_text(teams, encoding="utf-8")
    config = {"site_name": "Limits", "theme": {"name": "mkdocs"}, "plugins": ["touchpoints"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


def build_errors(config: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build in process; the build must stop with a PluginError (logged, then Abort)."""
    caplog.set_level(logging.ERROR, logger="mkdocs")
    with pytest.raises(Abort):
        build_in_process(config, config.parent / "site")
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)


def test_every_limit_of_a_file_is_a_located_error_and_the_build_stops_quickly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = write_site(tmp_path, {**HOSTILE, "good.yml": journey()})
    started = time.monotonic()
    errors = build_errors(config, caplog)
    assert time.monotonic() - started < 20
    for name, fragment in EXPECTED.items():
        lines = [line for line in errors.splitlines() if line.startswith(f"journeys/{name}:")]
        assert lines, (name, errors)
        assert any(fragment in line and ": error: " in line for line in lines), (name, lines)
    assert "good.yml" not in errors


def test_too_many_teams_is_a_located_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    teams = "teams:\n" + "".join(
        f"  - {{id: t{i}, name: T{i}}}\n" for i in range(model.MAX_TEAMS + 1)
    )
    errors = build_errors(write_site(tmp_path, {"a.yml": journey()}, teams), caplog)
    assert "journeys/_teams.yml:" in errors and f"{model.MAX_TEAMS:,}" in errors, errors


def test_too_many_journey_files_stops_the_build_naming_the_limit(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_JOURNEYS", 3)  # the real cap is 20,000 files
    config = write_site(tmp_path, {f"j{i}.yml": journey() for i in range(4)})
    errors = build_errors(config, caplog)
    assert "touchpoints:" in errors and "3" in errors, errors


def test_the_command_line_shows_the_errors_and_no_traceback(tmp_path: Path) -> None:
    config = write_site(tmp_path, HOSTILE)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "-f", str(config)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert all(f"journeys/{name}:" in output for name in HOSTILE), output
