"""Mutations of valid files for fuzz tests: lines deleted, repeated, re-indented or spliced."""

from __future__ import annotations

from hypothesis import strategies as st

TOKENS = [
    "",
    " ",
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!python/name:os.system",
    "'",
    '"',
    "#",
    "\n",
    "\t",
    "\x00",
    "\ufeff",
    "\u202e",
    "yes",
    "-1",
    "99",
    "1e309",
    "<<: *a",
    "? ",
    "{{ 7*7 }}",
    "<script>",
    '"\\ud800"',
    "\\x85",
    "owner: nobody\n",
    "id: Index\n",
    "  - {id: x, name: y, channel: web, type: reactive}\n",
]


def mutate(draw: st.DrawFn, text: str) -> str:
    """A few lines deleted, repeated, re-indented or spliced with a token."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(st.sampled_from(["delete", "repeat", "indent", "dedent", "splice"]))
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "repeat":
            lines.insert(index, lines[index])
        elif operation == "indent":
            lines[index] = "  " + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].lstrip()
        else:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            lines[index] = line[:cut] + draw(st.sampled_from(TOKENS)) + line[cut:]
    return "\n".join(lines) + "\n"
