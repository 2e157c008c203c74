"""The `.pre-commit-hooks.yaml` at the repository root, run by pre-commit itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.diff.conftest import FIXTURES

ROOT = Path(__file__).parents[2]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hook_definition(hook_id: str) -> dict:
    """The hook of that id in `.pre-commit-hooks.yaml`."""
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == hook_id]
    return hook


def test_the_hook_runs_validate_over_the_journeys_folder() -> None:
    hook = hook_definition("mkdocs-touchpoints-validate")
    assert hook["id"] == "mkdocs-touchpoints-validate"
    assert hook["entry"] == "mkdocs-touchpoints validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def hooked(repo, tmp_path):
    """A repo with journeys, whose pre-commit config runs our hook from the installed package.

    The hook's definition comes from `.pre-commit-hooks.yaml` as written; only its
    language is `system` (the package installed in this environment) so that the
    test runs offline. `test_try_repo_installs_the_hook` runs the real thing.
    """
    env = use_hook(repo, tmp_path, "mkdocs-touchpoints-validate")
    repo.put(FIXTURES / "everything" / "head")
    repo.git("add", "-A")
    return repo, env


def use_hook(repo, tmp_path: Path, hook_id: str) -> dict[str, str]:
    """Configure `repo` to run one of our hooks from the installed package; its environment."""
    pytest.importorskip("pre_commit")
    local = {**hook_definition(hook_id), "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo.root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    return {
        **repo.env,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), repo.env.get("PATH", "")]),
    }


def test_pre_commit_passes_valid_journeys_and_stops_invalid_ones(hooked) -> None:
    repo, env = hooked
    done = pre_commit(repo.root, env, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "validate journey maps" in done.stdout and "Passed" in done.stdout
    shop = repo.root / "journeys" / "shop.yml"
    shop.write_text(shop.read_text().replace("owner: crm\n", "owner: crn\n", 1))
    repo.git("add", "-A")
    done = pre_commit(repo.root, env, "run")
    assert done.returncode == 1
    assert "journeys/shop.yml:5:8: error: unknown team 'crn'; did you mean 'crm'?" in done.stdout


def test_pre_commit_skips_commits_that_do_not_touch_journeys(hooked) -> None:
    repo, env = hooked
    repo.commit("journeys")
    (repo.root / "README.md").write_text("hello\n")
    repo.git("add", "README.md")
    done = pre_commit(repo.root, env, "run")
    assert done.returncode == 0
    assert "(no files to check)Skipped" in done.stdout


@pytest.mark.skipif(
    not os.environ.get("TOUCHPOINTS_NETWORK_TESTS"),
    reason="installs the package and its dependencies from PyPI; set TOUCHPOINTS_NETWORK_TESTS=1",
)
def test_try_repo_installs_the_hook(repo, tmp_path) -> None:
    """`pre-commit try-repo` on a copy of this repository: the hook as users get it."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "site", "*.egg-info", "__pycache__", ".*cache"
        ),
    )
    subprocess.run(["git", "init", "-q"], cwd=source, env=repo.env, check=True)
    subprocess.run(["git", "add", "-A"], cwd=source, env=repo.env, check=True)
    subprocess.run(["git", "commit", "-qm", "snapshot"], cwd=source, env=repo.env, check=True)
    repo.put(FIXTURES / "everything" / "head")
    repo.git("add", "-A")
    env = {**repo.env, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = pre_commit(
        repo.root, env, "try-repo", str(source), "mkdocs-touchpoints-validate", "--all-files"
    )
    if done.returncode != 0 and "Could not" in done.stdout + done.stderr:
        pytest.skip("no network to install the hook: " + done.stderr[-300:])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
