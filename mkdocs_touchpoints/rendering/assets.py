"""The files a site with journey charts serves next to its pages, all from inside the package.

plotly.js is the *cartesian* bundle of npm's `plotly.js-cartesian-dist-min` (heatmap, bar
and scatter: every trace type the figures use, 1.5 MB against the 4.8 MB of the full
`plotly.min.js`), vendored in `assets/vendor/` with its licence at the plotly.js version
the Python `plotly` package ships; `make vendor` refreshes it from tests/node.
Nothing is ever loaded from a CDN.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ASSETS = Path(__file__).parents[1] / "assets"
"""The package's own assets folder."""
PLOTLY_FILE = "plotly-cartesian.min.js"
"""The name plotly.js is served under (the charts script loads it from its own folder)."""
PLOTLY_BUNDLE = PACKAGE_ASSETS / "vendor" / PLOTLY_FILE
PLOTLY_LICENSE = PACKAGE_ASSETS / "vendor" / "plotly-cartesian.LICENSE"
SCRIPT_FILE = "touchpoints.js"
STYLE_FILE = "touchpoints.css"


def packaged_assets() -> dict[str, Path]:
    """Site file name -> packaged file: the charts script, its CSS and plotly.js."""
    names = {SCRIPT_FILE: PACKAGE_ASSETS / SCRIPT_FILE, STYLE_FILE: PACKAGE_ASSETS / STYLE_FILE}
    names[PLOTLY_FILE] = PLOTLY_BUNDLE
    return {name: path for name, path in names.items() if path.is_file()}
