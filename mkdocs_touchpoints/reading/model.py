"""The journey and team model: typed fields, defaults and per-object rules.

Cross-object rules (references, unique ids across files, warnings) live in
`checks`; reading files and locating errors lives in `loader`.
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.slug import SLUG_PATTERN, slugify
from mkdocs_touchpoints.reading.text import (
    MAX_ID_LENGTH,
    describe,
    forbidden_in_name,
    forbidden_in_text,
)

MAX_PHASES = 50
"""Phases in one journey: a map wider than this cannot be read."""
MAX_TOUCHPOINTS = 200
"""Touchpoints in one journey."""
MAX_STEPS = 2_000
"""Steps in one journey."""
MAX_TAGS = 50
"""Tags on one journey."""
MAX_TEAMS = 5_000
"""Teams in the teams file."""

TouchpointType = Literal["proactive", "reactive"]
CHANNEL_PATTERN = r"^[a-z][a-z0-9]*([_-][a-z0-9]+)*$"
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GITHUB_PATTERN = r"^@[A-Za-z0-9](-?[A-Za-z0-9])*(/[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)?$"
"""A GitHub code-review handle: `@user` or `@org/team` (GitHub's name and team-slug rules)."""


def _plain_name(value: str) -> str:
    char = forbidden_in_name(value)
    if char is not None:
        raise PydanticCustomError(
            "control_character",
            "holds the control character {char}; names and ids may hold no control "
            "characters nor bidirectional overrides",
            {"char": describe(char)},
        )
    return value


def _plain_text(value: str) -> str:
    char = forbidden_in_text(value)
    if char is not None:
        raise PydanticCustomError(
            "control_character",
            "holds the control character {char}; text may hold line breaks and tabs "
            "but no other control characters",
            {"char": describe(char)},
        )
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH),
    Field(json_schema_extra={"examples": ["compra-movil"]}),
]
Name = Annotated[str, StringConstraints(pattern=r"\S"), AfterValidator(_plain_name)]
"""A required name or reference: at least one character that is not white space, and no
control character (see `reading.text`)."""
PlainName = Annotated[str, AfterValidator(_plain_name)]
"""An optional name (persona, tags): no control character."""
Text = Annotated[str, StringConstraints(pattern=r"\S"), AfterValidator(_plain_text)]
"""Required free text: at least one character that is not white space."""
FreeText = Annotated[str, AfterValidator(_plain_text)]
"""Optional free text (pain point, opportunity)."""
Markdown = Annotated[
    str,
    AfterValidator(_plain_text),
    Field(description="Markdown text; raw HTML is shown as text."),
]


def _check_email(value: str) -> str:
    # fullmatch: `$` alone would let a final line break through (`contact: |`), which the
    # schema's pattern, run by an editor in JavaScript, rejects.
    if not EMAIL_RE.fullmatch(value):
        raise ValueError(f"{quote(value)} is not an e-mail address")
    return value


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{quote(value)} is not an absolute http or https URL")
    return value


class _Strict(BaseModel):
    """Every model: typed as YAML gives it, and no unknown keys."""

    model_config = ConfigDict(
        strict=True, extra="forbid", allow_inf_nan=False, validate_default=False
    )


class Phase(_Strict):
    """A column of the map; a plain string is short for `{name: the string}`."""

    accepts_plain_string: typing.ClassVar[bool] = True

    id: Slug | None = Field(None, description="Slug; default: the slug of the name.")
    name: Name = Field(description="Shown as the column title.")
    description: Markdown | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _default_id(self) -> Phase:
        if self.id is None:
            self.id = slugify(self.name)
        return self


class Touchpoint(_Strict):
    """Where the company and the customer meet."""

    id: Slug = Field(description="Unique in the journey; anchors are `tp-<id>`.")
    name: Name
    channel: Annotated[str, StringConstraints(pattern=CHANNEL_PATTERN)] = Field(
        description="A lowercase word: web, email, phone, chat, social, store, app, sms, mail, "
        "event, ads, reviews, forum, delivery, other, ...",
        json_schema_extra={
            "examples": ["web", "email", "phone", "chat", "social", "store", "app", "sms"]
        },
    )
    type: TouchpointType = Field(
        description="proactive: planned by the company; reactive: answers the customer."
    )
    owner: Slug | None = Field(None, description="A team id; default: the journey's owner.")
    third_party: bool = Field(
        False, description="Run by someone else but seen as the brand (a courier, a forum)."
    )
    description: Markdown | None = None


class Step(_Strict):
    """One moment of the journey, in the customer's chronological order."""

    phase: Name = Field(description="A phase id of this journey.")
    touchpoint: Name = Field(description="A touchpoint id of this journey.")
    action: Text = Field(description="What the customer does or receives.")
    friction: Annotated[int, Field(ge=0, le=5)] | None = Field(
        None, description="0 = none, 5 = blocks the customer."
    )
    sentiment: Annotated[int, Field(ge=-2, le=2)] | None = Field(
        None, description="Customer emotion, -2 to 2."
    )
    volume: Annotated[float, Field(ge=0)] | None = Field(
        None, description="Interactions per month."
    )
    pain_point: FreeText | None = None
    opportunity: FreeText | None = None

    @field_validator("volume", mode="wrap")
    @classmethod
    def _keep_integers(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        result = handler(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else result


class Journey(_Strict):
    """One customer journey: the contents of one journey file."""

    id: Slug | None = Field(None, description="Unique across all journeys; default: file stem.")
    title: Name
    description: Markdown | None = None
    persona: PlainName | None = None
    owner: Slug = Field(description="The id of the team that owns the journey.")
    tags: list[PlainName] = Field(default_factory=list, max_length=MAX_TAGS)
    phases: list[Phase] = Field(
        min_length=1, max_length=MAX_PHASES, description="In chronological order."
    )
    touchpoints: list[Touchpoint] = Field(min_length=1, max_length=MAX_TOUCHPOINTS)
    steps: list[Step] = Field(min_length=1, max_length=MAX_STEPS)

    @model_validator(mode="after")
    def _defaults(self, info: ValidationInfo) -> Journey:
        if self.id is None and info.context:
            self.id = info.context.get("default_id")
        for touchpoint in self.touchpoints:
            if touchpoint.owner is None:
                touchpoint.owner = self.owner
        return self

    def phase(self, phase_id: str) -> Phase | None:
        """The phase with that id, if any."""
        return next((p for p in self.phases if p.id == phase_id), None)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        """The touchpoint with that id, if any."""
        return next((t for t in self.touchpoints if t.id == touchpoint_id), None)


class Team(_Strict):
    """A team that owns journeys and touchpoints."""

    id: Slug
    name: Name
    description: Markdown | None = None
    contact: Annotated[str, AfterValidator(_plain_name), AfterValidator(_check_email)] | None = (
        Field(None, description="An e-mail address, rendered as mailto:.")
    )
    url: Annotated[str, AfterValidator(_plain_name), AfterValidator(_check_url)] | None = Field(
        None, description="An absolute http or https URL."
    )
    github: Annotated[str, StringConstraints(pattern=GITHUB_PATTERN, max_length=100)] | None = (
        Field(
            None,
            description="The team's code-review handle, '@org/team' or '@user' "
            "(used by `mkdocs-touchpoints codeowners`).",
            json_schema_extra={"examples": ["@example/crm", "@octocat"]},
        )
    )


class TeamsFile(_Strict):
    """The contents of `_teams.yml`."""

    teams: list[Team] = Field(max_length=MAX_TEAMS)
    example_keys: typing.ClassVar[str] = "teams:"
    """What a diagnostic says the file's top level holds, when it is not a mapping."""
