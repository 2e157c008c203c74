"""Worst cases of issue 23 ("Hostile pull requests II"), timed and printed (not a test).

Each case is a file a pull request could add, within the size limits; the command runs in
this process, as `mkdocs-touchpoints` would. The issue's bound: no command over 2 s on any
file within the limits, no output more than linear in the input's bytes.

    .venv/bin/python benchmarks/hostile.py
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs_touchpoints.cli import main

TEAMS = "teams:\n  - {id: shop, name: Shop, github: '@acme/shop'}\n"
HEAD = (
    "title: T\nowner: shop\nphases: [Need]\n"
    "touchpoints:\n  - {id: web, name: Web, channel: web, type: reactive}\nsteps:\n"
)
MIB = 1024 * 1024


def _folder(root: Path, name: str, text: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "_teams.yml").write_text(TEAMS)
    (folder / "j.yml").write_text(text)
    return folder


def _aliases(long: int, count: int) -> str:
    """One anchored action of `long` characters, aliased by `count` steps."""
    steps = f"  - {{phase: need, touchpoint: web, action: &a {'x' * long}}}\n"
    steps += "  - {phase: need, touchpoint: web, action: *a}\n" * count
    return HEAD + steps


def _long_unknown_ids() -> str:
    """Unknown phase ids of 40,000 characters, aliased: the did-you-mean used to be seconds."""
    steps = f"  - {{phase: &a {'p' * 40_000}, touchpoint: web, action: x}}\n"
    steps += "  - {phase: *a, touchpoint: *a, action: x}\n" * 20
    return HEAD + steps


def _timed(argv: list[str]) -> tuple[float, int, int]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        started = time.perf_counter()
        code = main(argv)
        seconds = time.perf_counter() - started
    return seconds, code, len(out.getvalue())


def main_() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # 1 MiB of aliases: an anchor near the budget's edge, aliased until the file is 1 MiB.
        bomb = _aliases(60_000, (MIB - 61_000) // 48)
        within = _aliases(20_000, 8)  # expands to 180 KB: within the budget
        base = _folder(root, "base", _aliases(20_000, 1))
        # A 1 MiB file whose aliases expand to just under the budget (10x its size + 64 KiB).
        edge = _aliases(100_000, 100)
        edge += "#" * 99 + "\n"
        edge += ("#" * 99 + "\n") * ((MIB - len(edge) - 200) // 100)
        cases = {
            "export csv: 1 MiB file at the alias budget": (
                ["export", str(_folder(root, "edge", edge)), "--format", "csv"],
                len(edge),
            ),
            "validate: 1 MiB file at the alias budget": (
                ["validate", str(root / "edge")],
                len(edge),
            ),
            "validate: 1 MiB of aliases (alias-budget)": (
                ["validate", str(_folder(root, "bomb", bomb)), "--format", "json"],
                len(bomb),
            ),
            "validate: long unknown ids (aliased 40 KB)": (
                ["validate", str(_folder(root, "ids", _long_unknown_ids()))],
                0,
            ),
            "export csv: aliases within the budget": (
                ["export", str(_folder(root, "within", within)), "--format", "csv"],
                len(within),
            ),
            "diff: long aliased actions": (
                ["diff", str(base), str(root / "within"), "--format", "text"],
                len(within),
            ),
            "diff --mermaid: long aliased actions": (
                ["diff", str(base), str(root / "within"), "--mermaid"],
                len(within),
            ),
        }
        mermaid = root / "big.mmd"
        mermaid.write_text(
            "journey\n" + "%% a comment line of the diagram\n" * (MIB // 33 - 100) + "  a: 3: Me\n"
        )
        cases["import mermaid: 1 MB of comment lines"] = (
            ["import", "mermaid", str(mermaid), "--owner", "shop"],
            mermaid.stat().st_size,
        )
        blanks = root / "blank.mmd"
        blanks.write_text("journey\n" + "\n" * (MIB - 100) + "  a: 3: Me\n")
        cases["import mermaid: 1 MB of blank lines"] = (
            ["import", "mermaid", str(blanks), "--owner", "shop"],
            blanks.stat().st_size,
        )
        print(f"{'case':48} {'seconds':>8} {'exit':>4} {'output':>10} {'input':>10}")
        for name, (argv, size) in cases.items():
            seconds, code, output = _timed(argv)
            print(f"{name:48} {seconds:8.3f} {code:4} {output:10,} {size:10,}")


if __name__ == "__main__":
    main_()
