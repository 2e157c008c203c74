"""An untrusted pull request plants links, special files and long values in journeys/.

Each case goes through every entry point that reads journeys (`validate` in each format,
a real `mkdocs build`, `diff` of two folders), each run bounded in time and memory, and
its output is compared with a golden file under golden/<case>/. Nothing may print the
secret beside the handbook, hang, or read without bound.

Rewrite the goldens after an intended change with `pytest --update-goldens` and review
the diff; a missing golden fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.goldens import Golden

from .conftest import (
    CASES,
    CLI_RSS_GROWTH_KB,
    CLI_SECONDS,
    CLI_WALL_SECONDS,
    GOLDEN,
    SECRET,
    TIMEOUT,
    BoundedRun,
    hostile_site,
    run_build,
    run_cli,
)

pytestmark = pytest.mark.slow
"""Slow: every test runs the CLI, MkDocs or git in a subprocess on hostile files."""

LINE_LIMIT = 400
"""Longest line any output may have (a 3,000-character value gave 3,127 before)."""
WARNING_ONLY = {"folder-link"}
"""Cases that are reported as a warning: the rest are errors."""
_MKDOCS_NOISE = re.compile(r"^(INFO|DEBUG)\b|Documentation built in|Building documentation")


def _assert_safe(text: str) -> None:
    """No secret, no value echoed whole, no endless line."""
    assert SECRET not in text
    assert "hunter2" not in text
    assert "AWS_SECRET_ACCESS_KEY" not in text
    assert "a" * 61 not in text
    longest = max((len(line) for line in text.splitlines()), default=0)
    assert longest <= LINE_LIMIT


def _assert_bounded(run: BoundedRun) -> None:
    assert run.cpu_seconds < CLI_SECONDS, f"{run.cpu_seconds:.2f} s of CPU"
    assert run.seconds < CLI_WALL_SECONDS, f"{run.seconds:.2f} s"
    assert run.rss_growth_kb < CLI_RSS_GROWTH_KB, f"{run.rss_growth_kb:,} kB"


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_the_case_in_every_format(
    case: str, tmp_path: Path, golden: Golden
) -> None:
    root = hostile_site(tmp_path, case)
    for output in ("text", "github", "json"):
        run = run_cli(root, "validate", "journeys", "--format", output)
        _assert_bounded(run)
        _assert_safe(run.out + run.err)
        assert run.code == (0 if case in WARNING_ONLY else 1)
        golden.check(GOLDEN / case / f"validate.{output}", f"{run.out}exit {run.code}\n")
    strict = run_cli(root, "validate", "journeys", "--strict")
    _assert_bounded(strict)
    assert strict.code == 1


@pytest.mark.parametrize("case", CASES)
def test_mkdocs_build_stops_on_the_case(case: str, tmp_path: Path, golden: Golden) -> None:
    root = hostile_site(tmp_path, case)
    done = run_build(root)
    _assert_safe(done.stdout + done.stderr)
    assert done.returncode == (0 if case in WARNING_ONLY else 1), done.stderr
    site = root / "site"
    if site.is_dir():
        for page in site.rglob("*.html"):
            assert SECRET not in page.read_text(encoding="utf-8")
    reported = [
        line.replace(str(root), "ROOT")
        for line in done.stderr.splitlines()
        if line.strip() and not _MKDOCS_NOISE.search(line)
    ]
    golden.check(GOLDEN / case / "build.txt", "\n".join(reported) + f"\nexit {done.returncode}\n")


@pytest.mark.parametrize("case", CASES)
def test_diff_of_folders_reports_the_case(case: str, tmp_path: Path, golden: Golden) -> None:
    root = hostile_site(tmp_path, case)
    run = run_cli(root, "diff", "base", "journeys", "--format", "text")
    _assert_bounded(run)
    _assert_safe(run.out + run.err)
    assert run.code == (0 if case in WARNING_ONLY else 2)
    golden.check(GOLDEN / case / "diff.txt", f"{run.out}{run.err}exit {run.code}\n")


EXCHANGE = {
    "export": ("export", "journeys", "--format", "csv"),
    "codeowners": ("codeowners", "journeys"),
}


@pytest.mark.parametrize("command", sorted(EXCHANGE))
@pytest.mark.parametrize("case", CASES)
def test_export_and_codeowners_report_the_case(
    case: str, command: str, tmp_path: Path, golden: Golden
) -> None:
    root = hostile_site(tmp_path, case)
    run = run_cli(root, *EXCHANGE[command])
    _assert_bounded(run)
    _assert_safe(run.out + run.err)
    assert run.code == (0 if case in WARNING_ONLY else 1)
    golden.check(GOLDEN / case / f"{command}.txt", f"{run.out}{run.err}exit {run.code}\n")


def test_codeowners_check_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "long-value")
    (root / "journeys" / "long.yml").unlink()
    os.mkfifo(root / "CODEOWNERS")
    run = run_cli(root, "codeowners", "journeys", "--check", "CODEOWNERS")
    _assert_bounded(run)
    assert run.code == 1
    assert run.out == "CODEOWNERS:1:1: error: a named pipe, not a regular file: it is not read\n"


@pytest.mark.parametrize("case", CASES)
def test_generate_reports_the_case_and_writes_nothing_from_it(
    case: str, tmp_path: Path, golden: Golden
) -> None:
    root = hostile_site(tmp_path, case)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    run = run_cli(root, "generate", "-f", "mkdocs.yml")
    _assert_bounded(run)
    _assert_safe(run.out + run.err)
    assert run.code == (0 if case in WARNING_ONLY else 1)
    written = [p for p in (root / "docs").rglob("*") if p.is_file()]
    if case not in WARNING_ONLY:
        assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")) == before
    for page in written:
        assert SECRET not in page.read_text(encoding="utf-8", errors="replace")
    golden.check(GOLDEN / case / "generate.txt", f"{run.out}{run.err}exit {run.code}\n")


FENCE_SCRIPT = """
import sys, time, markdown
started = time.perf_counter()
html = markdown.markdown(
    "# Page\\n\\n```touchpoints\\njourney: a\\n```\\n",
    extensions=["mkdocs_touchpoints.markdown"],
    extension_configs={"mkdocs_touchpoints.markdown": {"journeys_dir": "journeys"}},
)
sys.stdout.write(html)
sys.stderr.write(f"\\nseconds={time.perf_counter() - started:.3f}\\n")
"""


@pytest.mark.parametrize("case", CASES)
def test_the_fence_reads_a_hostile_folder_as_safely(case: str, tmp_path: Path) -> None:
    root = hostile_site(tmp_path, case)
    done = subprocess.run(
        [sys.executable, "-c", FENCE_SCRIPT],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert "a" * 61 not in done.stdout + done.stderr
    assert "data-tp-figure" in done.stdout  # journey `a` is valid: its charts draw


def test_diff_of_the_working_tree_reads_as_safely(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "link-out")
    run = run_cli(root, "diff", "base", "--format", "github")
    _assert_bounded(run)
    _assert_safe(run.out + run.err)
    assert run.code == 2
    assert "::error file=journeys/env.yml,line=1,col=1::symbolic link that leads out" in run.out


def test_a_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "long-value")
    (root / "journeys" / "long.yml").unlink()
    (root / "journeys" / "copy.yml").symlink_to("a.yml")
    run = run_cli(root, "validate", "journeys", "--strict")
    assert (run.code, run.out) == (0, "")
    assert "2 valid journeys" in run.err


def test_a_single_file_given_as_a_link_out_is_refused(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "link-out")
    run = run_cli(root, "validate", "journeys/env.yml")
    _assert_safe(run.out + run.err)
    assert run.code == 1
    assert run.out.startswith("journeys/env.yml:1:1: error: symbolic link that leads out")


def test_a_fifo_given_on_the_command_line_does_not_hang(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "fifo")
    run = run_cli(root, "validate", "journeys/pipe.yml")
    _assert_bounded(run)
    assert run.code == 1
    assert "journeys/pipe.yml:1:1: error: a named pipe, not a regular file" in run.out


def test_generate_writes_through_no_link_and_opens_no_fifo(tmp_path: Path) -> None:
    root = hostile_site(tmp_path, "long-value")
    (root / "journeys" / "long.yml").unlink()
    outside = root / "outside"
    outside.mkdir()
    (outside / "index.md").write_text(SECRET, encoding="utf-8")
    (root / "docs" / "journeys").symlink_to(outside, target_is_directory=True)
    (root / "docs" / "teams").mkdir()
    os.mkfifo(root / "docs" / "teams" / "index.md")
    run = run_cli(root, "generate", "-f", "mkdocs.yml")
    _assert_bounded(run)
    _assert_safe(run.out + run.err)
    assert run.code == 1
    assert "docs/journeys: is a symbolic link; generate never writes through one" in run.err
    assert "docs/teams/index.md: is not a regular file; not overwritten" in run.err
    assert (outside / "index.md").read_text(encoding="utf-8") == SECRET
    assert sorted(p.name for p in outside.iterdir()) == ["index.md"]
