"""The one reader of journey and teams files, on its own and in the git entry points."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.reading import files
from mkdocs_touchpoints.reading.files import MAX_FILE_BYTES, Scope, read_file
from tests.diff.conftest import Repo
from tests.journey_text import TEAMS, journey_yaml

from .conftest import SECRET, SECRET_FILE


def _codes(path: Path, scope: Scope) -> tuple[bytes | None, list[str]]:
    data, problems = read_file(path, "shown.yml", scope)
    return data, [f"{p.code}: {p.message}" for p in problems]


def test_a_regular_file_inside_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("title: x\n", encoding="utf-8")
    assert _codes(tmp_path / "a.yml", Scope.of([tmp_path])) == (b"title: x\n", [])


def test_a_device_is_refused_even_inside_the_scope() -> None:
    data, found = _codes(Path("/dev/zero"), Scope.of(["/dev"]))
    assert data is None
    assert found == ["unsafe-file: a character device, not a regular file: it is not read"]


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yml"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        data, found = _codes(path, Scope.of([tmp_path]))
    finally:
        server.close()
    assert data is None
    assert found == ["unsafe-file: a socket, not a regular file: it is not read"]


def test_a_read_stops_at_the_limit_whatever_stat_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"#" * (3 * MAX_FILE_BYTES))

    class Lying:
        """A stat result that says the file is empty, like /proc files and devices do."""

        def __init__(self, result: os.stat_result) -> None:
            self._result = result

        def __getattr__(self, name: str) -> object:
            return 0 if name == "st_size" else getattr(self._result, name)

    read: list[int] = []

    class LyingOs:
        """The `os` module as the reader sees it: sizes claim 0, reads are counted."""

        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def lstat(path: str) -> Lying:
            return Lying(os.lstat(path))

        @staticmethod
        def fstat(descriptor: int) -> Lying:
            return Lying(os.fstat(descriptor))

        @staticmethod
        def read(descriptor: int, size: int) -> bytes:
            chunk = os.read(descriptor, size)
            read.append(len(chunk))
            return chunk

    monkeypatch.setattr(files, "os", LyingOs())
    data, found = _codes(big, Scope.of([tmp_path]))
    assert data is None
    assert found == [
        "file-too-large: file is larger, over the limit of 1,048,576 bytes (1 MiB); "
        "split it into several journeys"
    ]
    assert sum(read) == MAX_FILE_BYTES + 1


def test_a_teams_file_given_on_the_command_line_may_not_link_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "secret.env").write_text(SECRET_FILE, encoding="utf-8")
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "a.yml").write_text(journey_yaml(), encoding="utf-8")
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "teams.yml").symlink_to(tmp_path / "secret.env")
    (tmp_path / "ci" / "real.yml").write_text(TEAMS, encoding="utf-8")
    (tmp_path / "ci" / "near.yml").symlink_to("real.yml")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "journeys", "--teams", "ci/teams.yml"]) == 1
    out = capsys.readouterr().out
    assert SECRET not in out
    assert out == (
        "ci/teams.yml:1:1: error: symbolic link that leads out of the journeys folder and the "
        "folder of --teams: it is not read; put the file itself here\n"
    )
    assert main(["validate", "journeys", "--teams", "ci/near.yml"]) == 0


def test_a_link_in_a_git_revision_is_an_error_never_followed(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.root / "journeys").mkdir()
    (repo.root / "journeys" / "a.yml").write_text(journey_yaml(), encoding="utf-8")
    (repo.root / "journeys" / "_teams.yml").write_text(TEAMS, encoding="utf-8")
    repo.commit("base")
    (repo.root / "secret.env").write_text(SECRET_FILE, encoding="utf-8")
    (repo.root / "journeys" / "env.yml").symlink_to("../secret.env")
    repo.commit("link")
    monkeypatch.chdir(repo.root)
    assert main(["diff", "HEAD~1", "HEAD", "--format", "github"]) == 2
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert captured.out == (
        "::error file=journeys/env.yml,line=1,col=1::"
        "symbolic link: it is not followed; commit the file itself\n"
    )


def test_git_diff_driver_does_not_follow_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.yml"
    old.write_text(journey_yaml(), encoding="utf-8")
    link = tmp_path / "new.yml"
    link.write_text("../secret.env", encoding="utf-8")  # git writes a link's target as text
    argv = ["journeys/a.yml", str(old), "0" * 40, "100644", str(link), "1" * 40, "120000"]
    assert main(["diff", "--git-external-diff", *argv]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1:] == [
        "journeys/a.yml:1:1: error: symbolic link: it is not followed; commit the file itself"
    ]


def test_textconv_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.yml"
    os.mkfifo(pipe)
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs-touchpoints"),
            "diff",
            "--textconv",
            str(pipe),
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout == "(a named pipe, not a regular file: it is not read: not shown)\n"
