"""The committed JSON Schemas say what `validate` says, checked with python-jsonschema.

Every fixture folder is read twice: by `validate` (the loader the CLI and the plugin use)
and by an editor's view of the same YAML against `schema/*.schema.json`. A file `validate`
accepts must pass its schema; a file with an error must fail it, unless its folder is listed
in `SCHEMA_CANNOT_JUDGE` with the reason. A new fixture therefore has to be classified here.
"""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from mkdocs_touchpoints.reading.diagnostics import Severity
from mkdocs_touchpoints.reading.handbook import SourceFile
from mkdocs_touchpoints.reading.loader import (
    TEAMS_FILE_NAME,
    load_folder,
    load_journey,
    scan_folder,
)
from mkdocs_touchpoints.reading.model import Team
from mkdocs_touchpoints.reading.slug import SLUG_PATTERN, is_slug

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests/core/golden"
JOURNEY_SCHEMA = json.loads((ROOT / "schema/journey.schema.json").read_text(encoding="utf-8"))
TEAMS_SCHEMA = json.loads((ROOT / "schema/teams.schema.json").read_text(encoding="utf-8"))
JOURNEYS = Draft202012Validator(JOURNEY_SCHEMA)
TEAMS = Draft202012Validator(TEAMS_SCHEMA)

SCHEMA_CANNOT_JUDGE = {
    # Rules across objects or files: only `validate` sees the whole handbook.
    "duplicate-journey-id": "journey ids unique across files",
    "file-name-not-a-slug": "the default id comes from the file name, which a schema never sees",
    "duplicate-phase-id": "phase ids unique in a journey",
    "duplicate-touchpoint-id": "touchpoint ids unique in a journey",
    "unknown-phase": "a step names a phase of its journey",
    "unknown-team": "an owner names a team of the teams file",
    "unknown-touchpoint": "a step names a touchpoint of its journey",
    "phase-id-from-name": "a phase name must slugify to an id (Unicode normalisation)",
    # The YAML layer: an editor's YAML parser, not the schema, has the say.
    "duplicate-key": "a key given twice",
    "encoding": "not UTF-8",
    "nul-byte": "a NUL character",
    "python-tag": "a Python tag",
    "several-documents": "several YAML documents",
    "tabs": "tab indentation",
    "yaml-syntax": "a YAML syntax error",
    # The diff fixtures: a head that drops a team its journey still names.
    "tests/diff/fixtures/team-still-referenced/head": "an owner names a team of the teams file",
}
"""Fixture folders with an error the schemas cannot express, by name, with the rule."""


def _handbooks() -> list[Path]:
    """The example handbook and every fixture folder with a teams file outside the goldens."""
    found = [ROOT / "journeys"]
    for current, dirs, files in os.walk(ROOT / "tests"):
        dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith("."))
        if TEAMS_FILE_NAME in files and Path(current).parent != GOLDEN:
            found.append(Path(current))
    return found


FIXTURES = {
    **{p.name: p for p in sorted(GOLDEN.iterdir()) if p.is_dir()},
    **{str(p.relative_to(ROOT)): p for p in _handbooks()},
}
"""Every folder of journey files in the repository: the golden cases (by their name), the
example handbook and the other fixtures (by their path)."""


class _EditorLoader(yaml.SafeLoader):
    """The document as a JSON Schema validator gets it from an editor: dates stay text."""


_EditorLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _editor_view(path: Path) -> Any:
    return yaml.load(path.read_bytes(), Loader=_EditorLoader)


def _verdicts(folder: Path) -> Iterator[tuple[str, bool, bool | None]]:
    """Each file of a folder: its name, whether `validate` accepts it, and the schema's say
    (None when the YAML does not load at all)."""
    handbook = load_folder(folder, display_base="")
    failed = {d.path for d in handbook.diagnostics if d.severity is Severity.ERROR}
    names = scan_folder(folder).files
    if (folder / TEAMS_FILE_NAME).is_file():
        names.append(TEAMS_FILE_NAME)
    for name in names:
        validator = TEAMS if posixpath.basename(name) == TEAMS_FILE_NAME else JOURNEYS
        try:
            document = _editor_view(folder / name)
        except yaml.YAMLError:
            judged = None
        else:
            judged = validator.is_valid(document)
        yield name, name not in failed, judged


def test_every_unjudged_fixture_exists() -> None:
    assert set(SCHEMA_CANNOT_JUDGE) <= set(FIXTURES)


@pytest.mark.parametrize("case", FIXTURES)
def test_a_fixture_gets_the_same_verdict_from_the_schema(case: str) -> None:
    verdicts = list(_verdicts(FIXTURES[case]))
    assert verdicts, f"{case}: no journey file"
    for name, accepted, judged in verdicts:
        if accepted:
            assert judged is True, f"{case}/{name}: validate accepts it, the schema rejects it"
        elif case not in SCHEMA_CANNOT_JUDGE:
            assert judged is False, (
                f"{case}/{name}: validate rejects it and the schema does not; make the schema "
                "say the rule, or list the case in SCHEMA_CANNOT_JUDGE with the reason"
            )
    if case in SCHEMA_CANNOT_JUDGE:
        assert any(not accepted and judged is not False for _, accepted, judged in verdicts), (
            f"{case}: the schema now rejects it; take it out of SCHEMA_CANNOT_JUDGE"
        )


# --- team urls and contacts -----------------------------------------------------------------


def _team(**fields: Any) -> dict[str, Any]:
    return {"teams": [{"id": "crm", "name": "CRM", **fields}]}


def _validate_accepts_team(**fields: Any) -> bool:
    try:
        Team.model_validate({"id": "crm", "name": "CRM", **fields})
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.domain)",
        " javascript:alert(1)",
        "\tjavascript://example.com/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com",
        "//example.com",
        "example.com",
        "https:example.com",
        "https:///path",
        "https://",
        "mailto:crm@example.com",
        "",
    ],
)
def test_a_url_without_http_or_https_fails_the_teams_schema(url: str) -> None:
    assert not _validate_accepts_team(url=url)
    assert not TEAMS.is_valid(_team(url=url))


@pytest.mark.parametrize(
    "url", ["https://example.com/crm", "http://localhost:8000", "HTTPS://EXAMPLE.COM", " https://x"]
)
def test_an_http_or_https_url_passes_the_teams_schema(url: str) -> None:
    assert _validate_accepts_team(url=url)
    assert TEAMS.is_valid(_team(url=url))


_URL_PARTS = st.sampled_from(
    ["http", "https", "HtTpS", "javascript", "data", "ftp", ":", "//", "/", "?", "#", "@", "x.org"]
)
_URL_NOISE = st.text(alphabet=" \t\n\r\x01hHtTpPsS:/?#.@xj", max_size=4)


@given(st.lists(st.one_of(_URL_PARTS, _URL_NOISE), max_size=6).map("".join))
def test_the_url_pattern_agrees_with_validate(url: str) -> None:
    # Hosts in brackets (IPv6) and non-ASCII hosts get checks a pattern cannot make; they
    # are left out of this alphabet, and the schema is only more lenient there.
    assert TEAMS.is_valid(_team(url=url)) == _validate_accepts_team(url=url)


@given(st.text(max_size=12))
def test_the_schema_never_rejects_a_url_validate_accepts(url: str) -> None:
    if _validate_accepts_team(url=url):
        assert TEAMS.is_valid(_team(url=url))


@pytest.mark.parametrize(
    ("contact", "valid"),
    [("crm@example.com", True), ("not-an-email", False), ("a@b", False), ("a b@c.d", False)],
)
def test_contact_must_be_an_email_address_in_both(contact: str, valid: bool) -> None:
    assert _validate_accepts_team(contact=contact) is valid
    assert TEAMS.is_valid(_team(contact=contact)) is valid


@pytest.mark.parametrize(
    ("github", "valid"),
    [
        ("@octocat", True),
        ("@example/crm", True),
        ("@example/web.team_1", True),
        ("octocat", False),
        ("@-octocat", False),
        ("@example/", False),
        ("https://github.com/octocat", False),
        ("@" + "a" * 100, False),
    ],
)
def test_github_must_be_a_handle_in_both(github: str, valid: bool) -> None:
    assert _validate_accepts_team(github=github) is valid
    assert TEAMS.is_valid(_team(github=github)) is valid


def test_a_null_handle_contact_or_url_fails_like_in_validate() -> None:
    # `validate` reads `github: null` as the text "null", which is no handle.
    for field in ("github", "contact", "url"):
        assert not TEAMS.is_valid(_team(**{field: None})), field


_ECMA_TABLE = {
    "id": ["crm", "a-b", "2024", "A", "a--b", "crm\n", " crm", ""],
    "contact": ["crm@example.com", "crm@example", "crm@example.com\n", "a b@c.d", "@c.d"],
    "url": [
        "https://example.com",
        "HTTP://EXAMPLE.COM",
        " https://example.com",
        "ht\ttps://example.com",
        "https://example.com\n",
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "https:///x",
        "//example.com",
    ],
    "github": ["@octocat", "@example/crm", "@-x", "@example/", "octocat", "@octocat\n"],
}
"""Team values whose verdict an editor computes with JavaScript's regular expressions."""


def test_an_editor_running_javascript_patterns_agrees_with_validate() -> None:
    # JSON Schema patterns are ECMA-262 regular expressions: a YAML language server runs them
    # in JavaScript, where `$` is only the end of the text (in Python it also matches before a
    # final line break). Node runs them here as an editor would.
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("node is needed in CI", pytrace=False)
        pytest.skip("node is not installed")
    fields = TEAMS_SCHEMA["$defs"]["Team"]["properties"]
    cases = [(f, v, fields[f]["pattern"]) for f, values in _ECMA_TABLE.items() for v in values]
    script = (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(([, v, p]) => new RegExp(p, 'u').test(v))));"
    )
    result = subprocess.run(
        [node, "-e", script], input=json.dumps(cases), capture_output=True, text=True, check=True
    )
    editor = dict(zip(((f, v) for f, v, _ in cases), json.loads(result.stdout), strict=True))
    wrong = {
        (field, value): accepted
        for (field, value), accepted in editor.items()
        if accepted != _validate_accepts_team(**{field: value})
    }
    assert wrong == {}


# --- slugs ----------------------------------------------------------------------------------


def _slug_fields() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of both schemas that holds a slug."""
    for label, schema in (("journey", JOURNEY_SCHEMA), ("teams", TEAMS_SCHEMA)):
        for owner, node in [(label, schema), *schema["$defs"].items()]:
            for name, field in node["properties"].items():
                if field.get("pattern") == SLUG_PATTERN:
                    yield f"{owner}.{name}", field


SLUG_FIELDS = dict(_slug_fields())


def test_every_id_and_owner_is_a_slug_field() -> None:
    assert set(SLUG_FIELDS) == {
        "journey.id",
        "journey.owner",
        "Phase.id",
        "Touchpoint.id",
        "Touchpoint.owner",
        "Team.id",
    }


SLUG_TABLE = [
    ("compra-movil", True),
    ("a", True),
    ("2024", True),
    ("a1-b2-c3", True),
    ("", False),
    ("-a", False),
    ("a-", False),
    ("a--b", False),
    ("A", False),
    ("a_b", False),
    ("a b", False),
    ("compra-móvil", False),
    ("１", False),
]


@pytest.mark.parametrize(("text", "slug"), SLUG_TABLE)
def test_the_slug_pattern_agrees_with_the_slug_check_on_a_table(text: str, slug: bool) -> None:
    assert is_slug(text) is slug
    for field in SLUG_FIELDS.values():
        assert Draft202012Validator(field).is_valid(text) is slug


@given(st.one_of(st.from_regex(SLUG_PATTERN, fullmatch=True), st.text(max_size=8)))
def test_the_slug_pattern_agrees_with_the_slug_check(text: str) -> None:
    for field in SLUG_FIELDS.values():
        assert Draft202012Validator(field).is_valid(text) == is_slug(text)


@given(st.integers())
def test_a_number_written_as_a_slug_passes_as_validate_reads_it(number: int) -> None:
    # `id: 2024` is the slug "2024" to `validate`; `id: -5` is "-5", not a slug.
    for field in SLUG_FIELDS.values():
        assert Draft202012Validator(field).is_valid(number) == is_slug(str(number))


# --- text as written ------------------------------------------------------------------------

_MINIMAL = """\
title: Buy
owner: shop
phases: [Need]
touchpoints:
  - id: web
    name: Web
    channel: web
    type: proactive
steps:
  - phase: need
    touchpoint: web
    action: Visits
"""


@pytest.mark.parametrize(
    ("line", "editor_value"),
    [
        # Text fields take any plain scalar as written; a YAML 1.2 editor types them.
        ("title: 2024", 2024),
        ("title: yes", "yes"),
        ("title: true", True),
        ("title: 2024-01-01", "2024-01-01"),
        ("title: null", None),
        ("id: 2024", 2024),
        ("id: true", True),
        ("persona: 3.5", 3.5),
        ("tags: [1, true, 2024-01-01]", [1, True, "2024-01-01"]),
        ("phases: [2024, Need]", [2024, "Need"]),
    ],
)
def test_a_scalar_validate_takes_as_text_passes_the_schema(line: str, editor_value: Any) -> None:
    key = line.split(":")[0]
    kept = [kept for kept in _MINIMAL.splitlines() if not kept.startswith(f"{key}:")]
    assert _validate_accepts_journey("\n".join([*kept, line]) + "\n"), line
    document = yaml.safe_load(_MINIMAL)
    document[key] = editor_value
    assert JOURNEYS.is_valid(document)


def _validate_accepts_journey(text: str) -> bool:
    loaded, diagnostics = load_journey(SourceFile("j.yml", "j.yml", text.encode()))
    return loaded is not None and not loaded.partial and not diagnostics


@pytest.mark.parametrize(
    ("field", "written", "editor_value"),
    [
        ("third_party", "yes", "yes"),
        ("third_party", "Off", "Off"),
        ("volume", "12_000", "12_000"),
        ("friction", "0b11", "0b11"),
        ("sentiment", "-1", -1),
    ],
)
def test_a_yaml_1_1_spelling_validate_accepts_passes_the_schema(
    field: str, written: str, editor_value: Any
) -> None:
    # `validate` reads YAML 1.1 (`yes` is true, `12_000` a number); an editor reading YAML 1.2
    # sends the text, which the schema must not reject either.
    where = "    type: proactive\n" if field == "third_party" else "    action: Visits\n"
    text = _MINIMAL.replace(where, f"{where}    {field}: {written}\n")
    assert _validate_accepts_journey(text)
    document = yaml.safe_load(_MINIMAL)
    part = document["touchpoints" if field == "third_party" else "steps"][0]
    part[field] = editor_value
    assert JOURNEYS.is_valid(document)
