"""In-process timings, each run in a fresh interpreter by the harness.

python benchmarks/probes.py validate JOURNEYS   -> seconds for load_folder (scan, read, validate)
python benchmarks/probes.py parse JOURNEYS      -> seconds to scan, read and parse every file
                                                   with PyYAML's C loader (no validation)

Imports happen before the clock starts; the result is one JSON number on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml

from mkdocs_touchpoints.reading.loader import TEAMS_FILE_NAME, load_folder, scan_folder


def time_validate(folder: Path) -> float:
    """Seconds for the loader to read and validate every journey of `folder`."""
    started = time.perf_counter()
    handbook = load_folder(folder)
    seconds = time.perf_counter() - started
    if handbook.errors:
        raise SystemExit(f"unexpected errors: {handbook.errors[:3]}")
    return seconds


def time_parse(folder: Path) -> float:
    """Seconds to find, read and parse the same files with `yaml.load(..., CSafeLoader)`."""
    started = time.perf_counter()
    trees = [yaml.load((folder / TEAMS_FILE_NAME).read_bytes(), Loader=yaml.CSafeLoader)]
    for rel in scan_folder(folder).files:
        trees.append(yaml.load((folder / rel).read_bytes(), Loader=yaml.CSafeLoader))
    seconds = time.perf_counter() - started
    if any(tree is None for tree in trees):
        raise SystemExit("an empty file")
    return seconds


PROBES = {"validate": time_validate, "parse": time_parse}


def main(argv: list[str]) -> None:
    """Run one probe and print its seconds as JSON."""
    name, folder = argv
    print(json.dumps(PROBES[name](Path(folder))))


if __name__ == "__main__":
    main(sys.argv[1:])
