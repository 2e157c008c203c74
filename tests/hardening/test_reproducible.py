"""Two builds of the same handbook give byte-identical sites.

The example handbook is copied into two folders (different absolute paths, files
written in opposite orders, different modification times) and built by two
`mkdocs build` processes with different hash seeds. Every file must be identical;
`sitemap.xml` and `sitemap.xml.gz` are compared without their `<lastmod>` dates, the
only thing MkDocs itself varies (the build day, fixed by SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
"""Slow: two real builds of the example handbook (`-m 'not slow'` leaves them out)."""

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["mkdocs.yml", "docs", "journeys"]
DATED = {"sitemap.xml", "sitemap.xml.gz"}


def copy_handbook(target: Path, *, reverse: bool) -> None:
    """The example handbook, file by file in sorted or reverse order."""
    files = [ROOT / "mkdocs.yml"]
    for folder in SOURCES[1:]:
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file()]
    for source in sorted(files, reverse=reverse):
        destination = target / source.relative_to(ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())


def build(source: Path, site: Path, seed: str) -> None:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "NO_MKDOCS_2_WARNING": "1",
        "DISABLE_MKDOCS_2_WARNING": "true",
    }
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]
    command += ["-f", str(source / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def content(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name in DATED:
        text = gzip.decompress(data) if path.suffix == ".gz" else data
        return re.sub(rb"<lastmod>[^<]*</lastmod>", b"<lastmod/>", text)
    return data


def site_files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "one" / "handbook", tmp_path / "two" / "source"
    copy_handbook(first, reverse=False)
    copy_handbook(second, reverse=True)
    later = time.time() + 3600
    for path in (second / "journeys").rglob("*"):
        os.utime(path, (later, later))
    build(first, tmp_path / "site-one", seed="1")
    build(second, tmp_path / "site-two", seed="2")
    one, two = site_files(tmp_path / "site-one"), site_files(tmp_path / "site-two")
    assert sorted(one) == sorted(two)
    generated = [
        name
        for name in one
        if name.startswith(("journeys/", "teams/", "assets/touchpoints/"))
        and name.endswith((".html", ".js", ".css"))
    ]
    journeys = sorted(p.stem for p in (ROOT / "journeys").rglob("*.yml") if p.name[0] != "_")
    assert len(generated) >= len(journeys) + 2 + 3  # pages, two indexes, the three assets
    different = [name for name in sorted(one) if content(one[name]) != content(two[name])]
    assert different == []
    # The chart data is in the journey pages; make sure it was compared.
    page = one["journeys/phone-purchase/index.html"].read_text(encoding="utf-8")
    assert page.count("data-tp-figure=") == 4  # heatmap, experience curve, breakdown, channels
