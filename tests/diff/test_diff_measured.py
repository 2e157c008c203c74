"""The diff of measured metrics: definitions and latest shown scores, from folders and from
git revisions; `--fail-on warning` on a score that misses its target."""

from __future__ import annotations

import json
from pathlib import Path

from tests.diff.conftest import Repo, measured_pair


def test_a_score_that_misses_its_target_fails_on_warning(cli, tmp_path: Path, monkeypatch) -> None:
    measured_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("diff", "base", "head", "--format", "json", "--fail-on", "warning")
    assert code == 1
    changes = json.loads(out)["changes"]
    assert [(c["kind"], c["code"], c["severity"]) for c in changes] == [
        ("measurement_changed", "TP-W009", "warning")
    ]
    change = changes[0]
    assert (change["journey"], change["target"]) == ("phone-purchase", "nps-purchase")
    assert change["old"] == 100 * (144 - 89) / 259
    assert change["new"] == 100 * (402 - 515) / 1204
    assert (change["path"], change["line"]) == ("head/_metrics/surveys.csv", 5)
    assert change["measurement"]["target_status"] == "missed"
    assert cli("diff", "base", "head", "--fail-on", "breaking")[0] == 0


def test_the_comment_shows_old_new_interval_and_target(cli, tmp_path: Path, monkeypatch) -> None:
    measured_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("diff", "base", "head", "--format", "markdown")
    assert code == 0
    row = next(line for line in out.splitlines() if "TP-W009" in line)
    assert "21.2 (2026-01) → -9.4 (2026-02)" in row
    assert "-14.3 to -4.5" in row and "&gt;= 30: ❌ missed" in row


def test_an_unchanged_score_is_no_change(cli, tmp_path: Path, monkeypatch) -> None:
    base, head = measured_pair(tmp_path)
    (head / "_metrics" / "surveys.csv").write_text(
        (base / "_metrics" / "surveys.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("diff", "base", "head", "--format", "json", "--fail-on", "warning")
    assert code == 0 and json.loads(out)["changes"] == []


def test_revisions_are_read_with_their_metrics(
    cli, repo: Repo, tmp_path: Path, monkeypatch
) -> None:
    base, head = measured_pair(tmp_path)
    repo.put(base)
    repo.commit("base")
    repo.put(head)
    repo.commit("a month of numbers")
    monkeypatch.chdir(repo.root)
    code, out, err = cli("diff", "HEAD~1", "HEAD", "--format", "github")
    assert code == 0, err
    assert out.startswith(
        "::warning file=journeys/_metrics/surveys.csv,line=5,col=1,"
        "title=TP-W009 measurement changed::"
    )
