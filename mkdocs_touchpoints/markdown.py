"""The Python-Markdown extension `mkdocs_touchpoints.markdown`: a journey's charts in any page.

```yaml
markdown_extensions:
  - mkdocs_touchpoints.markdown:
      journeys_dir: journeys     # relative to the folder the site generator runs in
```

Then, in any page:

````markdown
```touchpoints
journey: phone-purchase
charts: [heatmap, breakdown]   # optional; default: heatmap, breakdown, experience
```
````

The fence becomes the journey's charts, as on its journey page (see
`rendering.embed`). It works as a block preprocessor ahead of `fenced_code` and
`pymdownx.superfences`, so nothing else is needed; `superfences_format` is the
same as a superfences custom fence, for configs that list their fences there.
Under MkDocs with the `touchpoints` plugin it shows the handbook the plugin
loaded. Problems are logged as errors on the `mkdocs.plugins.touchpoints`
logger (so `mkdocs build --strict` fails) and shown in place of the charts.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from mkdocs_touchpoints.reading.diagnostics import TouchpointsError
from mkdocs_touchpoints.rendering.embed import FENCE_NAME, problem_block, render_fence, source_for

log = logging.getLogger("mkdocs.plugins.touchpoints.markdown")
"""Under the `mkdocs` logger: MkDocs counts its errors for `--strict`."""

_OPENING = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")


def _is_touchpoints(info: str) -> bool:
    """`touchpoints`, `{.touchpoints}` or `{ .touchpoints ... }` as the info string."""
    words = info.strip().strip("{}").split()
    return bool(words) and words[0].lstrip(".") == FENCE_NAME


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    """The index of the line closing `fence` (same character, at least as long)."""
    pattern = re.compile(rf"^[ ]{{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    return next((i for i in range(start, len(lines)) if pattern.match(lines[i])), None)


PRIORITY = 29
"""After normalize_whitespace (30), which strips stash markers; ahead of fenced_code and
superfences (25), which would take the block as code."""


class _Counter:
    """Fences rendered on the current page (ids stay unique); reset with each document."""

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        self.count = 0


class FenceError(TouchpointsError):
    """A fence that cannot be shown, in a `zensical build --strict`."""


def zensical_strict(argv: Sequence[str] | None = None) -> bool:
    """True inside `zensical build --strict` (`-s`).

    Zensical prints what Python logs but does not count it, and offers extensions
    no way to report a problem; so in a strict build a fence with problems stops it.
    """
    args = list(sys.argv if argv is None else argv)
    program = Path(args[0]).name if args else ""
    under_zensical = program.startswith("zensical") or "zensical" in args[:2]
    return under_zensical and "build" in args and ("--strict" in args or "-s" in args)


def _report(errors: list[str]) -> None:
    for error in errors:
        log.error(error)
    if errors and zensical_strict():
        raise FenceError("; ".join(errors))


def _render(body: str, journeys_dir: str, language: str, counter: _Counter) -> str:
    counter.count += 1
    try:
        source = source_for(Path(journeys_dir), language=language)
    except TouchpointsError as error:
        message = f"touchpoints fence: {error}"
        _report([message])
        return problem_block([message])
    fence = render_fence(body, source, counter.count)
    _report(fence.errors)
    return fence.html


class TouchpointsFencePreprocessor(Preprocessor):
    """Replaces each `touchpoints` fence with its charts (stashed raw HTML)."""

    def __init__(self, md: Markdown, extension: TouchpointsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if not any(FENCE_NAME in line for line in lines):
            return lines
        out: list[str] = []
        index = 0
        while index < len(lines):
            opening = _OPENING.match(lines[index])
            end = _closing(lines, index + 1, opening["fence"]) if opening else None
            if opening is None or end is None:
                out.append(lines[index])
                index += 1
                continue
            if _is_touchpoints(opening["info"]):
                width = len(opening["indent"])
                body = "\n".join(line[width:] for line in lines[index + 1 : end])
                out += ["", self.md.htmlStash.store(self.extension.render(body)), ""]
            else:  # another fence (it may show a touchpoints fence as code): kept whole
                out.extend(lines[index : end + 1])
            index = end + 1
        return out


class TouchpointsExtension(Extension):
    """Registers the `touchpoints` fence."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "journeys_dir": ["journeys", "The journeys folder, relative to the current folder."],
            "language": ["en", "Language of the chart labels (`en`, `es`) without the plugin."],
        }
        super().__init__(**kwargs)
        self.counter = _Counter()

    def render(self, body: str) -> str:
        """The HTML of one fence body on the current page."""
        return _render(
            body, self.getConfig("journeys_dir"), self.getConfig("language"), self.counter
        )

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.preprocessors.register(TouchpointsFencePreprocessor(md, self), "touchpoints", PRIORITY)

    def reset(self) -> None:
        self.counter.reset()


def superfences_format(
    source: str, language: str, css_class: str, options: Any, md: Markdown, **kwargs: Any
) -> str:
    """A pymdownx.superfences custom fence format: the same charts as the preprocessor."""
    extension = next(
        (e for e in getattr(md, "registeredExtensions", []) if isinstance(e, TouchpointsExtension)),
        None,
    )
    if extension is not None:
        return extension.render(source)
    counter = getattr(md, "_touchpoints_counter", None)
    if counter is None:
        counter = _Counter()
        md._touchpoints_counter = counter
    return _render(source, "journeys", "en", counter)


def makeExtension(**kwargs: Any) -> TouchpointsExtension:
    """Python-Markdown's entry point for `markdown_extensions: [mkdocs_touchpoints.markdown]`."""
    return TouchpointsExtension(**kwargs)
