"""The comparer: severities per change, step alignment, teams, and the rule table."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_touchpoints.diff.compare import align_steps, compare
from mkdocs_touchpoints.diff.model import RULES, Kind, Level, rule_for
from mkdocs_touchpoints.reading.handbook import SourceFile, TeamsSource
from mkdocs_touchpoints.reading.loader import build_handbook
from mkdocs_touchpoints.reading.model import Step
from tests.diff.conftest import FIXTURES

JOURNEY = """\
title: Buying
owner: shop
phases: [Need, Buy]
touchpoints:
  - {id: web, name: Web, channel: web, type: reactive}
  - {id: mail, name: Mail, channel: email, type: proactive}
steps:
"""


def handbook(*steps: str, journey: str = JOURNEY):
    text = journey + "".join(f"  - {s}\n" for s in steps)
    book = build_handbook([SourceFile("j.yml", "j.yml", text.encode())], TeamsSource())
    assert not book.errors, book.errors
    return book


def step(phase: str, touchpoint: str, action: str) -> str:
    return f"{{phase: {phase}, touchpoint: {touchpoint}, action: {action}}}"


def test_one_inserted_step_is_one_added_step_and_nothing_else() -> None:
    steps = [step("need", "mail", f"Reads mail {n}") for n in range(5)]
    old = handbook(*steps)
    new = handbook(*steps[:1], step("need", "web", "Searches the site"), *steps[1:])
    changes = compare(old, new).changes
    assert [(c.kind, c.step) for c in changes] == [(Kind.STEP_ADDED, 2)]


def test_a_reworded_step_next_to_an_insertion_is_one_change_and_one_addition() -> None:
    old = handbook(step("need", "web", "Opens the product page"), step("buy", "web", "Pays"))
    new = handbook(
        step("need", "web", "Searches for the phone"),
        step("need", "web", "Opens the product pages"),
        step("buy", "web", "Pays"),
    )
    changes = compare(old, new).changes
    assert [(c.kind, c.step, c.field) for c in changes] == [
        (Kind.STEP_ADDED, 1, None),
        (Kind.STEP_CHANGED, 2, "action"),
    ]


def test_an_unrelated_step_is_removed_and_added_not_changed() -> None:
    old = handbook(step("need", "web", "Opens the product page"), step("buy", "web", "Pays"))
    new = handbook(step("need", "mail", "Zzz qqq xxx"), step("buy", "web", "Pays"))
    kinds = [c.kind for c in compare(old, new).changes]
    assert kinds == [Kind.STEP_REMOVED, Kind.STEP_ADDED]


def test_step_metrics_and_moves_are_info() -> None:
    old = handbook(step("need", "web", "Opens the page") + "")
    new = handbook("{phase: buy, touchpoint: web, action: Opens the page, friction: 3}")
    found = {(c.field, c.code, c.level) for c in compare(old, new).changes}
    assert found == {("phase", "TP-I009", Level.INFO), ("friction", "TP-I010", Level.INFO)}


steps_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.sampled_from(["x", "y"]),
        st.text("abc ", max_size=6).map(lambda s: s.strip() or "-"),
    ),
    max_size=12,
)


def as_steps(items: list[tuple[str, str, str]]) -> list[Step]:
    return [Step(phase=p, touchpoint=t, action=a) for p, t, a in items]


@given(steps_strategy, steps_strategy)
def test_alignment_uses_every_step_once_in_order(old_items, new_items) -> None:
    old, new = as_steps(old_items), as_steps(new_items)
    pairs = align_steps(old, new)
    assert [i for i, _ in pairs if i is not None] == list(range(len(old)))
    assert [j for _, j in pairs if j is not None] == list(range(len(new)))
    equal = sum(1 for i, j in pairs if i is not None and j is not None and old[i] == new[j])
    longest = max(len(old), len(new))
    assert equal <= min(len(old), len(new)) and len(pairs) >= longest


@given(steps_strategy, st.integers(min_value=0, max_value=12))
def test_inserting_one_step_never_changes_the_others(items, where) -> None:
    old = as_steps(items)
    position = min(where, len(old))
    new = [*old[:position], Step(phase="z", touchpoint="z", action="inserted"), *old[position:]]
    pairs = align_steps(old, new)
    assert sum(1 for i, j in pairs if i is None) == 1
    assert all(old[i] == new[j] for i, j in pairs if i is not None and j is not None)


def test_phases_reordered_is_a_warning_on_the_phases_field() -> None:
    old = handbook(step("need", "web", "A"), step("buy", "web", "B"))
    swapped = JOURNEY.replace("[Need, Buy]", "[Buy, Need]")
    new = handbook(step("need", "web", "A"), step("buy", "web", "B"), journey=swapped)
    (change,) = compare(old, new).changes
    assert (change.kind, change.field, change.target, change.code) == (
        Kind.JOURNEY_CHANGED,
        "phases",
        "phases",
        "TP-W006",
    )
    assert (change.old, change.new) == (["need", "buy"], ["buy", "need"])


def test_an_owner_change_inherited_by_touchpoints_is_reported_once() -> None:
    old = handbook(step("need", "web", "A"), step("need", "mail", "B"))
    moved = JOURNEY.replace("owner: shop", "owner: crm")
    new = handbook(step("need", "web", "A"), step("need", "mail", "B"), journey=moved)
    (change,) = compare(old, new, teams=False).changes
    assert change.code == "TP-W003"
    assert "2 touchpoints that inherit it" in change.message
    implied = {(c.kind, c.target) for c in compare(old, new).changes if c.journey is None}
    assert implied == {(Kind.TEAM_ADDED, "crm"), (Kind.TEAM_REMOVED, "shop")}


def test_heatmap_cells_that_moved() -> None:
    old = handbook(step("need", "web", "A"), step("need", "web", "B"))
    new = handbook(step("need", "web", "A"), step("buy", "mail", "B"))
    cells = [(c.phase, c.touchpoint, c.old, c.new) for c in compare(old, new).cells]
    assert cells == [("Need", "Web", 2, 1), ("Buy", "Mail", None, 1)]


def test_severity_of_every_change_in_the_fixtures_follows_the_rules() -> None:
    expected = {
        "journey_removed": "breaking",
        "phase_removed": "breaking",
        "touchpoint_removed": "breaking",
        "journey_added": "info",
        "phase_added": "info",
        "touchpoint_added": "info",
        "step_added": "info",
        "team_added": "info",
        "step_removed": "info",
        "step_changed": "info",
        "phase_changed": "info",
        "team_changed": "info",
    }
    warning_fields = {"type", "owner", "third_party", "channel", "phases"}
    for case in ("everything", "team-still-referenced"):
        data = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
        for change in data["changes"]:
            kind, severity = change["kind"], change["severity"]
            if kind in expected:
                assert severity == expected[kind], change
            elif kind in ("journey_changed", "touchpoint_changed"):
                wanted = "warning" if change["field"] in warning_fields else "info"
                assert severity == wanted, change
            else:
                assert kind == "team_removed"
                still_named = "still references" in change["message"]
                assert severity == ("warning" if still_named else "info"), change


def test_rule_codes_are_unique_and_cover_every_kind() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert {r.kind for r in RULES} == set(Kind)
    for rule in RULES:
        prefix = {"breaking": "TP-B", "warning": "TP-W", "info": "TP-I"}[rule.level]
        assert rule.code.startswith(prefix)
        for field in rule.fields or (None,):
            assert (
                rule_for(rule.kind, field, referenced=rule.referenced, flagged=rule.flagged) is rule
            )


def test_the_rules_table_in_the_docs_matches_the_code() -> None:
    from tests.diff.conftest import FIXTURES as here

    docs = (here.parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    for rule in RULES:
        row = next((ln for ln in docs.splitlines() if ln.startswith(f"| `{rule.code}` |")), None)
        assert row is not None, rule.code
        assert f"`{rule.kind.value}`" in row and rule.level.value in row, row


def test_the_fallbacks_for_huge_journeys_still_use_every_step_once(monkeypatch) -> None:
    from mkdocs_touchpoints.diff import compare as module

    monkeypatch.setattr(module, "MAX_LCS_PAIRS", 0)
    monkeypatch.setattr(module, "MAX_PAIRING_CELLS", 0)
    old = as_steps([("a", "x", f"step {n}") for n in range(30)])
    new = [*old[:10], *as_steps([("b", "y", "new")]), *old[10:]]
    new[20] = Step(phase="a", touchpoint="x", action="step 19, reworded")
    pairs = align_steps(old, new)
    assert [i for i, _ in pairs if i is not None] == list(range(len(old)))
    assert [j for _, j in pairs if j is not None] == list(range(len(new)))
    assert (None, 10) in pairs and (19, 20) in pairs
