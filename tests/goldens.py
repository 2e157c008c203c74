"""Golden files: a missing one fails; only `pytest --update-goldens` writes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_touchpoints.cli import main


class Golden:
    """Compares output with a golden file; only `--update-goldens` writes one."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, expected_file: Path, actual: str) -> None:
        if self.update:
            expected_file.parent.mkdir(parents=True, exist_ok=True)
            expected_file.write_text(actual, encoding="utf-8")
        assert expected_file.is_file(), (
            f"missing golden file {expected_file}; write it with `pytest --update-goldens` "
            "and review it"
        )
        assert actual == expected_file.read_text(encoding="utf-8")

    def check_bytes(self, expected_file: Path, actual: bytes) -> None:
        """As `check`, byte for byte (line ends included: CSV's CRLF, a BOM)."""
        if self.update:
            expected_file.parent.mkdir(parents=True, exist_ok=True)
            expected_file.write_bytes(actual)
        assert expected_file.is_file(), (
            f"missing golden file {expected_file}; write it with `pytest --update-goldens` "
            "and review it"
        )
        assert actual == expected_file.read_bytes()


def validate_output(
    folder: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    """What a diagnostics golden holds: `validate --strict` on `folder/case` as text, its exit
    code, then the same diagnostics as JSON (the exit codes must agree)."""
    monkeypatch.chdir(folder)
    code = main(["validate", case, "--strict"])
    text = capsys.readouterr().out
    json_code = main(["validate", case, "--strict", "--format", "json"])
    as_json = capsys.readouterr().out
    assert json_code == code
    return f"{text}exit {code}\n--- json\n{as_json}"
