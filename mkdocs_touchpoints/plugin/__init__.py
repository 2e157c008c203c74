"""The MkDocs adapter: the `touchpoints` plugin (`hooks.TouchpointsPlugin`, the entry point
`mkdocs_touchpoints.plugin:TouchpointsPlugin`) and its option schema (`options`).

The plugin class is imported on first use, so that `generate` can read the option schema
(`plugin.options`, which imports only `mkdocs.config`) without loading MkDocs' plugin
machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mkdocs_touchpoints.plugin.hooks import TouchpointsPlugin

__all__ = ["TouchpointsPlugin"]


def __getattr__(name: str) -> Any:
    if name == "TouchpointsPlugin":
        from mkdocs_touchpoints.plugin.hooks import TouchpointsPlugin

        return TouchpointsPlugin
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
