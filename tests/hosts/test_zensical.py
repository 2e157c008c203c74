"""A real `zensical build --strict` of the example handbook after `generate`.

With CI=true a missing Zensical fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
"""Slow: real Zensical builds (`-m 'not slow'` leaves them out)."""

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def zensical() -> Path:
    """The zensical command of this environment (skip, or fail in CI, without it)."""
    found = BIN / "zensical"
    if not found.exists():
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("zensical is not installed (it is pinned in the dev extras)")
        pytest.skip("zensical is not installed")
    return found


def zensical_build(
    root: Path, config: str = "mkdocs.zensical.yml"
) -> subprocess.CompletedProcess[str]:
    """`zensical build --strict --clean` in `root`."""
    return subprocess.run(
        [str(zensical()), "build", "-f", config, "--strict", "--clean"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example handbook with its Zensical config, in tmp_path."""
    for name in ("docs", "journeys"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("mkdocs.yml", "mkdocs.zensical.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_example_handbook_builds_strict_under_zensical(
    example: Path, generate: Callable[..., tuple[int, str]]
) -> None:
    code, err = generate(example, "-f", "mkdocs.zensical.yml", "--strict")
    assert code == 0, err
    result = zensical_build(example)
    assert result.returncode == 0, result.stdout + result.stderr
    site = example / "site"
    journey = (site / "journeys" / "phone-purchase" / "index.html").read_text(encoding="utf-8")
    assert '<table id="tp-table">' in journey
    assert 'data-tp-chart="heatmap"' in journey and 'data-tp-chart="breakdown"' in journey
    assert "assets/touchpoints/touchpoints.js" in journey
    assert list((site / "assets" / "touchpoints").glob("plotly*.min.js"))
    hrefs = set(re.findall(r'href="([^"]*teams/[^"]*)"', journey))
    assert hrefs and all(h.startswith("../../teams/") for h in hrefs), hrefs
    for page in ("journeys/index.html", "teams/index.html", "teams/crm/index.html"):
        assert (site / page).is_file()


def test_a_bad_fence_fails_a_strict_zensical_build(
    example: Path, generate: Callable[..., tuple[int, str]]
) -> None:
    generate(example, "-f", "mkdocs.zensical.yml")
    (example / "docs" / "bad.md").write_text(
        "# Bad\n\n```touchpoints\njourney: phone-purchas\n```\n", encoding="utf-8"
    )
    result = zensical_build(example)
    assert result.returncode != 0
    assert "did you mean 'phone-purchase'?" in result.stdout + result.stderr
