"""The label catalogues (the MkDocs boundary itself is import-linter's contract in
pyproject.toml, run by `make lint`)."""

from __future__ import annotations

from mkdocs_touchpoints.rendering.i18n import ENGLISH, SPANISH


def test_both_label_catalogues_have_every_label() -> None:
    assert ENGLISH.keys() == SPANISH.keys()
    assert all(SPANISH[key] for key in SPANISH)
