"""`mkdocs-touchpoints generate`: the plugin's pages as files, written safely, only when changed."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli.generate import settings_of
from mkdocs_touchpoints.cli.site_config import Tagged, read_site_config
from mkdocs_touchpoints.reading.loader import load_folder
from mkdocs_touchpoints.rendering.docs_writer import MANIFEST_NAME, DocsWriter
from mkdocs_touchpoints.rendering.pipeline import build_site, site_assets

Generate = Callable[..., tuple[int, str]]


def edit_config(handbook: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in the handbook's mkdocs.yml."""
    config = handbook / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(docs: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every file under `docs`."""
    return {
        p.relative_to(docs).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in docs.rglob("*")
        if p.is_file()
    }


def test_writes_the_pipeline_pages_and_the_assets(handbook: Path, generate: Generate) -> None:
    code, err = generate(handbook)
    assert code == 0, err
    config = read_site_config(handbook / "mkdocs.yml")
    settings = settings_of(config)
    site = build_site(load_folder(settings.journeys_dir), settings)
    for page in site.pages:
        assert (handbook / "docs" / page.src_uri).read_text(encoding="utf-8") == page.markdown
    assert {"touchpoints.css", "touchpoints.js"} <= set(site.assets)
    for name in site.assets:
        assert (handbook / "docs/assets/touchpoints" / name).is_file()
    manifest = json.loads((handbook / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "docs/journeys/phone-purchase.md" in manifest["files"]
    assert f"{len(site.pages) + 3} written, 0 unchanged, 0 removed" in err


def test_a_second_run_rewrites_nothing(handbook: Path, generate: Generate) -> None:
    generate(handbook)
    before = snapshot(handbook / "docs")
    code, err = generate(handbook)
    assert code == 0
    assert err.splitlines()[-1].startswith("0 written, ") and err.endswith(", 0 removed\n")
    assert snapshot(handbook / "docs") == before


def test_only_the_changed_page_is_rewritten(handbook: Path, generate: Generate) -> None:
    generate(handbook)
    before = snapshot(handbook / "docs")
    journey = handbook / "journeys" / "store-event.yml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace("title: ", "title: New ", 1), encoding="utf-8"
    )
    code, _ = generate(handbook)
    after = snapshot(handbook / "docs")
    changed = {path for path in after if after[path] != before.get(path)}
    assert code == 0
    assert "journeys/store-event.md" in changed
    assert "journeys/phone-purchase.md" not in changed


def test_removes_the_pages_of_a_deleted_journey(handbook: Path, generate: Generate) -> None:
    generate(handbook)
    page = handbook / "docs" / "journeys" / "store-event.md"
    assert page.is_file()
    (handbook / "journeys" / "store-event.yml").unlink()
    code, err = generate(handbook)
    assert code == 0
    assert not page.exists()
    assert "removed docs/journeys/store-event.md" in err


def test_a_deleted_folder_of_journeys_leaves_no_empty_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    writer = DocsWriter(docs, tmp_path / MANIFEST_NAME)
    writer.sync({"journeys/deep/a.md": b"a"})
    report = writer.sync({})
    assert report.removed == ["docs/journeys/deep/a.md"]
    assert docs.is_dir() and not (docs / "journeys").exists()


def test_refuses_to_overwrite_a_hand_written_page(handbook: Path, generate: Generate) -> None:
    page = handbook / "docs" / "journeys" / "phone-purchase.md"
    page.parent.mkdir(parents=True)
    page.write_text("# Written by hand\n", encoding="utf-8")
    code, err = generate(handbook)
    assert code == 1
    assert "docs/journeys/phone-purchase.md: exists and was not written by generate" in err
    assert page.read_text(encoding="utf-8") == "# Written by hand\n"
    assert not (handbook / "docs" / "journeys" / "store-event.md").exists()  # nothing written


def test_refuses_to_overwrite_a_generated_page_edited_by_hand(
    handbook: Path, generate: Generate
) -> None:
    generate(handbook)
    page = handbook / "docs" / "teams" / "crm.md"
    page.write_text("edited\n", encoding="utf-8")
    edit_config(handbook, "language: en", "language: es")
    code, err = generate(handbook)
    assert code == 1
    assert "docs/teams/crm.md: changed since generate wrote it" in err
    assert page.read_text(encoding="utf-8") == "edited\n"


def test_never_writes_through_a_symbolic_link(handbook: Path, generate: Generate) -> None:
    elsewhere = handbook / "elsewhere"
    elsewhere.mkdir()
    (handbook / "docs" / "teams").symlink_to(elsewhere, target_is_directory=True)
    code, err = generate(handbook)
    assert code == 1
    assert "docs/teams: is a symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_never_writes_through_a_linked_file(handbook: Path, generate: Generate) -> None:
    target = handbook / "target.txt"
    target.write_text("keep\n", encoding="utf-8")
    folder = handbook / "docs" / "journeys"
    folder.mkdir()
    (folder / "store-event.md").symlink_to(target)
    code, err = generate(handbook)
    assert code == 1
    assert "docs/journeys/store-event.md: is a symbolic link" in err
    assert target.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.parametrize("path", ["../outside.md", "/abs.md", "a/../../outside.md", ".."])
def test_never_writes_outside_the_docs_folder(tmp_path: Path, path: str) -> None:
    docs = tmp_path / "site" / "docs"
    report = DocsWriter(docs, tmp_path / "site" / MANIFEST_NAME).sync({path: b"x"})
    assert report.errors == [f"{path}: outside the docs folder {docs}; not written"]
    assert not (tmp_path / "site" / "outside.md").exists()
    assert not (tmp_path / "outside.md").exists()


def test_warns_about_missing_asset_lines(handbook: Path, generate: Generate) -> None:
    edit_config(handbook, "  - assets/touchpoints/touchpoints.js\n", "")
    code, err = generate(handbook)
    assert code == 0
    assert "add 'assets/touchpoints/touchpoints.js' under extra_javascript" in err
    assert "touchpoints.css' under" not in err
    code, _ = generate(handbook, "--strict")
    assert code == 1


def test_assets_only(handbook: Path, generate: Generate) -> None:
    code, err = generate(handbook, "--assets-only")
    assert code == 0, err
    written = {p.relative_to(handbook / "docs").as_posix() for p in snapshot_paths(handbook)}
    assets, _ = site_assets()
    assert written == {f"assets/touchpoints/{name}" for name in assets}
    assert {"touchpoints.css", "touchpoints.js"} <= set(assets)


def snapshot_paths(handbook: Path) -> list[Path]:
    manifest = json.loads((handbook / MANIFEST_NAME).read_text(encoding="utf-8"))
    return [handbook / key for key in manifest["files"]]


def test_journeys_with_errors_write_nothing(handbook: Path, generate: Generate) -> None:
    (handbook / "journeys" / "broken.yml").write_text("title: [\n", encoding="utf-8")
    code, err = generate(handbook)
    assert code == 1
    assert "journeys/broken.yml:" in err and ": error: " in err
    assert not (handbook / "docs" / "journeys").exists()


def set_options(handbook: Path, options: str) -> None:
    """Give the `touchpoints` entry of the handbook's mkdocs.yml these (indented) options."""
    entry = "  - touchpoints:\n" + "".join(f"      {line}\n" for line in options.splitlines())
    edit_config(handbook, "  - touchpoints\n", entry)


def test_uses_the_touchpoints_options_of_the_config(handbook: Path, generate: Generate) -> None:
    set_options(handbook, "journeys_url: maps/\nlanguage: es")
    code, err = generate(handbook)
    assert code == 0, err
    index = (handbook / "docs" / "maps" / "index.md").read_text(encoding="utf-8")
    assert "Recorridos" in index or "recorridos" in index


def test_invalid_options_are_a_usage_error(handbook: Path, generate: Generate) -> None:
    set_options(handbook, "nav: {threshold: -1}")
    code, err = generate(handbook)
    assert code == 2
    assert "plugins.touchpoints" in err and "threshold" in err


def test_a_missing_config_is_a_usage_error(tmp_path: Path, generate: Generate) -> None:
    code, err = generate(tmp_path, "-f", "nowhere.yml")
    assert code == 2
    assert "site config not found: nowhere.yml" in err


def test_reads_python_tags_without_running_them(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    os.environ["TP_TEST_LANGUAGE"] = "es"
    try:
        config.write_text(
            "site_name: x\n"
            "docs_dir: !ENV [TP_TEST_NO_SUCH_VAR, pages]\n"
            "theme: {name: material, language: !ENV TP_TEST_LANGUAGE}\n"
            "markdown_extensions:\n"
            "  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "  - x: !!python/object/apply:os.system [echo pwned > pwned]\n"
            "  - y: !relative $config_dir\n"
            "plugins:\n  - search\n  - touchpoints: {language: es}\n",
            encoding="utf-8",
        )
        site = read_site_config(config)
    finally:
        del os.environ["TP_TEST_LANGUAGE"]
    assert site.docs_dir == (tmp_path / "pages").resolve()
    assert site.theme_language == "es"
    assert site.options == {"language": "es"}
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_inherit_merges_as_zensical_does(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text(
        "site_name: x\nextra_css: [a.css]\nplugins: [touchpoints]\n", encoding="utf-8"
    )
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nextra_css: [assets/touchpoints/touchpoints.css]\n", encoding="utf-8"
    )
    site = read_site_config(tmp_path / "mkdocs.yml")
    assert site.extra_css == ("a.css", "assets/touchpoints/touchpoints.css")
    assert site.has_plugin_entry


def test_tagged_values_stay_inert() -> None:
    assert Tagged("!x", "y").value == "y"


def test_watch_generates_again_when_a_journey_changes(handbook: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.local_http import stop_process

    page = handbook / "docs" / "journeys" / "store-event.md"
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs_touchpoints", "generate", "--watch"],
        cwd=handbook,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180  # a loaded machine is slow to start Python
        while not page.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert page.is_file(), "the first generation did not happen"
        journey = handbook / "journeys" / "store-event.yml"
        text = journey.read_text(encoding="utf-8").replace("title: ", "title: Watched ", 1)
        journey.write_text(text, encoding="utf-8")
        deadline = time.monotonic() + 180  # each stage gets its own time on a loaded machine
        while "Watched" not in page.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Watched" in page.read_text(encoding="utf-8")
    finally:
        stop_process(process)
