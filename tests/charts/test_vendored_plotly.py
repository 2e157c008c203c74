"""The vendored plotly.js: the npm package's file unchanged, its licence next to it, in the
wheel's package data, the plotly.js version the Python plotly package ships, and every trace
type the figures draw."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tomllib
from pathlib import Path

import pytest

from mkdocs_touchpoints.reading.model import Journey
from mkdocs_touchpoints.rendering.assets import (
    PACKAGE_ASSETS,
    PLOTLY_BUNDLE,
    PLOTLY_FILE,
    PLOTLY_LICENSE,
    packaged_assets,
)
from mkdocs_touchpoints.rendering.figures import figure_set
from mkdocs_touchpoints.rendering.i18n import labels_for

ROOT = Path(__file__).resolve().parents[2]
NODE = ROOT / "tests" / "node"
NPM_PACKAGE = "plotly.js-cartesian-dist-min"
VERSION = re.compile(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


def bundle_version(path: Path) -> str:
    """The version a plotly.js bundle states in its opening comment."""
    with path.open(encoding="utf-8") as bundle:
        found = VERSION.search(bundle.read(400))
    assert found, path
    return found.group(1)


def test_the_bundle_is_the_pinned_npm_version_with_its_licence() -> None:
    pinned = json.loads((NODE / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert bundle_version(PLOTLY_BUNDLE) == pinned[NPM_PACKAGE]
    lock = json.loads((NODE / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][f"node_modules/{NPM_PACKAGE}"]["version"] == pinned[NPM_PACKAGE]
    assert "MIT" in PLOTLY_LICENSE.read_text(encoding="utf-8") or "Permission is hereby" in (
        PLOTLY_LICENSE.read_text(encoding="utf-8")
    )


def test_the_bundle_is_the_npm_file_unchanged() -> None:
    installed = NODE / "node_modules" / NPM_PACKAGE / PLOTLY_FILE
    if not installed.is_file():
        pytest.skip("tests/node is not installed (make tests/node/node_modules/.installed)")
    digest = hashlib.sha256(PLOTLY_BUNDLE.read_bytes()).hexdigest()
    assert digest == hashlib.sha256(installed.read_bytes()).hexdigest(), "run make vendor"
    licence = (NODE / "node_modules" / NPM_PACKAGE / "LICENSE").read_bytes()
    assert PLOTLY_LICENSE.read_bytes() == licence


def test_same_major_version_as_the_python_plotly_package() -> None:
    import plotly

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert bundle_version(full).split(".")[0] == bundle_version(PLOTLY_BUNDLE).split(".")[0]


def test_every_trace_type_of_the_figures_is_in_the_bundle(sample: Journey) -> None:
    built = figure_set(sample, labels_for("en"))
    drawn = [getattr(built, f.name) for f in dataclasses.fields(built)]
    used = {
        trace.get("type", "scatter")
        for figure in drawn
        if isinstance(figure, dict) and "data" in figure
        for trace in figure["data"]
    }
    assert {"heatmap", "bar"} <= used
    text = PLOTLY_BUNDLE.read_text(encoding="utf-8")
    registered = set(re.findall(r'moduleType:"trace",name:"(\w+)"', text))
    assert used | {"scatter"} <= registered


def test_the_wheel_carries_the_vendored_files() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["mkdocs_touchpoints"]
    for path in (PLOTLY_BUNDLE, PLOTLY_LICENSE):
        relative = path.relative_to(PACKAGE_ASSETS.parent)
        assert any(relative.match(pattern) for pattern in patterns), relative
    assert packaged_assets()[PLOTLY_FILE] == PLOTLY_BUNDLE
