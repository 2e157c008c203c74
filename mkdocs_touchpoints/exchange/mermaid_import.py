"""`import mermaid`: a journey YAML skeleton from a Mermaid `journey` diagram.

The mapping (the spec's): the title is the title (else the file's stem); each distinct
section name is a phase (tasks before the first section go to a phase `Start`); each
task is a step whose action is the task name and whose sentiment is the score - 3,
clamped to -2..2; a step's touchpoint is the task's first actor (one touchpoint per
distinct first actor, channel `other` and type `reactive`, marked TODO), or `unknown`
for a task without actors; the other actors become a comment on the step. Empty actor
names (`Task: 3: , Me`) are not actors: the first actor there is `Me`. No `id` is
written: the journey takes the name of the file it is saved as.

So that the skeleton passes `validate --strict`: a section without tasks gives no phase
(it would be a phase with no step), and ids that would clash get `-2`, `-3`, ...
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml

from mkdocs_touchpoints.exchange.mermaid_reader import MermaidJourney, Task
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.model import MAX_PHASES, MAX_STEPS, MAX_TOUCHPOINTS
from mkdocs_touchpoints.reading.slug import slugify
from mkdocs_touchpoints.reading.text import NAME_FORBIDDEN
from mkdocs_touchpoints.sinks.mermaid import ZERO_WIDTH_SPACE
from mkdocs_touchpoints.sinks.terminal import escape

MODELINE = "# yaml-language-server: $schema=../schema/journey.schema.json"
START_PHASE = "Start"
UNKNOWN_ACTOR = "Unknown"
CHANNEL_TODO = "# TODO: the real channel (web, email, phone, chat, store, app, ...)"
TYPE_TODO = "# TODO: proactive (the company starts it) or reactive (the customer does)"
_NEEDS_ESCAPE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""What YAML cannot hold as written, or reads as a line break or a byte-order mark."""


def sentiment(score: float) -> int:
    """Mermaid's 1..5 score as a sentiment: score - 3 (rounded half up), clamped to -2..2."""
    return max(-2, min(2, math.floor(score + 0.5) - 3))


def scalar(text: str) -> str:
    """`text` as a one-line YAML scalar: plain when YAML reads it back as this text."""
    if not _NEEDS_ESCAPE.search(text):
        dumped = yaml.safe_dump(text, allow_unicode=True, width=10**9)
        first, _, rest = dumped.partition("\n")
        if rest in ("", "...\n") and yaml.safe_load(first) == text:
            return first
    return '"' + "".join(_escape(char) for char in text) + '"'


def _escape(char: str) -> str:
    """One character inside a YAML double-quoted scalar."""
    if char in '"\\':
        return "\\" + char
    return f"\\u{ord(char):04x}" if _NEEDS_ESCAPE.match(char) else char


def plain(text: str) -> str:
    """A name from a diagram that a journey can hold: each control character or
    bidirectional override (which `validate` rejects in names) written out as `\\x1b`."""
    return NAME_FORBIDDEN.sub(lambda m: escape(m.group()), text)


def _action(task: Task) -> str:
    """The task name without the zero-width space `export` puts before a keyword."""
    return plain(task.name.removeprefix(ZERO_WIDTH_SPACE) or task.name)


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


@dataclass(slots=True)
class _Named:
    """A phase or touchpoint of the skeleton: its id, its name, where it first appears."""

    id: str
    name: str
    task: Task


@dataclass(slots=True)
class Skeleton:
    """The journey a diagram maps to, before it is written as YAML."""

    title: str
    owner: str
    phases: list[_Named] = field(default_factory=list)
    touchpoints: list[_Named] = field(default_factory=list)
    steps: list[tuple[Task, _Named, _Named]] = field(default_factory=list)

    def as_yaml(self) -> str:
        """The journey file: schema modeline first, TODO comments where a person must look."""
        lines = [
            MODELINE,
            "# Imported from a Mermaid journey diagram: set each touchpoint's channel and type.",
            f"title: {scalar(self.title)}",
            f"owner: {self.owner}",
            "phases:",
        ]
        for phase in self.phases:
            if phase.id == slugify(phase.name):
                lines.append(f"  - {scalar(phase.name)}")
            else:
                lines += [f"  - id: {phase.id}", f"    name: {scalar(phase.name)}"]
        lines.append("touchpoints:")
        for touchpoint in self.touchpoints:
            lines += [
                f"  - id: {touchpoint.id}",
                f"    name: {scalar(touchpoint.name)}",
                f"    channel: other  {CHANNEL_TODO}",
                f"    type: reactive  {TYPE_TODO}",
            ]
        lines.append("steps:")
        for task, phase, touchpoint in self.steps:
            lines += [
                f"  - phase: {phase.id}",
                f"    touchpoint: {touchpoint.id}",
                f"    action: {scalar(_action(task))}",
                f"    sentiment: {sentiment(task.score)}",
            ]
            others = [actor for actor in task.actors if actor][1:]
            if others:
                escaped = _NEEDS_ESCAPE.sub(lambda m: _escape(m.group()), ", ".join(others))
                lines.append(f"    # other actors: {escaped}")
        return "\n".join(lines) + "\n"


def _section_name(task: Task, blank_sections: dict[str | None, str]) -> str:
    if task.section is None:
        return START_PHASE
    name = plain(task.section.strip())
    if name:
        return name
    return blank_sections.setdefault(task.section, f"Section {len(blank_sections) + 1}")


def build_skeleton(
    diagram: MermaidJourney, owner: str, fallback_title: str, display: str
) -> tuple[Skeleton | None, list[Diagnostic]]:
    """The journey of a diagram, or the diagnostics that stop it (no task, over a limit)."""

    def error(line: int, column: int, code: str, message: str) -> list[Diagnostic]:
        return [Diagnostic(display, line, column, Severity.ERROR, code, message)]

    if not diagram.tasks:
        return None, error(
            diagram.line,
            diagram.column,
            "no-task",
            "the diagram has no task; a journey needs at least one step ('Task: 5: Actor')",
        )
    title = plain((diagram.title or "").strip()) or plain(fallback_title)
    skeleton = Skeleton(title, owner)
    phases: dict[str, _Named] = {}
    touchpoints: dict[str | None, _Named] = {}
    phase_ids: set[str] = set()
    touchpoint_ids: set[str] = set()
    blank_sections: dict[str | None, str] = {}
    for number, task in enumerate(diagram.tasks, start=1):
        if number > MAX_STEPS:
            return None, error(
                task.line, task.column, "too-many-items", f"over {MAX_STEPS:,} tasks"
            )
        name = _section_name(task, blank_sections)
        phase = phases.get(name)
        if phase is None:
            if len(phases) == MAX_PHASES:
                return None, error(
                    task.line, task.column, "too-many-items", f"over {MAX_PHASES} sections"
                )
            base = slugify(name) or f"phase-{len(phases) + 1}"
            phase = phases[name] = _Named(_unique(base, phase_ids), name, task)
            skeleton.phases.append(phase)
        actor = next((plain(a) for a in task.actors if a), None)
        touchpoint = touchpoints.get(actor)
        if touchpoint is None:
            if len(touchpoints) == MAX_TOUCHPOINTS:
                return None, error(
                    task.line, task.column, "too-many-items", f"over {MAX_TOUCHPOINTS} actors"
                )
            shown = actor or UNKNOWN_ACTOR
            base = "unknown" if actor is None else slugify(actor)
            base = base or f"actor-{len(touchpoints) + 1}"
            touchpoint = touchpoints[actor] = _Named(_unique(base, touchpoint_ids), shown, task)
            skeleton.touchpoints.append(touchpoint)
        skeleton.steps.append((task, phase, touchpoint))
    return skeleton, []
