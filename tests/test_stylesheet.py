"""The package's stylesheet is well formed: its blocks close where they should, so no rule
meant for every screen ends up inside a phone-only or print-only block."""

from __future__ import annotations

import re
from pathlib import Path

import mkdocs_touchpoints

STYLESHEET = Path(mkdocs_touchpoints.__file__).parent / "assets" / "touchpoints.css"


def top_level_blocks(css: str) -> list[str]:
    """The prelude (selector or at-rule) of each top-level block, comments left out."""
    text = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    preludes, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "{":
            if depth == 0:
                preludes.append(text[start:index].strip())
            depth += 1
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"a '}}' closes nothing near {text[max(0, index - 80) : index]!r}"
            if depth == 0:
                start = index + 1
    assert depth == 0, "a block is left open"
    return preludes


def test_blocks_close_and_at_rules_stay_at_the_top() -> None:
    preludes = top_level_blocks(STYLESHEET.read_text(encoding="utf-8"))
    assert "@page" in preludes  # the print page box is a top-level rule, not inside @media
    media = [p for p in preludes if p.startswith("@media")]
    assert any("print" in p for p in media) and any("max-width" in p for p in media)
    # Rules for every screen are at the top, not inside a media block.
    assert ".md-footer-meta .md-copyright" in preludes
    assert '.md-typeset table[data-tp-table="tp-steps"]' in preludes
