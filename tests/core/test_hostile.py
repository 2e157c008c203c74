"""Hostile files are rejected with a located error, quickly and in bounded memory."""

from __future__ import annotations

import datetime
import json
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.reading import yamlsource

ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)
HOSTILE: dict[str, bytes] = {
    "alias-bomb": (ALIAS_BOMB + "\ntitle: x\n").encode(),
    "deep-flow": b"title: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(500)).encode(),
    "deep-mapping": b"title: " + b"{a: " * 20_000 + b"1" + b"}" * 20_000 + b"\n",
    "too-large": b"title: x\n" + b"# padding\n" * 120_000,
    "not-utf8": b"title: caf\xe9\n",
    "binary": bytes(range(256)) * 8,
    "utf16": "title: x\n".encode("utf-16"),
    "python-tag": b"title: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
    "python-name": b"title: !!python/name:os.system\n",
    "duplicate-keys": b"title: a\ntitle: b\n",
    "tabs": b"title: a\nphases:\n\t- x\n",
    "empty": b"",
    "only-comment": b"# nothing\n",
    "scalar-top": b"just text\n",
    "list-top": b"- a\n- b\n",
    "null-top": b"~\n",
    "nul-byte": b"title: a\x00\n",
}
EXPECTED_CODE = {
    "alias-bomb": "alias-budget",
    "deep-flow": "too-deep",
    "deep-block": "too-deep",
    "deep-mapping": "too-deep",
    "too-large": "file-too-large",
    "not-utf8": "encoding",
    "binary": "encoding",
    "utf16": "encoding",
    "python-tag": "unsafe-tag",
    "python-name": "unsafe-tag",
    "duplicate-keys": "duplicate-key",
    "tabs": "yaml-syntax",
    "empty": "empty-file",
    "only-comment": "empty-file",
    "scalar-top": "not-a-mapping",
    "list-top": "not-a-mapping",
    "null-top": "empty-file",
    "nul-byte": "encoding",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_rejected_quickly_with_a_located_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"{name}.yml"
    path.write_bytes(HOSTILE[name])
    tracemalloc.start()
    started = time.perf_counter()
    code = main(["validate", str(path), "--format", "json"])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    diagnostics = json.loads(capsys.readouterr().out)
    assert code == 1
    assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
    assert peak < 64 * 1024 * 1024, f"{name} peaked at {peak / 1e6:.0f} MB"
    assert [d["code"] for d in diagnostics] == [EXPECTED_CODE[name]]
    (diagnostic,) = diagnostics
    assert diagnostic["path"] == str(path)
    assert diagnostic["line"] >= 1 and diagnostic["column"] >= 1


def test_python_tags_construct_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "j.yml"
    path.write_text(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert main(["validate", str(path)]) == 1
    assert not marker.exists()


def test_encoding_error_names_the_byte_offset(tmp_path: Path, capsys) -> None:
    path = tmp_path / "j.yml"
    path.write_bytes(b"title: ok\nowner: caf\xe9\n")
    main(["validate", str(path)])
    assert f"{path}:2:11: error: not valid UTF-8 at byte offset 20" in capsys.readouterr().out


def test_a_bom_is_accepted(tmp_path: Path, capsys) -> None:
    path = tmp_path / "j.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: x\n")
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert "encoding" not in out
    assert f"{path}:1:1: error: missing required key 'owner' in journey" in out


def test_libyaml_own_depth_error_becomes_the_projects_too_deep_at_the_same_place() -> None:
    """PyYAML 6.0.4's libyaml stops at 1,000 levels; 6.0.3's does not. Same diagnostic on both."""
    text = "title: " + "[" * 2_000 + "]" * 2_000 + "\n"
    with pytest.raises(yamlsource.YamlProblem) as own:
        yamlsource.parse(text[:200])  # far below libyaml's limit on every version
    libyaml_error = yaml.MarkedYAMLError(
        problem=f"while increasing flow level, {yamlsource.LIBYAML_DEPTH_PROBLEM}",
        problem_mark=yaml.Mark("<unicode string>", 1006, 0, 1006, None, None),
    )
    mapped = yamlsource._depth_problem(text, libyaml_error.problem_mark)
    assert (mapped.code, mapped.mark, mapped.message) == (
        own.value.code,
        own.value.mark,
        own.value.message,
    )
    assert own.value.code == "too-deep"
    assert (own.value.mark.line, own.value.mark.column) == (
        1,
        7 + yamlsource.MAX_DEPTH,
    )  # the root mapping is a level too


@pytest.mark.parametrize("text", ["0b_", "0x_", "-0b_", "0o_", "2026-02-30", "2026-13-01"])
def test_scalars_yaml_11_cannot_build_are_the_text_written(text: str) -> None:
    """YAML 1.1's patterns match some texts its constructors cannot build: untagged they
    stay text (as YAML 1.2 reads them), never a traceback."""
    parsed = yamlsource.parse(f"title: {text}\nwhen: 2026-02-28\n")
    assert parsed == {"title": text, "when": datetime.date(2026, 2, 28)}


def test_a_tagged_scalar_that_cannot_be_built_is_a_located_error() -> None:
    with pytest.raises(yamlsource.YamlProblem) as problem:
        yamlsource.parse("title: x\ncount: !!int 0x_\n")
    assert (problem.value.code, str(problem.value.mark.line)) == ("bad-value", "2")
