"""`_metrics.yml`: the model's defaults, located errors, and the JSON Schema saying what
`validate` says wherever JSON Schema can."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mkdocs_touchpoints.cli import main
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition, Observation
from mkdocs_touchpoints.reading.metrics_read import definition_problems, read_definitions
from mkdocs_touchpoints.reading.schema import dump, metrics_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema/metrics.schema.json").read_text(encoding="utf-8"))
METRICS = Draft202012Validator(SCHEMA)
TEAMS = {"crm", "soporte"}


def _problems(text: str) -> list[str]:
    found, diagnostics = read_definitions(text.encode("utf-8"), "_metrics.yml")
    diagnostics += list(definition_problems(found, TEAMS))
    return [f"{d.line}:{d.column} {d.code}" for d in diagnostics]


def _accepts(text: str) -> bool:
    return _problems(text) == []


def test_the_committed_schema_is_the_generated_one() -> None:
    assert (ROOT / "schema/metrics.schema.json").read_text() == dump(metrics_schema()), (
        "run: mkdocs-touchpoints schema --metrics > schema/metrics.schema.json"
    )


def test_schema_metrics_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--metrics"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"].endswith("/metrics.schema.json")
    assert main(["schema", "--metrics", "--teams"]) == 2


def test_defaults() -> None:
    metric = MetricDefinition.model_validate({"id": "a", "name": "A", "type": "nps"})
    assert (metric.min_n, metric.hide_below, metric.target, metric.estimate) == (30, 10, None, None)
    low = MetricDefinition.model_validate({"id": "a", "name": "A", "type": "nps", "min_n": 5})
    assert low.hide_below == 5  # the default follows a lower min_n
    target = MetricDefinition.model_validate(
        {"id": "a", "name": "A", "type": "csat", "target": {"value": 80, "direction": "at-least"}}
    )
    assert target.target is not None and target.target.value == 80.0


def test_observation_levels() -> None:
    def row(phase: str | None, touchpoint: str | None) -> Observation:
        return Observation("m", "2024", "j", phase, touchpoint, 1, 1, 0, None, None, "p", 2)

    assert [
        row(*scope).level for scope in [(None, None), ("p", None), (None, "t"), ("p", "t")]
    ] == [
        "journey",
        "phase",
        "touchpoint",
        "cell",
    ]


def test_located_errors() -> None:
    text = """\
metrics:
  - id: a
    name: A
    type: nps
    owner: crn
    min_n: 10
    hide_below: 11
  - id: a
    name: Again
    type: csat
  - id: B
    name: B
    type: ratio
  - id: c
    type: ces
"""
    assert _problems(text) == [
        "11:9 invalid-id",
        "14:5 missing-key",
        "5:12 unknown-team",
        "7:17 out-of-range",
        "8:9 duplicate-id",
    ]


# --- schema and validate agree ----------------------------------------------------------------

_BASE = "metrics:\n  - id: nps\n    name: NPS\n    type: nps\n"

SCHEMA_CANNOT_JUDGE = {
    "    owner: nobody\n": "an owner names a team of the teams file",
    "    min_n: 5\n    hide_below: 6\n": "hide_below at most min_n compares two fields",
    "  - id: nps\n    name: Again\n    type: csat\n": "ids unique in the file",
    '    unit: "m\\u001bin"\n': "control characters (the schema states no pattern for them)",
}

CASES = [
    ("", True),
    ("    owner: crm\n", True),
    ("    description: Promoters minus detractors\n", True),
    ("    unit: 2024\n", True),
    ("    target: {value: 30, direction: at-least}\n", True),
    ("    target: {value: -12.5, direction: at-most}\n", True),
    ("    min_n: 1\n    hide_below: 0\n", True),
    ("    min_n: 5\n", True),
    ("    stale_after: P45D\n", True),
    ("    stale_after: P2W\n", True),
    ("    stale_after: P999999999Y\n", True),
    ("    estimate: volume\n", True),
    ("    estimate: null\n", True),
    ("    target: null\n", True),
    ("    type2: nps\n", False),
    ("    target: {value: 30}\n", False),
    ("    target: {value: 30, direction: above}\n", False),
    ("    target: {value: high, direction: at-most}\n", False),
    ("    target: {value: 30, direction: at-most, extra: 1}\n", False),
    ("    min_n: 0\n", False),
    ("    min_n: 2.5\n", False),
    ("    min_n: true\n", False),
    ("    hide_below: -1\n", False),
    ("    stale_after: 45 days\n", False),
    ("    stale_after: P1H\n", False),
    ("    stale_after: PT1H\n", False),
    ("    stale_after: P9999999999D\n", False),  # more digits than a duration is read with
    ("    stale_after: null\n", False),
    ("    estimate: friction-ish\n", False),
    ("    owner: Soporte\n", False),
    *((extra, False) for extra in SCHEMA_CANNOT_JUDGE),
]


def _editor_view(text: str) -> Any:
    return yaml.safe_load(text)


@pytest.mark.parametrize(("extra", "valid"), CASES)
def test_schema_and_validate_agree(extra: str, valid: bool) -> None:
    text = _BASE + extra
    assert _accepts(text) is valid, _problems(text)
    if extra in SCHEMA_CANNOT_JUDGE:
        assert METRICS.is_valid(_editor_view(text))
    else:
        assert METRICS.is_valid(_editor_view(text)) is valid


def test_a_metric_name_follows_the_rules_of_names() -> None:
    # A right-to-left override would reverse what the Measured tables show after it.
    text = 'metrics:\n  - id: nps\n    name: "N\\u202eSP"\n    type: nps\n'
    assert not _accepts(text)
    assert _problems(text) == ["3:11 control-character"]


def test_the_wrong_top_level_shapes_fail_both() -> None:
    for text in ("metrics: nps\n", "metric: []\n", "metrics:\n  - nps\n", "- 1\n"):
        assert not _accepts(text)
        assert not METRICS.is_valid(_editor_view(text))


_DURATIONS = st.one_of(
    st.from_regex(r"P[0-9]{1,12}[DWMY]", fullmatch=True),
    st.text(alphabet="P0123456789DWMYTH \n", max_size=6),
)


@given(_DURATIONS)
def test_stale_after_agrees(duration: str) -> None:
    document = {"metrics": [{"id": "a", "name": "A", "type": "nps", "stale_after": duration}]}
    text = _BASE.replace("id: nps", "id: a") + f"    stale_after: {json.dumps(duration)}\n"
    assert METRICS.is_valid(document) == _accepts(text)


@given(st.sampled_from(["nps", "csat", "ces", "ratio", "count", "mean", "NPS", "score", ""]))
def test_type_agrees(kind: str) -> None:
    text = f"metrics:\n  - id: a\n    name: A\n    type: {json.dumps(kind)}\n"
    assert METRICS.is_valid(_editor_view(text)) == _accepts(text)


def test_a_duplicate_id_is_reported_whatever_else_is_wrong() -> None:
    text = (
        "metrics:\n  - {id: a-1, name: A, type: nps, colour: x}\n"
        "  - {id: a-1, name: B, type: csat}\n  - {id: a-1, name: C, type: nsp}\n"
    )
    assert sorted(_problems(text)) == [  # validate sorts them by place
        "2:35 unknown-key",
        "3:10 duplicate-id",
        "4:10 duplicate-id",
        "4:30 wrong-value",
    ]


def test_messages_name_the_metrics_file_shapes() -> None:
    _, diagnostics = read_definitions(b"- {id: a, name: A, type: nps}\n", "_metrics.yml")
    assert [d.message for d in diagnostics] == [
        "the file must be a mapping of keys (metrics:), found a list"
    ]
    text = "metrics:\n  - {id: a, name: A, type: nps, target: 5}\n"
    _, diagnostics = read_definitions(text.encode("utf-8"), "_metrics.yml")
    assert [d.message for d in diagnostics] == ["'target' must be a mapping, found a number (5)"]
