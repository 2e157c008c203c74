"""Spreadsheet cells: the formula guard (OWASP, "CSV Injection").

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula. Spreadsheets whose list separator is `;` (most European locales) may also
split a cell at `;` when they open a CSV file, so a formula can start after a `;` too. A
free-text cell gets a `'` (shown as text, not run) in front of each such start: at the
beginning, and after every `;` (and the blanks after it) that a formula character follows.
Only free text is guarded: numbers stay numbers (a sentiment of -2 is the number -2).
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_SEPARATOR = re.compile(r"(;[ \t\r\n]*)(?=[=+\-@\t\r])")


def guard_formula(text: str) -> str:
    """`=SUM(A1)` -> `'=SUM(A1)`, `a;=1` -> `a;'=1`: a spreadsheet shows them instead of
    running them."""
    if ";" in text:
        text = _AFTER_SEPARATOR.sub(r"\1'", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
