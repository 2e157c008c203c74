"""`codeowners` and `codeowners --check` in temporary git repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.exchange.conftest import FIXTURES, GOLDEN, ROOT, Repo, Run

BLOCK = (
    "# BEGIN mkdocs-touchpoints\n"
    "/journeys/compra.yml @ejemplo/atencion @ejemplo/ventas\n"
    "/journeys/en\\ casa/entrega.yml @ejemplo/ventas\n"
    "# END mkdocs-touchpoints\n"
)


def _repo_with_hostile(repo: Repo) -> Path:
    repo.put(FIXTURES / "hostile" / "journeys")
    return repo.root


def test_block_of_the_hostile_fixture(golden, repo: Repo, cli: Run, monkeypatch) -> None:
    """By team id, each handle once, spaces escaped, no line without a handle."""
    monkeypatch.chdir(_repo_with_hostile(repo))
    code, out, _ = cli("codeowners")
    assert code == 0
    assert out.decode() == BLOCK
    golden.check_bytes(GOLDEN / "hostile.codeowners", out)


def test_block_of_the_example_handbook(golden, repo: Repo, cli: Run, monkeypatch) -> None:
    repo.put(ROOT / "journeys")
    monkeypatch.chdir(repo.root)
    code, out, _ = cli("codeowners", "journeys")
    assert code == 0
    golden.check_bytes(GOLDEN / "example.codeowners", out)


def test_paths_are_relative_to_the_repository_root(repo: Repo, cli: Run, monkeypatch) -> None:
    repo.put(FIXTURES / "hostile" / "journeys", "docs/maps")
    (repo.root / "docs" / "sub").mkdir()
    monkeypatch.chdir(repo.root / "docs" / "sub")
    code, out, _ = cli("codeowners", "../maps")
    assert code == 0
    assert out.decode().splitlines()[1] == (
        "/docs/maps/compra.yml @ejemplo/atencion @ejemplo/ventas"
    )
    code, out, _ = cli("codeowners", "../maps/compra.yml")
    assert out.decode().splitlines()[1:-1] == [
        "/docs/maps/compra.yml @ejemplo/atencion @ejemplo/ventas"
    ]


def test_outside_git_paths_are_relative_to_the_current_folder(
    tmp_path: Path, cli: Run, monkeypatch
) -> None:
    shutil.copytree(FIXTURES / "hostile" / "journeys", tmp_path / "maps" / "journeys")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out, _ = cli("codeowners", "maps/journeys")
    assert code == 0
    assert out.decode().splitlines()[1].startswith("/maps/journeys/compra.yml ")


def test_check_passes_on_a_fresh_block(repo: Repo, cli: Run, monkeypatch) -> None:
    root = _repo_with_hostile(repo)
    (root / ".github").mkdir()
    owners = root / ".github" / "CODEOWNERS"
    owners.write_text(f"* @ejemplo/admins\n\n{BLOCK}\n/docs/ @ejemplo/docs\n", encoding="utf-8")
    repo.commit("fresh")
    monkeypatch.chdir(root)
    code, out, err = cli("codeowners", "--check", ".github/CODEOWNERS")
    assert (code, out) == (0, b"")
    assert "error" not in err  # the fixture's one warning goes to stderr
    owners.write_bytes(owners.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("codeowners", "--check", ".github/CODEOWNERS")[0] == 0


def test_check_fails_on_a_stale_block(repo: Repo, cli: Run, monkeypatch) -> None:
    root = _repo_with_hostile(repo)
    owners = root / "CODEOWNERS"
    owners.write_text(BLOCK, encoding="utf-8")
    repo.commit("fresh")
    monkeypatch.chdir(root)
    # a new touchpoint owner on a journey makes the block stale
    journey = root / "journeys" / "en casa" / "entrega.yml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace(
            "type: reactive}", "type: reactive, owner: atencion}"
        ),
        encoding="utf-8",
    )
    code, out, err = cli("codeowners", "--check", "CODEOWNERS")
    assert code == 1
    assert out.decode() == (
        "CODEOWNERS:3:1: error: the mkdocs-touchpoints block is stale; "
        "replace it with the output of `mkdocs-touchpoints codeowners`\n"
    )
    assert "/journeys/en\\ casa/entrega.yml @ejemplo/atencion @ejemplo/ventas" in err


def test_check_fails_when_a_line_is_added_or_the_markers_are_missing(
    repo: Repo, cli: Run, monkeypatch
) -> None:
    root = _repo_with_hostile(repo)
    monkeypatch.chdir(root)
    owners = root / "CODEOWNERS"
    owners.write_text(BLOCK.replace("# END", "/extra.yml @x\n# END"), encoding="utf-8")
    code, out, _ = cli("codeowners", "--check", "CODEOWNERS")
    assert code == 1
    assert out.startswith(b"CODEOWNERS:4:1: error: the mkdocs-touchpoints block is stale")
    owners.write_text("* @ejemplo/admins\n", encoding="utf-8")
    code, out, _ = cli("codeowners", "--check", "CODEOWNERS")
    assert code == 1
    assert out.startswith(b"CODEOWNERS:1:1: error: no '# BEGIN mkdocs-touchpoints' line")
    owners.write_text(BLOCK.replace("# END mkdocs-touchpoints\n", ""), encoding="utf-8")
    code, out, _ = cli("codeowners", "--check", "CODEOWNERS")
    assert code == 1
    assert out.startswith(b"CODEOWNERS:1:1: error: no '# END mkdocs-touchpoints' line")
    code, out, _ = cli("codeowners", "--check", "missing/CODEOWNERS")
    assert code == 1
    assert out.startswith(b"missing/CODEOWNERS:1:1: error: no '# BEGIN")


def test_no_handles_gives_only_the_markers(tmp_path: Path, cli: Run, monkeypatch) -> None:
    (tmp_path / "journeys").mkdir()
    shutil.copy(FIXTURES / "hostile" / "journeys" / "sin-revisores.yml", tmp_path / "journeys")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("codeowners")
    assert code == 0
    assert out == b"# BEGIN mkdocs-touchpoints\n# END mkdocs-touchpoints\n"
