"""GitHub workflow commands (`::error file=PATH,line=N::MESSAGE`) and lines the runner reads.

The runner reads any line of a job's output that starts with `::` (after blanks) as a
command: `::add-mask::`, `::stop-commands::`, `::error`. So:

- `data` escapes the message of a command: `%`, CR and LF as `%25`, `%0D`, `%0A` (GitHub's
  own escaping, undone when the annotation is shown), and every other control, bidi or
  zero-width character as a visible escape (`sinks.terminal`);
- `property` escapes a property value (`file=`, `title=`): `:` and `,` too;
- `line` keeps any other output line from being read as a command: a line that starts
  with `::` gets a visible `\\x3a` for its first colon.
"""

from __future__ import annotations

from mkdocs_touchpoints.sinks.terminal import escape


def data(text: str) -> str:
    """Text for the message of a workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape(text)


def property(text: str) -> str:
    """Text for a property of a workflow command (`:` and `,` escaped too)."""
    return data(text).replace(":", "%3A").replace(",", "%2C")


def line(text: str) -> str:
    """An output line the runner must not take for a command."""
    stripped = text.lstrip()
    if stripped.startswith("::"):
        return text[: len(text) - len(stripped)] + "\\x3a" + stripped[1:]
    return text


def command(name: str, properties: dict[str, str | int], message: str) -> str:
    """One workflow command line: `::name key=value,...::message` and a line break."""
    props = ",".join(f"{key}={property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{data(message)}\n" if props else f"::{name}::{data(message)}\n"
