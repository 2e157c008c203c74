"""The parts of a site's mkdocs.yml that `generate` needs, read without executing anything.

MkDocs and Zensical read mkdocs.yml with PyYAML's full loader, so a config may
hold `!!python/name:` tags (Material's emoji and superfences recipes) or
`!ENV` (environment variables) or `!relative`. Here the file is read with the
safe loader: `!ENV` is resolved as MkDocs resolves it (reading a variable runs
nothing), every other tag becomes a `Tagged` placeholder. `INHERIT` is merged
as Zensical merges it, the host `generate` serves (mappings deeply, lists
appended, anything else replaced).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mkdocs_touchpoints.reading.diagnostics import SourceError

MAX_INHERIT_DEPTH = 10


@dataclass(frozen=True, slots=True)
class Tagged:
    """A value written with a tag the safe loader does not run (`!!python/name:x`)."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    """The safe loader, with MkDocs' `!ENV` and a placeholder for every other tag."""


def _env(loader: _ConfigLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = [loader.construct_scalar(child) for child in node.value]
        names, default = items[:-1], items[-1] if len(items) > 1 else None
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            value = os.environ[name]
            # Typed as a plain YAML scalar would be (`true`, `3`), as MkDocs' env tag does.
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _tagged(loader: _ConfigLoader, suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", _tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What `generate` reads from the site's config file."""

    path: Path
    docs_dir: Path
    use_directory_urls: bool
    theme_language: str | None
    nav: Any
    extra_css: tuple[str, ...]
    extra_javascript: tuple[str, ...]
    options: dict[str, Any]
    """The `touchpoints` entry under `plugins` (empty when it has no options)."""
    has_plugin_entry: bool


def _merge(parent: Any, child: Any) -> Any:
    if isinstance(parent, list) and isinstance(child, list):
        return parent + child
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent.get(key), value) if key in parent else value
        return merged
    return child


def _load(path: Path, depth: int = 0) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read the site config {path}: {exc}") from None
    try:
        data = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(f"{path}: the site config must be a mapping")
    parent = data.pop("INHERIT", None)
    if isinstance(parent, str):
        if depth >= MAX_INHERIT_DEPTH:
            raise SourceError(f"{path}: INHERIT nests deeper than {MAX_INHERIT_DEPTH} files")
        data = _merge(_load(path.parent / parent, depth + 1), data)
    return data


def _paths(entries: Any) -> tuple[str, ...]:
    """`extra_css`/`extra_javascript` entries as paths (an entry may be `{path: ...}`)."""
    found = []
    for entry in entries if isinstance(entries, list) else []:
        value = entry.get("path") if isinstance(entry, dict) else entry
        if isinstance(value, str):
            found.append(value.lstrip("/"))
    return tuple(found)


def _plugin_entry(plugins: Any) -> tuple[bool, dict[str, Any]]:
    """Whether `plugins` lists `touchpoints`, and its options."""
    items: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                items.append((item, None))
            elif isinstance(item, dict) and len(item) == 1:
                items.extend(item.items())
    for name, options in items:
        if name == "touchpoints":
            return True, options if isinstance(options, dict) else {}
    return False, {}


def read_site_config(path: Path) -> SiteConfig:
    """The site config at `path` (mkdocs.yml). Raises SourceError when it cannot be used."""
    if not path.is_file():
        raise SourceError(f"site config not found: {path}")
    data = _load(path)
    docs_dir = data.get("docs_dir", "docs")
    if not isinstance(docs_dir, str):
        raise SourceError(f"{path}: docs_dir must be a folder name")
    theme = data.get("theme")
    language = None
    if isinstance(theme, dict):
        language = next((str(theme[k]) for k in ("language", "locale") if theme.get(k)), None)
    has_entry, options = _plugin_entry(data.get("plugins"))
    return SiteConfig(
        path=path,
        docs_dir=(path.parent / docs_dir).resolve(),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        theme_language=language,
        nav=data.get("nav"),
        extra_css=_paths(data.get("extra_css")),
        extra_javascript=_paths(data.get("extra_javascript")),
        options=options,
        has_plugin_entry=has_entry,
    )
