"""Layer boundaries: only the MkDocs adapter (`mkdocs_touchpoints.plugin`) imports `mkdocs`."""

from __future__ import annotations

import ast
from pathlib import Path

import mkdocs_touchpoints
from mkdocs_touchpoints.rendering.i18n import ENGLISH, SPANISH

PACKAGE = Path(mkdocs_touchpoints.__file__).parent
ADAPTER = PACKAGE / "plugin"


def imported_modules(source: Path) -> set[str]:
    """Every absolute module name a file imports, at any depth (function-level imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_module_outside_the_adapter_stays_free_of_mkdocs() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    outside = [path for path in modules if not path.is_relative_to(ADAPTER)]
    assert len(outside) > 20, "the walk found too few modules to mean anything"
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in imported_modules(path)
            if name == "mkdocs" or name.startswith("mkdocs.")
        )
        for path in outside
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_adapter_is_where_mkdocs_is_imported() -> None:
    adapter_imports = set().union(*(imported_modules(p) for p in ADAPTER.rglob("*.py")))
    assert any(name.startswith("mkdocs.") for name in adapter_imports)


def test_both_label_catalogues_have_every_label() -> None:
    assert ENGLISH.keys() == SPANISH.keys()
    assert all(SPANISH[key] for key in SPANISH)
