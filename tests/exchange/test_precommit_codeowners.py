"""The `mkdocs-touchpoints-codeowners` pre-commit hook, run by pre-commit itself."""

from __future__ import annotations

from pathlib import Path

from tests.diff.test_precommit_hook import hook_definition, pre_commit, use_hook
from tests.exchange.conftest import FIXTURES, Repo, Run


def test_the_hook_checks_the_github_codeowners_file() -> None:
    hook = hook_definition("mkdocs-touchpoints-codeowners")
    assert hook["entry"] == "mkdocs-touchpoints codeowners"
    assert hook["args"] == ["journeys", "--check", ".github/CODEOWNERS"]
    assert hook["pass_filenames"] is False


def test_pre_commit_fails_when_the_block_is_stale(
    repo: Repo, tmp_path: Path, cli: Run, monkeypatch
) -> None:
    env = use_hook(repo, tmp_path, "mkdocs-touchpoints-codeowners")
    repo.put(FIXTURES / "hostile" / "journeys")
    monkeypatch.chdir(repo.root)
    _, block, _ = cli("codeowners")
    (repo.root / ".github").mkdir()
    (repo.root / ".github" / "CODEOWNERS").write_bytes(b"* @ejemplo/admins\n" + block)
    repo.git("add", "-A")
    done = pre_commit(repo.root, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
    journey = repo.root / "journeys" / "sin-revisores.yml"
    journey.write_text(journey.read_text().replace("owner: legal", "owner: ventas", 1))
    repo.git("add", "-A")
    done = pre_commit(repo.root, env, "run")
    assert done.returncode == 1
    assert ".github/CODEOWNERS:5:1: error: the mkdocs-touchpoints block is stale" in done.stdout
