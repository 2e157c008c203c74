"""Issue 23, "Hostile pull requests II": what a stranger's files can do to the outputs.

Each case of the issue is a regression test through the CLI (and `mkdocs build` for the
crash cases); a Hypothesis property writes hostile Unicode into every text field and file
name and runs every output format (docs/security.md, "Output sinks").
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.diff.render import with_diagrams
from mkdocs_touchpoints.sinks.markdown import utf16_len
from tests.plugin.conftest import TEAMS, journey_yaml, make_site, run_tool

GITHUB_TEAMS = TEAMS.replace("name: Online shop", "name: Online shop\n    github: '@acme/shop'")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def run(*argv: str) -> tuple[int, str, str]:
    """The CLI in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    """Control characters (Unicode category Cc) in `text` other than `allowed`, and bidi
    overrides or isolates."""
    found = [c for c in text if unicodedata.category(c) == "Cc" and c not in allowed]
    return found + BIDI.findall(text)


def journey(title: str = "A journey", **fields: str) -> str:
    """The fixture journey with `fields` (YAML-quoted) added to its first step."""
    text = journey_yaml(title=json.dumps(title))
    action = json.dumps(fields.pop("action", "Reads the offer"))
    extra = "".join(f", {k}: {json.dumps(v)}" for k, v in fields.items())
    return text.replace("action: Reads the offer", f"action: {action}{extra}", 1)


def handbook(root: Path, files: dict[str, str], teams: str = GITHUB_TEAMS) -> Path:
    folder = root / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_teams.yml").write_text(teams, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_bytes(text.encode())
    return folder


# --- A folder can stand in for a revision -----------------------------------------------


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_a_folder_named_like_a_revision_is_refused(tmp_path: Path, monkeypatch) -> None:
    handbook(tmp_path, {"a.yml": journey(), "b.yml": journey("B")})
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "base")
    # The pull request: a folder HEAD holding the old journeys, and b.yml deleted.
    (tmp_path / "HEAD").mkdir()
    for name in ("a.yml", "b.yml", "_teams.yml"):
        (tmp_path / "HEAD" / name).write_bytes((tmp_path / "journeys" / name).read_bytes())
    (tmp_path / "journeys" / "b.yml").unlink()
    monkeypatch.chdir(tmp_path)
    code, out, err = run("diff", "main", "HEAD", "--fail-on", "breaking")
    assert code == 2
    assert "ambiguous argument 'HEAD'" in err
    assert "./HEAD" in err and "HEAD^{commit}" in err
    # Named unambiguously, each works.
    assert run("diff", "./HEAD", "journeys", "--format", "json")[0] == 0
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "pr")
    code, out, _ = run("diff", "HEAD~1", "HEAD^{commit}", "--fail-on", "breaking")
    assert code == 1 and "journey removed" in out


def test_the_documented_workflow_updates_only_the_bots_comment() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    assert 'c.user.login === "github-actions[bot]"' in docs
    assert "c.body.startsWith(marker)" in docs
    assert "mkdocs-touchpoints diff \"$BASE_SHA\" 'HEAD^{commit}'" in docs


# --- Control characters reach logs, terminals and files raw --------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (b"new\nline.yml", "bad-file-name"),
        (b"::error x.yml", None),
        (b"esc\x1b]52;c;AAAA\x07.yml", "bad-file-name"),
        (b"caf\xe9.yml", "bad-file-name"),
        (b"rtl\xe2\x80\xaelmth.yml", "bad-file-name"),
    ],
)
def test_file_names_never_reach_a_log_raw(tmp_path: Path, name: bytes, code: str | None) -> None:
    folder = handbook(tmp_path, {"a.yml": journey()})
    with open(os.path.join(os.fsencode(folder), name), "wb") as file:
        file.write(journey("X").replace("title", "id: x\ntitle").encode())
    for output in ("text", "github", "json"):
        status, out, err = run("validate", str(folder), "--format", output)
        assert raw_controls(out) == [] and raw_controls(err) == []
        assert not any(line.startswith("::") for line in out.splitlines() if output == "text")
        if code:
            assert status == 1 and (code in out or output != "json")
    if code is None:
        assert run("validate", str(folder))[0] == 0


@pytest.mark.parametrize(
    "title",
    ["a\x1b[2J\x1b]52;c;AAAA\x07", "x\u202egnp.exe", "a\x85b", "a\x00b", "a\u2066b"],
)
def test_control_characters_in_names_are_located_errors(tmp_path: Path, title: str) -> None:
    folder = handbook(tmp_path, {"a.yml": journey(title)})
    code, out, _ = run("validate", str(folder), "--format", "json")
    assert code == 1
    assert [d["code"] for d in json.loads(out)] == ["control-character"]
    assert json.loads(out)[0]["line"] == 1


def test_free_text_keeps_bidi_marks_and_the_terminal_shows_them_escaped(tmp_path: Path) -> None:
    base = handbook(tmp_path / "base", {"a.yml": journey()})
    head = handbook(tmp_path / "head", {"a.yml": journey(pain_point="שלום \u202eabc\u200b")})
    assert run("validate", str(head))[0] == 0
    _, out, _ = run("diff", str(base), str(head), "--format", "text")
    assert "\u202e" not in out and "\u200b" not in out  # quoted values: spaces or escapes
    assert raw_controls(out) == []
    _, gh, _ = run("diff", str(base), str(head), "--format", "github")
    assert raw_controls(gh) == []


def test_free_text_rejects_c0_and_c1_controls(tmp_path: Path) -> None:
    folder = handbook(
        tmp_path,
        {"a.yml": journey(pain_point="a\x1b[31mb"), "b.yml": journey("B", opportunity="\x9b2J")},
    )
    code, out, _ = run("validate", str(folder), "--format", "json")
    assert code == 1
    assert [d["code"] for d in json.loads(out)] == ["control-character"] * 2


def test_codeowners_lines_stay_one_per_journey(tmp_path: Path, monkeypatch) -> None:
    names = ["a b.yml", "star*.yml", "q?.yml", "[x].yml", "!neg.yml", "#hash.yml", "back\\s.yml"]
    files = {n: journey(n).replace("title", f"id: j{i}\ntitle") for i, n in enumerate(names)}
    folder = handbook(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("codeowners", str(folder))
    assert code == 0
    lines = out.splitlines()[1:-1]
    assert len(lines) == len(names)
    assert all(line.startswith("/journeys/") and line.endswith(" @acme/shop") for line in lines)
    assert all(not re.search(r"(?<!\\)[ *?\[\]!#]", line.rsplit(" ", 1)[0]) for line in lines)
    (tmp_path / "CODEOWNERS").write_text(out, encoding="utf-8")
    assert run("codeowners", str(folder), "--check", "CODEOWNERS")[0] == 0


# --- The pull-request comment cannot be rewritten from inside ------------------------------


def _blocks(markdown: str) -> list[str]:
    return [t.type for t in MarkdownIt("commonmark").enable("table").parse(markdown) if t.block]


HOSTILE_TITLE = "T\n\n# Owned\n![x](https://evil.example/p.png)\n```\n</details>\n\n<script>"


def test_the_comment_keeps_its_structure_whatever_the_title(tmp_path: Path) -> None:
    base = handbook(tmp_path / "base", {"a.yml": journey()})
    clean = handbook(tmp_path / "clean", {"a.yml": journey("Clean", action="x")})
    head = handbook(
        tmp_path / "head",
        {"a.yml": journey(HOSTILE_TITLE, action="%%{init: {'theme':'dark'}}%% @octocat #1 o/r#2")},
    )
    assert run("validate", str(head))[0] == 0
    _, hostile_md, _ = run("diff", str(base), str(head), "--mermaid")
    _, clean_md, _ = run("diff", str(base), str(clean), "--mermaid")
    assert _blocks(hostile_md) == _blocks(clean_md)
    maps = hostile_md.split("#### Journey maps", 1)[1]
    assert "%%{" not in maps and "%%" not in maps.replace("%% journey: a", "")
    tables = hostile_md.split("#### Journey maps", 1)[0]  # the maps are code: nobody notified
    assert "@octocat" not in tables and "#1" not in tables and "r#2" not in tables
    assert "<script>" not in tables and "![x]" not in tables


def test_the_comment_budget_counts_utf16_units() -> None:
    emoji = "😀" * 20_000  # 20,000 code points, 40,000 UTF-16 units
    diagrams = [(f"j{i}", "t", f"journey\n  title {emoji}\n") for i in range(3)]
    comment = with_diagrams("<!-- x -->\n", diagrams)
    assert utf16_len(comment) <= 65_536
    assert comment.count("<details>") == 1


# --- Small files amplify; bounded work ------------------------------------------------------


def test_aliases_expanding_past_the_budget_are_located_errors(tmp_path: Path) -> None:
    long = "x" * 20_000
    steps = "".join("  - {phase: need, touchpoint: web, action: *a}\n" for _ in range(200))
    text = journey().replace("action: Buys", f"action: &a {long}") + steps
    folder = handbook(tmp_path, {"a.yml": text})
    started = time.perf_counter()
    code, out, _ = run("validate", str(folder), "--format", "json")
    assert time.perf_counter() - started < 2
    found = [d for d in json.loads(out) if d["severity"] == "error"]
    assert code == 1 and [d["code"] for d in found] == ["alias-budget"]
    assert found[0]["line"] > 10
    assert run("export", str(folder), "--format", "csv")[0] == 1


def test_long_unknown_ids_do_not_make_suggestions_slow(tmp_path: Path) -> None:
    long = "p" * 40_000
    steps = "".join("  - {phase: *a, touchpoint: *a, action: x}\n" for _ in range(5))
    text = journey().replace("phase: need, touchpoint: mail", f"phase: &a {long}, touchpoint: mail")
    folder = handbook(tmp_path, {"a.yml": text + steps})
    started = time.perf_counter()
    code, out, _ = run("validate", str(folder), "--format", "json")
    assert time.perf_counter() - started < 2
    assert code == 1 and "unknown-phase" in out


def test_a_megabyte_of_mermaid_comments_imports_quickly(tmp_path: Path) -> None:
    path = tmp_path / "big.mmd"
    path.write_text(
        "journey\n" + "%% a comment line\n" * 55_000 + "\n" * 10_000 + "section S\n  a: 3: Me\n"
    )
    started = time.perf_counter()
    code, out, _ = run("import", "mermaid", str(path), "--owner", "shop")
    assert time.perf_counter() - started < 2
    assert code == 0 and "action: a" in out


def test_csv_guards_a_formula_after_a_list_separator(tmp_path: Path) -> None:
    folder = handbook(tmp_path, {"a.yml": journey(pain_point='ok;=HYPERLINK("http://x")')})
    _, out, _ = run("export", str(folder), "--format", "csv")
    assert "ok;'=HYPERLINK" in out


def test_ids_over_the_limit_and_case_clashes_are_errors(tmp_path: Path) -> None:
    folder = handbook(
        tmp_path,
        {
            "a.yml": journey().replace("title", f"id: {'a' * 300}\ntitle"),
            ("b" * 120) + ".yml": journey("B"),
        },
    )
    for number, sub in enumerate(("Sales", "sales")):
        (folder / sub).mkdir()
        (folder / sub / f"s{number}.yml").write_text(journey(f"S{number}"))
    code, out, _ = run("validate", str(folder), "--format", "json")
    codes = sorted(d["code"] for d in json.loads(out) if d["severity"] == "error")
    assert code == 1 and codes == ["case-clash", "id-too-long", "id-too-long"]


# --- Odd names crash the build: now located errors ------------------------------------------


@pytest.mark.slow
def test_the_build_stops_with_located_errors_not_a_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"a.yml": journey_yaml()})
    with open(os.path.join(os.fsencode(site.root / "journeys"), b"caf\xe9.yml"), "wb") as file:
        file.write(journey_yaml().encode())
    (site.root / "journeys" / "long.yml").write_text(
        journey_yaml().replace("title", f"id: {'x' * 300}\ntitle")
    )
    done = run_tool("mkdocs", site)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "caf\\xe9.yml:1:1: error" in done.stderr
    assert "id-too-long" in done.stderr or "over the limit of 100" in done.stderr


# --- Fuzz: hostile Unicode in every text field and file name --------------------------------

HOSTILE_CHARS = st.sampled_from(
    [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
    + list("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u2028\u2029\u061c")
    + [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
    + list("|`#@*_[]<>&%:;,!?{}\\\"' \n")
)
HOSTILE = st.text(st.one_of(HOSTILE_CHARS, st.characters(codec="utf-8")), min_size=1, max_size=12)
FIELDS = ("title", "persona", "phase", "touchpoint", "action", "pain_point", "opportunity", "team")


def _fuzz_journey(values: dict[str, str]) -> str:
    def q(key: str) -> str:
        return json.dumps(values[key])

    return (
        f"title: {q('title')}\nowner: shop\npersona: {q('persona')}\ntags: [{q('persona')}]\n"
        f"phases:\n  - {{id: need, name: {q('phase')}}}\n"
        "touchpoints:\n"
        f"  - {{id: web, name: {q('touchpoint')}, channel: web, type: reactive}}\n"
        f"steps:\n  - {{phase: need, touchpoint: web, action: {q('action')}, "
        f"pain_point: {q('pain_point')}, opportunity: {q('opportunity')}, sentiment: 1}}\n"
    )


def _outputs(root: Path, base: Path, head: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for output in ("text", "github", "json"):
        _, out, err = run("validate", str(head), "--format", output)
        found[f"validate {output}"] = out + err
    for output in ("markdown", "text", "github", "json"):
        _, out, err = run("diff", str(base), str(head), "--format", output)
        found[f"diff {output}"] = out + err
    found["diff markdown --mermaid"] = run("diff", str(base), str(head), "--mermaid")[1]
    for output in ("csv", "json", "mermaid"):
        _, out, err = run("export", str(head), "--format", output)
        found[f"export {output}"] = out + err
    with contextlib.chdir(root):
        _, out, err = run("codeowners", str(head))
    found["codeowners"] = out
    found["codeowners stderr"] = err
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries({f: HOSTILE for f in FIELDS}), name=HOSTILE)
def test_fuzz_no_output_carries_a_raw_control_character(
    tmp_path_factory: pytest.TempPathFactory, values: dict[str, str], name: str
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    teams = GITHUB_TEAMS.replace("name: Online shop", f"name: {json.dumps(values['team'])}")
    base = handbook(root / "base", {"j.yml": _fuzz_journey(dict.fromkeys(FIELDS, "base"))}, teams)
    file_name = re.sub(r"[/\x00]", "_", name) + ".yml"
    file_name = ("x" if file_name.startswith((".", "_")) else "") + file_name
    head_text = _fuzz_journey(values).replace("title:", "id: j\ntitle:", 1)
    head = handbook(root / "head", {file_name: head_text}, teams)
    outputs = _outputs(root, base, head)
    for label, text in outputs.items():
        allowed = "\n\r\t" if label == "export csv" else "\n"
        assert raw_controls(text, allowed) == [], label
    valid = run("validate", str(head))[0] == 0
    if valid:
        plain = {k: f"plain {k}" for k in FIELDS}
        clean = handbook(root / "clean", {"j.yml": _fuzz_journey(plain)}, teams)
        for label in ("markdown", "mermaid"):
            extra = ["--mermaid"] if label == "mermaid" else []
            hostile_md = run("diff", str(base), str(head), *extra)[1]
            clean_md = run("diff", str(base), str(clean), *extra)[1]
            assert _blocks(hostile_md) == _blocks(clean_md), label
        owners = outputs["codeowners"].splitlines()
        assert owners[0].startswith("# BEGIN") and owners[-1].startswith("# END")
        assert len(owners) == 3
