"""The page, nav, markup and serve-fallback modules stay pure: they never import MkDocs."""

from __future__ import annotations

import subprocess
import sys

from mkdocs_touchpoints.i18n import ENGLISH, SPANISH

PURE = [
    "mkdocs_touchpoints.pages",
    "mkdocs_touchpoints.nav",
    "mkdocs_touchpoints.markup",
    "mkdocs_touchpoints.resilience",
]


def test_pure_modules_do_not_import_mkdocs() -> None:
    code = (
        f"import {', '.join(PURE)}, sys\n"
        "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_both_label_catalogues_have_every_label() -> None:
    assert ENGLISH.keys() == SPANISH.keys()
    assert all(SPANISH[key] for key in SPANISH)
