"""Semantic diff of two handbooks: what changed in the journey maps, and how much it matters.

`compare.compare(base, head)` gives a `HandbookDiff` of `Change`s, each classified by one of
the `RULES` (stable codes, `Level` breaking / warning / info); `render` prints it as
Markdown, text, JSON or GitHub annotations; `sources` reads a side from a folder or
a git revision; `page` builds the site's Changes page (imported on its own: it
needs the chart figures).
"""

from mkdocs_touchpoints.diff.model import RULES, Change, HandbookDiff, Kind, Level, Rule

__all__ = ["RULES", "Change", "HandbookDiff", "Kind", "Level", "Rule"]
