"""`import theydo`: a TheyDo `THEYDO_METRICS_V1` file -> observation rows or `_metrics.yml`.

The file is checked against the rules of TheyDo's published JSON Schema
(`schemas/MetricsFile.schema.json` of theydo/theydo-s3-integrations), written down here as
`METRIC_FIELDS`, `REQUIRED`, `POINT_FIELDS` and the value kinds: required keys, no unknown
keys, the types and ranges of values, the enums and the `format` constant. Every problem is
located `FILE:LINE:COLUMN` (`located_json`), all in one run.

The mapping (the contract, "Command line"):

- `type`: NPS -> nps, CSAT -> csat, CES -> ces, RATIO -> ratio, OTHER with
  `aggregationMethod: SUM` -> count, with `AVERAGE` -> mean; id = the slug of `importKey`,
  name = `title`; target value from `target`, direction at-most for `LESS_THAN...` and
  at-least for `MORE_THAN...` operators (the strict `LESS_THAN` and `MORE_THAN` too: a
  target here is met on its bound); `unit` and `description` as they are.
- NPS: n = detractors + passives + promoters, positive = promoters, negative = detractors;
  CSAT: n = the five buckets, positive = satisfied + verySatisfied; CES: value = score,
  n = respondents; RATIO: positive = numerator, n = denominator; OTHER: value.
- A data point's dimensions `journey`, `phase` and `touchpoint` give its scope (else the
  options); the other dimensions are pooled: the data points of one period and scope become
  one row, pooled as the score formulas pool rows (OTHER AVERAGE: the plain mean of the
  values, without n; SUM: the sum). `dateOfMeasurement` falls in the period containing it.

Where the contract is silent:

- Dimension keys `journey`, `phase`, `touchpoint` match in any case (`Journey`); their values
  must be ids (slugs), else a located error.
- A `target` without `targetComparisonOperator` (or with none) is left out of the definition:
  a target cannot be judged without a direction.
- `ownerEmail`, `groups` and `groupTags` are checked but not carried over (an owner is a team
  id here, and e-mail addresses are never printed: a value that holds one is not quoted in
  a diagnostic either).
- Numbers are from -10^15 to 10^15, as an observation's value, and so is a SUM pooled over a
  period (the error is on the data point that takes it past).
- Every data point is checked, whatever is wrong with the others of its metric.
- CES pooled over data points that all have 0 respondents: the plain mean of the scores, n 0.
- Values the observation rules reject are errors on the data point: a CES score outside 1..7,
  a RATIO numerator outside 0..denominator or a negative denominator, a negative SUM value;
  so are two scope levels for one metric and journey, and two metrics with one id.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError

from mkdocs_touchpoints.exchange.located_json import JsonProblem, Node, parse_json
from mkdocs_touchpoints.exchange.observation_rows import Row
from mkdocs_touchpoints.reading.diagnostics import Diagnostic, Severity
from mkdocs_touchpoints.reading.metrics_model import MetricDefinition
from mkdocs_touchpoints.reading.observations import MAX_VALUE
from mkdocs_touchpoints.reading.periods import MONTH, period_of
from mkdocs_touchpoints.reading.quoting import quote
from mkdocs_touchpoints.reading.slug import is_slug, slugify
from mkdocs_touchpoints.reading.suggest import did_you_mean
from mkdocs_touchpoints.reading.text import MAX_ID_LENGTH

MAX_THEYDO_BYTES = 64 * 1024 * 1024
FORMAT = "THEYDO_METRICS_V1"
MAX_ERRORS = 200

INT32 = (-(2**31), 2**31 - 1)
OPERATORS = ("LESS_THAN_OR_EQUAL_TO", "MORE_THAN_OR_EQUAL_TO", "LESS_THAN", "MORE_THAN")
AGGREGATIONS = ("SUM", "AVERAGE")
THEYDO_TYPES = ("CES", "CSAT", "NPS", "OTHER", "RATIO")
_EMAIL = re.compile(
    r"^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$"
)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_HOLDS_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")

# -- the published schema's rules ----------------------------------------------------------

ROOT_FIELDS = {"format": "format", "metrics": "metrics"}
METRIC_FIELDS = {
    "type": "string",
    "importKey": "string",
    "title": "string",
    "description": "string?",
    "unit": "string",
    "ownerEmail": "email?",
    "targetComparisonOperator": "operator?",
    "target": "number?",
    "groups": "strings?",
    "groupTags": "tags?",
    "dataPoints": "points",
}
"""The keys of every metric and the kind of their values (`?`: null allowed)."""
OTHER_FIELDS = {"aggregationMethod": "aggregation"}
REQUIRED = ("type", "importKey", "title", "unit", "dataPoints")
POINT_FIELDS: dict[str, dict[str, str]] = {
    "CES": {"score": "number", "respondents": "count"},
    "CSAT": {
        "neutral": "count",
        "satisfied": "count",
        "unsatisfied": "count",
        "verySatisfied": "count",
        "veryUnsatisfied": "count",
    },
    "NPS": {"detractors": "count", "passives": "count", "promoters": "count"},
    "OTHER": {"value": "number"},
    "RATIO": {"numerator": "int", "denominator": "int"},
}
"""The numbers of a data point by metric type; all required, besides `dateOfMeasurement`."""
POINT_COMMON = {"dateOfMeasurement": "date", "dimensions": "dimensions"}
KINDS = {
    "string": "a string",
    "number": "a number from -10^15 to 10^15",
    "count": f"an integer from 0 to {INT32[1]}",
    "int": f"an integer from {INT32[0]} to {INT32[1]}",
    "date": "a date YYYY-MM-DD",
    "email": "an e-mail address",
    "operator": " or ".join(OPERATORS),
    "aggregation": " or ".join(AGGREGATIONS),
    "strings": "a list of strings",
    "tags": "a list of {tagGroup, tag} objects",
    "points": "a list of data points",
    "dimensions": "a list of {key, value} objects",
    "format": f"'{FORMAT}'",
    "metrics": "a list of metrics",
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _shown(text: str) -> str:
    """A string of the file as a diagnostic quotes it, unless it holds an e-mail address."""
    return "an e-mail address" if _HOLDS_EMAIL.search(text) else quote(text)


def _found(value: Any) -> str:
    """What a diagnostic says it found: a quoted string, a number as written, or a type."""
    if isinstance(value, str):
        return _shown(value)
    if _is_number(value):
        return repr(value) if math.isfinite(value) else "a number too large for a float"
    return _json_type(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _integer(value: Any) -> int | None:
    """An integer as JSON Schema counts one (`3` and `3.0`), else None."""
    if not _is_number(value):
        return None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    return int(value)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# -- the result ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TheydoSpec:
    """The options: the scope of data points without such dimensions, and the period."""

    journey: str | None = None
    phase: str | None = None
    touchpoint: str | None = None
    period: str = MONTH


TYPE_MAP = {"NPS": "nps", "CSAT": "csat", "CES": "ces", "RATIO": "ratio"}
OTHER_MAP = {"SUM": "count", "AVERAGE": "mean"}


@dataclass(slots=True)
class TheydoResult:
    """The definitions (as `_metrics.yml` entries), the rows and the diagnostics."""

    metrics: list[dict[str, Any]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    points: int = 0

    @property
    def types(self) -> list[str]:
        """The metric types of the definitions (the columns of the rows follow them)."""
        used = {row.metric for row in self.rows}
        return [m["type"] for m in self.metrics if m["id"] in used]

    def definitions_yaml(self) -> str:
        """A complete `_metrics.yml` document."""
        body = yaml.safe_dump(
            {"metrics": self.metrics}, sort_keys=False, allow_unicode=True, width=100
        )
        return (
            "# yaml-language-server: $schema=../schema/metrics.schema.json\n"
            "# Imported from a TheyDo metrics file (THEYDO_METRICS_V1).\n" + body
        )


class _Checker:
    def __init__(self, display: str) -> None:
        self.display = display
        self.diagnostics: list[Diagnostic] = []
        self.count = 0

    def error(self, line: int, column: int, code: str, message: str) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS:
            self.diagnostics.append(
                Diagnostic(self.display, line, column, Severity.ERROR, code, message)
            )

    def at(self, node: Node, code: str, message: str) -> None:
        self.error(node.line, node.column, code, message)

    # -- shapes ---------------------------------------------------------------------------

    def mapping(
        self,
        node: Node,
        fields: dict[str, str],
        required: tuple[str, ...],
        what: str,
        check: Callable[[str, Node, str], None],
    ) -> bool:
        """An object with these keys (unknown ones are errors); False when not an object."""
        if not isinstance(node.value, dict):
            self.at(node, "wrong-type", f"{what} must be an object, found {_json_type(node.value)}")
            return False
        for key, (line, column) in node.keys.items():
            if key not in fields:
                hint = did_you_mean(key, [f for f in fields if f not in node.value])
                self.error(
                    line, column, "unknown-key", f"unknown key {_shown(key)} in {what}{hint}"
                )
        for key in required:
            if key not in node.value:
                self.at(node, "missing-key", f"missing required key '{key}' in {what}")
        for key, child in node.value.items():
            if key in fields:
                check(key, child, fields[key])
        return True

    def value(self, key: str, node: Node, kind: str) -> None:
        """One value against its kind (`?`: null allowed)."""
        value = node.value
        if kind.endswith("?"):
            if value is None:
                return
            kind = kind[:-1]
        ok = True
        if kind == "string":
            ok = isinstance(value, str)
        elif kind == "number":
            ok = _is_number(value) and abs(value) <= MAX_VALUE
        elif kind in ("count", "int"):
            whole = _integer(value)
            low = 0 if kind == "count" else INT32[0]
            ok = whole is not None and low <= whole <= INT32[1]
        elif kind == "date":
            ok = _is_date(value)
        elif kind == "email":
            if isinstance(value, str) and _EMAIL.match(value):
                return
            # never quote it: an e-mail address is not repeated in a log
            self.at(node, "wrong-value", f"'{key}' must be {KINDS[kind]} or null")
            return
        elif kind == "operator":
            ok = value in OPERATORS
        elif kind == "aggregation":
            ok = value in AGGREGATIONS
        elif kind == "format":
            ok = value == FORMAT
        elif kind == "strings":
            ok = isinstance(value, list) and all(isinstance(v.value, str) for v in value)
        elif kind == "tags":
            if isinstance(value, list):
                for item in value:
                    self.mapping(
                        item,
                        {"tagGroup": "string", "tag": "string"},
                        ("tagGroup", "tag"),
                        "a group tag",
                        self.value,
                    )
                return
            ok = False
        elif kind == "dimensions":
            if isinstance(value, list):
                for item in value:
                    self.mapping(
                        item,
                        {"key": "string", "value": "string"},
                        ("key", "value"),
                        "a dimension",
                        self.value,
                    )
                return
            ok = False
        if not ok:
            found = _found(value)
            code = "wrong-type" if kind in ("string", "strings", "number") else "wrong-value"
            nullable = " or null" if METRIC_FIELDS.get(key, "").endswith("?") else ""
            self.at(node, code, f"'{key}' must be {KINDS[kind]}{nullable}, found {found}")


def _check_file(root: Node, checker: _Checker) -> list[tuple[Node, list[Node]]]:
    """The metric objects valid against the schema's rules, each with its valid data points
    (every point is checked, so one bad point does not hide the problems of the others)."""
    valid: list[tuple[Node, list[Node]]] = []

    def root_value(key: str, node: Node, kind: str) -> None:
        if kind != "metrics":
            checker.value(key, node, kind)
            return
        if not isinstance(node.value, list):
            checker.at(
                node, "wrong-type", f"'metrics' must be a list, found {_json_type(node.value)}"
            )
            return
        for index, item in enumerate(node.value, start=1):
            points = _check_metric(item, index, checker)
            if points is not None:
                valid.append((item, points))

    checker.mapping(root, ROOT_FIELDS, ("format", "metrics"), "the metrics file", root_value)
    return valid


def _check_metric(node: Node, index: int, checker: _Checker) -> list[Node] | None:
    """The metric's valid data points, or None when the metric's own keys have problems."""
    what = f"metric {index}"
    start = checker.count
    if not isinstance(node.value, dict):
        checker.at(node, "wrong-type", f"{what} must be an object, found {_json_type(node.value)}")
        return None
    type_node = node.value.get("type")
    metric_type = type_node.value if type_node is not None else None
    if type_node is not None and metric_type not in THEYDO_TYPES:
        found = _found(metric_type)
        hint = did_you_mean(metric_type, THEYDO_TYPES) if isinstance(metric_type, str) else ""
        checker.at(
            type_node,
            "wrong-value",
            f"'type' must be one of {', '.join(THEYDO_TYPES)}, found {found}{hint}",
        )
        metric_type = None
    fields = dict(METRIC_FIELDS)
    required: tuple[str, ...] = REQUIRED
    if metric_type == "OTHER":
        fields.update(OTHER_FIELDS)
        required = (*REQUIRED, "aggregationMethod")
    if metric_type is not None:
        what = f"{what} ({metric_type})"
    points: list[Node] = []
    point_errors = 0

    def metric_value(key: str, child: Node, kind: str) -> None:
        nonlocal point_errors
        if key == "type":
            if not isinstance(child.value, str):
                checker.value(key, child, kind)
            return
        if kind != "points":
            checker.value(key, child, kind)
            return
        if not isinstance(child.value, list):
            checker.at(
                child, "wrong-type", f"'dataPoints' must be a list, found {_json_type(child.value)}"
            )
            return
        if metric_type is None:
            return  # the type is wrong: the data points' keys cannot be told
        point_fields = {**POINT_COMMON, **POINT_FIELDS[metric_type]}
        point_required = ("dateOfMeasurement", *POINT_FIELDS[metric_type])
        for number, point in enumerate(child.value, start=1):
            before = checker.count
            checker.mapping(
                point,
                point_fields,
                point_required,
                f"data point {number} of {what}",
                checker.value,
            )
            if checker.count == before:
                points.append(point)
            else:
                point_errors += checker.count - before

    checker.mapping(node, fields, required, what, metric_value)
    return None if checker.count - start > point_errors else points


# -- the mapping ---------------------------------------------------------------------------

SCOPE_KEYS = ("journey", "phase", "touchpoint")


def _definition(node: Node, checker: _Checker, seen: dict[str, Node]) -> dict[str, Any] | None:
    values = node.value
    kind = values["type"].value
    key_node = values["importKey"]
    metric_id = slugify(key_node.value)
    if not metric_id:
        checker.at(
            key_node,
            "bad-id",
            f"no id can be made from importKey {_shown(key_node.value)} (it needs a letter or "
            "a digit)",
        )
        return None
    if len(metric_id) > MAX_ID_LENGTH:
        checker.at(
            key_node,
            "bad-id",
            f"importKey makes an id of {len(metric_id)} characters; an id has at most "
            f"{MAX_ID_LENGTH}",
        )
        return None
    if metric_id in seen:
        checker.at(
            key_node,
            "duplicate-id",
            f"importKey {_shown(key_node.value)} makes the id {quote(metric_id)}, as the metric "
            f"at line {seen[metric_id].line} does",
        )
        return None
    seen[metric_id] = key_node
    our_type = OTHER_MAP[values["aggregationMethod"].value] if kind == "OTHER" else TYPE_MAP[kind]
    entry: dict[str, Any] = {"id": metric_id, "name": values["title"].value, "type": our_type}
    description = values.get("description")
    if description is not None and description.value:
        entry["description"] = description.value
    unit = values["unit"].value
    if unit:
        entry["unit"] = unit
    target = values.get("target")
    operator = values.get("targetComparisonOperator")
    has_operator = operator is not None and operator.value is not None
    if target is not None and target.value is not None and has_operator:
        assert operator is not None
        direction = "at-most" if operator.value.startswith("LESS_THAN") else "at-least"
        entry["target"] = {"value": target.value, "direction": direction}
    try:
        MetricDefinition.model_validate(entry)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = first["loc"][0] if first["loc"] else "id"
        source = {"name": "title", "id": "importKey"}.get(str(where), str(where))
        at = values.get(source, node)
        checker.at(at, "bad-value", f"'{source}' cannot be used: {first['msg']}")
        return None
    return entry


@dataclass(slots=True)
class _Scope:
    journey: str | None
    phase: str | None
    touchpoint: str | None


def _scope(point: Node, spec: TheydoSpec, checker: _Checker) -> _Scope | None:
    found: dict[str, str | None] = {
        "journey": spec.journey,
        "phase": spec.phase,
        "touchpoint": spec.touchpoint,
    }
    ok = True
    dimensions = point.value.get("dimensions")
    seen: set[str] = set()
    for item in dimensions.value if dimensions is not None else []:
        key = item.value["key"].value.lower()
        if key not in SCOPE_KEYS:
            continue
        value_node = item.value["value"]
        if key in seen:
            checker.at(item, "duplicate-dimension", f"a second '{key}' dimension")
            ok = False
            continue
        seen.add(key)
        if not is_slug(value_node.value):
            checker.at(
                value_node,
                "bad-id",
                f"{_shown(value_node.value)} is not a {key} id (a slug: a-z, 0-9, -)",
            )
            ok = False
            continue
        found[key] = value_node.value
    if found["journey"] is None:
        checker.at(
            point,
            "missing-journey",
            "the data point has no journey: give --journey or a 'journey' dimension",
        )
        ok = False
    if not ok:
        return None
    return _Scope(found["journey"], found["phase"], found["touchpoint"])


def _numbers(
    kind: str, point: Node, checker: _Checker
) -> tuple[int, int, int, float, float, int] | None:
    """(n, positive, negative, Σ(value × n), Σvalue, values) of one data point."""
    v = {k: child.value for k, child in point.value.items()}
    if kind == "NPS":
        n = int(v["detractors"]) + int(v["passives"]) + int(v["promoters"])
        return (n, int(v["promoters"]), int(v["detractors"]), 0, 0, 0)
    if kind == "CSAT":
        buckets = ("veryUnsatisfied", "unsatisfied", "neutral", "satisfied", "verySatisfied")
        n = sum(int(v[b]) for b in buckets)
        return (n, int(v["satisfied"]) + int(v["verySatisfied"]), 0, 0, 0, 0)
    if kind == "CES":
        score = v["score"]
        if not 1 <= score <= 7:
            checker.at(
                point.value["score"],
                "out-of-range",
                f"a CES score must be from 1 to 7 (the observation rule), found {score}",
            )
            return None
        respondents = int(v["respondents"])
        return (respondents, 0, 0, score * respondents, score, 1)
    if kind == "RATIO":
        numerator, denominator = int(v["numerator"]), int(v["denominator"])
        if denominator < 0 or not 0 <= numerator <= denominator:
            checker.at(
                point.value["numerator"],
                "out-of-range",
                f"the numerator must be from 0 to the denominator, found {numerator} of "
                f"{denominator}",
            )
            return None
        return (denominator, numerator, 0, 0, 0, 0)
    return (0, 0, 0, 0, v["value"], 1)


def read_theydo(
    data: bytes, display: str, spec: TheydoSpec, *, definitions: bool = False
) -> TheydoResult:
    """Check and map a TheyDo metrics file (its bytes). With `definitions`, only the
    definitions are made (the data points' scopes are not needed)."""
    result = TheydoResult()
    checker = _Checker(display)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        result.diagnostics.append(
            Diagnostic(
                display,
                data[: exc.start].count(b"\n") + 1,
                1,
                Severity.ERROR,
                "encoding",
                "not valid UTF-8; save the file as UTF-8",
            )
        )
        return result
    try:
        root = parse_json(text)
    except JsonProblem as problem:
        result.diagnostics.append(
            Diagnostic(
                display, problem.line, problem.column, Severity.ERROR, problem.code, problem.message
            )
        )
        return result
    valid = _check_file(root, checker)
    seen: dict[str, Node] = {}
    counters: dict[tuple[str, str, str, str | None, str | None], list] = {}
    levels: dict[tuple[str, str], tuple[str, Node]] = {}
    kinds: dict[str, str] = {}
    too_large: set[tuple[str, str, str, str | None, str | None]] = set()
    for node, points in valid:
        entry = _definition(node, checker, seen)
        if entry is None:
            continue
        result.metrics.append(entry)
        metric_id, our_type = entry["id"], entry["type"]
        kinds[metric_id] = our_type
        kind = node.value["type"].value
        for point in points:
            result.points += 1
            if definitions:
                continue
            scope = _scope(point, spec, checker)
            numbers = _numbers(kind, point, checker)
            if scope is None or numbers is None:
                continue
            assert scope.journey is not None
            if our_type == "count" and numbers[4] < 0:
                checker.at(
                    point.value["value"],
                    "out-of-range",
                    f"a SUM metric's value is a count here: 0 or more, found {numbers[4]}",
                )
                continue
            level = ("phase" if scope.phase else "") + ("touchpoint" if scope.touchpoint else "")
            known = levels.setdefault((metric_id, scope.journey), (level, point))
            if known[0] != level:
                checker.at(
                    point,
                    "mixed-levels",
                    f"metric {quote(metric_id)} has data points at another level for journey "
                    f"{quote(scope.journey)} (first at line {known[1].line}); one metric has "
                    "one level per journey",
                )
                continue
            day = date.fromisoformat(point.value["dateOfMeasurement"].value)
            key = (
                metric_id,
                period_of(day, spec.period),
                scope.journey,
                scope.phase,
                scope.touchpoint,
            )
            counter = counters.get(key)
            if counter is None:
                counter = counters[key] = list(numbers)
            else:
                for i, number in enumerate(numbers):
                    counter[i] += number
            if our_type == "count" and counter[4] > MAX_VALUE and key not in too_large:
                too_large.add(key)
                checker.at(
                    point.value["value"],
                    "out-of-range",
                    f"the values of period {key[1]} for this scope sum past 10^15, more than "
                    "an observation's value may be",
                )
    if checker.count > MAX_ERRORS:
        checker.diagnostics.append(
            Diagnostic(
                display,
                1,
                1,
                Severity.ERROR,
                "too-many-errors",
                f"{checker.count - MAX_ERRORS:,} more errors in this file are not shown",
            )
        )
    result.diagnostics = sorted(checker.diagnostics, key=lambda d: (d.line, d.column))
    if result.diagnostics:
        return result
    for (metric_id, period, journey, phase, touchpoint), counter in counters.items():
        n, positive, negative, weighted, total, values = counter
        at = (metric_id, period, journey, phase, touchpoint)
        our_type = kinds[metric_id]
        if our_type == "nps":
            result.rows.append(Row(*at, n=n, positive=positive, negative=negative))
        elif our_type in ("csat", "ratio"):
            result.rows.append(Row(*at, n=n, positive=positive))
        elif our_type == "ces":
            value = _divide(weighted, n) if n else _divide(total, values)
            result.rows.append(Row(*at, n=n, value=value))
        elif our_type == "mean":
            result.rows.append(Row(*at, value=_divide(total, values)))
        else:
            result.rows.append(Row(*at, value=total))
    result.rows.sort(key=lambda r: r.key)
    return result


def _divide(total: float, count: int) -> float | int:
    if isinstance(total, int) and total % count == 0:
        return total // count
    return total / count
