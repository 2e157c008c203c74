"""Reading BASE and HEAD from git revisions of a temporary repository."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mkdocs_touchpoints.diff.sources import Git
from tests.diff.conftest import FIXTURES

EVERYTHING = FIXTURES / "everything"


def comparable(out: str) -> list[tuple]:
    """The changes of a JSON diff without their paths (folders and revisions name files apart)."""
    changes = json.loads(out)["changes"]
    return [
        (
            c["kind"],
            c["severity"],
            c["journey"],
            c["target"],
            c["field"],
            c["old"],
            c["new"],
            c.get("line"),
            c.get("side"),
        )
        for c in changes
    ]


@pytest.fixture
def history(repo):
    """main~1 holds the `everything` BASE, main its HEAD."""
    repo.put(EVERYTHING / "base")
    repo.commit("base")
    repo.put(EVERYTHING / "head")
    repo.commit("head")
    return repo


def test_revisions_give_the_same_changes_as_folders(history, cli, monkeypatch) -> None:
    monkeypatch.chdir(EVERYTHING)
    _, from_folders, _ = cli("diff", "base", "head", "--format", "json")
    monkeypatch.chdir(history.root)
    code, from_git, err = cli("diff", "main~1", "main", "--format", "json")
    assert code == 0, err
    assert comparable(from_git) == comparable(from_folders)
    paths = {c["path"] for c in json.loads(from_git)["changes"] if "path" in c}
    assert "journeys/shop.yml" in paths and "journeys/gone.yml" in paths


def test_head_defaults_to_the_working_tree(history, cli, monkeypatch) -> None:
    monkeypatch.chdir(history.root)
    shop = history.root / "journeys" / "shop.yml"
    shop.write_text(shop.read_text().replace("type: proactive}", "type: reactive}", 1))
    code, out, err = cli("diff", "main", "--format", "json")
    assert code == 0, err
    (change,) = json.loads(out)["changes"]
    assert (change["target"], change["field"], change["old"], change["new"]) == (
        "website",
        "type",
        "proactive",
        "reactive",
    )
    assert change["path"] == "journeys/shop.yml"


def test_a_committed_revision_ignores_the_working_tree(history, cli, monkeypatch) -> None:
    monkeypatch.chdir(history.root)
    (history.root / "journeys" / "shop.yml").write_text("not: [valid")
    code, out, err = cli("diff", "main", "main", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["changes"] == []


def test_path_is_relative_to_the_current_folder(history, cli, monkeypatch) -> None:
    (history.root / "docs").mkdir()
    monkeypatch.chdir(history.root / "docs")
    code, out, err = cli("diff", "main~1", "main", "--path", "../journeys", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["summary"]["breaking"] == 3


def test_hidden_files_and_other_files_in_a_revision_are_not_journeys(
    repo, cli, monkeypatch
) -> None:
    repo.put(EVERYTHING / "base")
    repo.commit("base")
    journeys = repo.root / "journeys"
    (journeys / "_draft.yml").write_text("not a journey")
    (journeys / ".hidden").mkdir()
    (journeys / ".hidden" / "x.yml").write_text("not: [a journey")
    (journeys / "notes.md").write_text("# notes")
    repo.commit("drafts")
    monkeypatch.chdir(repo.root)
    code, out, err = cli("diff", "main~1", "main", "--format", "json")
    assert (code, json.loads(out)["changes"]) == (0, []), err


def test_an_oversized_file_in_a_revision_is_an_error_without_reading_it(
    repo, cli, monkeypatch
) -> None:
    repo.put(EVERYTHING / "base")
    (repo.root / "journeys" / "huge.yml").write_bytes(b"# " + b"x" * (1024 * 1024 + 10))
    repo.commit("huge")
    monkeypatch.chdir(repo.root)
    code, _, err = cli("diff", "main", "main")
    assert code == 2
    assert "journeys/huge.yml:1:1: error: file is 1,048,588 bytes" in err


def test_identical_files_are_read_once(repo) -> None:
    repo.put(EVERYTHING / "base")
    (repo.root / "journeys" / "copy").mkdir()
    (repo.root / "journeys" / "copy" / "parcel.yml").write_bytes(
        (EVERYTHING / "base" / "delivery" / "parcel.yml").read_bytes()
    )
    repo.commit("copy")
    git = Git(repo.root)
    entries = git.list_tree(git.commit("main"), "journeys")
    blobs = git.read_blobs([object_id for _, object_id, _, _ in entries])
    assert len(blobs) == len(entries) - 1
    assert all(blobs[o] == (repo.root / p).read_bytes() for _, o, _, p in entries)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("diff", "no-such-branch"), "not a folder nor a git revision: no-such-branch"),
        (("diff", "main", "nope~9"), "not a folder nor a git revision: nope~9"),
        (("diff", "main", "--path", "nowhere"), "no folder 'nowhere' in revision main"),
        (("diff", "main", "--path", "../.."), "--path must be inside the repository"),
        (("diff", "main", "main", "--path", "journeys/shop.yml"), "no folder 'journeys/shop.yml'"),
    ],
)
def test_bad_revisions_and_paths_exit_2_with_one_line(
    history, cli, monkeypatch, argv, message
) -> None:
    monkeypatch.chdir(history.root)
    code, out, err = cli(*argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err


def test_a_missing_working_tree_folder_exits_2(history, cli, monkeypatch) -> None:
    monkeypatch.chdir(history.root)
    code, _, err = cli("diff", "journeys", "--path", "elsewhere")
    assert code == 2 and "no such journeys folder: elsewhere" in err


def test_a_revision_outside_a_repository_exits_2(tmp_path, git_env, cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("diff", "main")
    assert code == 2
    assert err.strip() == (
        "mkdocs-touchpoints: not a folder nor a git revision: main (not in a git repository)"
    )


def test_the_installed_command_runs_as_a_process(history) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs_touchpoints", "diff", "main~1", "--format", "text"],
        cwd=history.root,
        env={**history.env, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("3 breaking, 6 warnings, 25 info\n")
