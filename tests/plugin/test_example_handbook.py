"""The repository's own handbook builds with --strict under both themes and both tools."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, links_and_ids, run_tool

JOURNEY_IDS = [
    "phone-purchase",
    "payment-reminder",
    "store-event",
    "support-case",
    "click-and-collect",
    "late-delivery",
]
TEAM_IDS = ["crm", "ecommerce", "customer-care", "logistics", "billing", "community"]


def _site_with_theme(tmp_path: Path, theme: str) -> Path:
    """A copy of mkdocs.yml (theme replaced) beside the real docs and journeys."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if theme != "material":
        config["theme"] = {"name": theme}
    config["docs_dir"] = str(ROOT / "docs")
    config["site_dir"] = str(tmp_path / "site")
    config["plugins"] = [
        {"touchpoints": {"journeys_dir": str(ROOT / "journeys")}} if p == "touchpoints" else p
        for p in config["plugins"]
    ]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_example_handbook_builds_strict(tool: str, theme: str, tmp_path: Path) -> None:
    config = _site_with_theme(tmp_path, theme)
    result = run_tool(tool, config, "--strict")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = ["journeys/", "teams/", "insights/"] + [f"journeys/{j}/" for j in JOURNEY_IDS]
    pages += [f"teams/{t}/" for t in TEAM_IDS]
    for url in pages:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for href in links_and_ids(html).hrefs:
            if re.match(r"^[a-z]+:|^#$", href) or "assets/" in href:
                continue
            path, _, fragment = href.partition("#")
            target = site / posixpath.normpath(posixpath.join(url, path)) if path else site / url
            file = target / "index.html" if target.is_dir() else target
            assert file.is_file(), f"{url}: broken link {href}"
            if fragment and "journeys/" in posixpath.join(url, path):
                ids = links_and_ids(file.read_text(encoding="utf-8")).ids
                assert fragment in ids, f"{url}: {href} has no target"
    team = links_and_ids((site / "teams/crm/index.html").read_text(encoding="utf-8")).hrefs
    assert "../../journeys/phone-purchase/#tp-email-offer" in team
    journey = links_and_ids(
        (site / "journeys/phone-purchase/index.html").read_text(encoding="utf-8")
    ).hrefs
    assert "../../teams/crm/" in journey and "../../teams/ecommerce/" in journey


def test_the_repository_mkdocs_yml_enables_the_plugin() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "touchpoints" in config["plugins"]
    assert config["theme"]["name"] == "material"
    assert "navigation.instant" in config["theme"]["features"]
    assert len(config["theme"]["palette"]) == 2
