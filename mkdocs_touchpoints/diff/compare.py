"""Compare two handbooks: journeys, phases, touchpoints and teams by id, steps by alignment.

Pure functions over loaded handbooks; nothing here reads files or runs git.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from typing import Any

from mkdocs_touchpoints.diff.heatmap import changed_cells
from mkdocs_touchpoints.diff.model import Change, HandbookDiff, Kind, Location, rule_for
from mkdocs_touchpoints.measures.registry import step_measures
from mkdocs_touchpoints.reading.handbook import Handbook, JourneyFile, TeamsSource
from mkdocs_touchpoints.reading.locate import has_key, locate
from mkdocs_touchpoints.reading.model import Step, Team
from mkdocs_touchpoints.reading.quoting import QUOTE_LIMIT, shorten

JOURNEY_FIELDS = ("title", "description", "persona", "owner", "tags")
PHASE_FIELDS = ("name", "description")
TOUCHPOINT_FIELDS = ("name", "channel", "type", "owner", "third_party", "description")
STEP_TEXT_FIELDS = ("phase", "touchpoint", "action", "pain_point", "opportunity")
"""The step's fields other than its measures (those come from `measures.registry`)."""


def step_fields() -> tuple[str, ...]:
    """Every compared field of a step: its place and action, each registered measure, its
    pain point and opportunity (the order of the messages)."""
    return (*STEP_TEXT_FIELDS[:3], *(m.id for m in step_measures()), *STEP_TEXT_FIELDS[3:])


TEAM_FIELDS = ("name", "description", "contact", "url", "github")

PAIR_THRESHOLD = 0.5
"""Two unequal steps are the same step, changed, when their similarity reaches this."""
MAX_PAIRING_CELLS = 2_500
"""Between two identical steps, up to this many (old × new) candidates are compared for
similarity; beyond, steps are paired along the diagonal only."""
MAX_LCS_PAIRS = 250_000
"""Up to this many pairs of identical steps, they form an exact longest common
subsequence; beyond, difflib's matching blocks stand in for it."""

Path = tuple[str | int, ...]


def compare(base: Handbook, head: Handbook, *, teams: bool = True) -> HandbookDiff:
    """Every change from `base` to `head`, journeys in id order, then teams."""
    result = HandbookDiff()
    old_files = {f.id: f for f in base.journeys}
    new_files = {f.id: f for f in head.journeys}
    for journey_id in sorted(old_files.keys() | new_files.keys()):
        old, new = old_files.get(journey_id), new_files.get(journey_id)
        if old is None and new is not None:
            result.titles[journey_id] = new.journey.title
            result.changes.append(_journey_added(new))
        elif new is None and old is not None:
            result.titles[journey_id] = old.journey.title
            result.changes.append(_journey_removed(old))
        elif old is not None and new is not None:
            result.titles[journey_id] = new.journey.title
            result.changes.extend(compare_journeys(old, new))
            result.cells.extend(changed_cells(old.journey, new.journey))
    if teams:
        result.changes.extend(compare_teams(base, head))
    return result


# --- locations and wording ------------------------------------------------------------------


def _at(file: JourneyFile, path: Path, side: str = "head") -> Location:
    mark = locate(file.tree, path)
    return Location(file.display, mark.line, mark.column, side)


def _id_path(file: JourneyFile, path: Path) -> Path:
    """`path` + ("id",) when the item has an explicit id key (points at the id itself)."""
    return (*path, "id") if has_key(file.tree, (*path, "id")) else path


def show(value: Any) -> str:
    """A value as a message quotes it."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        listed = ", ".join(str(v) for v in value)
        return "[" + shorten(listed, 2 * QUOTE_LIMIT, flat=True) + "]"
    if isinstance(value, str):
        return f"'{shorten(value, QUOTE_LIMIT, flat=True)}'"
    return str(value)


def _changed(subject: str, field: str, old: Any, new: Any) -> str:
    return f"{subject}: {field} changed from {show(old)} to {show(new)}"


def _plain(value: Any) -> Any:
    """A JSON-ready copy of a field value."""
    return list(value) if isinstance(value, list | tuple) else value


# --- journeys -------------------------------------------------------------------------------


def _journey_added(file: JourneyFile) -> Change:
    where = ("id",) if has_key(file.tree, ("id",)) else ("title",)
    return Change(
        Kind.JOURNEY_ADDED,
        rule_for(Kind.JOURNEY_ADDED),
        file.id,
        file.id,
        f"journey '{file.id}' added: {show(file.journey.title)}",
        new=file.journey.title,
        location=_at(file, where),
    )


def _journey_removed(file: JourneyFile) -> Change:
    where = ("id",) if has_key(file.tree, ("id",)) else ("title",)
    return Change(
        Kind.JOURNEY_REMOVED,
        rule_for(Kind.JOURNEY_REMOVED),
        file.id,
        file.id,
        f"journey '{file.id}' removed (was {show(file.journey.title)})",
        old=file.journey.title,
        location=_at(file, where, "base"),
    )


def compare_journeys(old: JourneyFile, new: JourneyFile) -> list[Change]:
    """The changes inside one journey present on both sides."""
    changes = list(_journey_fields(old, new))
    changes.extend(_phases(old, new))
    changes.extend(_touchpoints(old, new))
    changes.extend(_steps(old, new))
    return changes


def _inheriting(old: JourneyFile, new: JourneyFile) -> set[str]:
    """Touchpoints whose owner changed only because they follow the journey's new owner."""
    old_owner, new_owner = old.journey.owner, new.journey.owner
    if old_owner == new_owner:
        return set()
    before = {t.id: t.owner for t in old.journey.touchpoints}
    return {
        t.id
        for t in new.journey.touchpoints
        if before.get(t.id) == old_owner and t.owner == new_owner
    }


def _journey_fields(old: JourneyFile, new: JourneyFile) -> Iterator[Change]:
    journey_id = new.id
    for name in JOURNEY_FIELDS:
        before, after = getattr(old.journey, name), getattr(new.journey, name)
        if before == after:
            continue
        message = _changed(f"journey '{journey_id}'", name, before, after)
        detail = None
        if name == "owner" and (following := _inheriting(old, new)):
            count = len(following)
            detail = f"and {count} touchpoint{'s' if count != 1 else ''} that inherit it"
            message += f" ({detail})"
        yield Change(
            Kind.JOURNEY_CHANGED,
            rule_for(Kind.JOURNEY_CHANGED, name),
            journey_id,
            name,
            message,
            _plain(before),
            _plain(after),
            name,
            _at(new, (name,)),
            detail=detail,
        )


# --- phases ---------------------------------------------------------------------------------


def _phases(old: JourneyFile, new: JourneyFile) -> Iterator[Change]:
    journey_id = new.id
    before = {p.id: (i, p) for i, p in enumerate(old.journey.phases)}
    after = {p.id: (i, p) for i, p in enumerate(new.journey.phases)}
    for phase_id, (index, phase) in before.items():
        if phase_id not in after:
            renamed = _renamed_hint(index, new, before)
            yield Change(
                Kind.PHASE_REMOVED,
                rule_for(Kind.PHASE_REMOVED),
                journey_id,
                phase_id or "",
                f"phase '{phase_id}' removed (was {show(phase.name)})"
                + (f"; {renamed}" if renamed else ""),
                old=phase.name,
                location=_at(old, _id_path(old, ("phases", index)), "base"),
                detail=renamed,
            )
    for phase_id, (index, phase) in after.items():
        if phase_id not in before:
            yield Change(
                Kind.PHASE_ADDED,
                rule_for(Kind.PHASE_ADDED),
                journey_id,
                phase_id or "",
                f"phase '{phase_id}' added: {show(phase.name)}",
                new=phase.name,
                location=_at(new, _id_path(new, ("phases", index))),
            )
    for phase_id, (index, phase) in after.items():
        if phase_id not in before:
            continue
        previous = before[phase_id][1]
        for name in PHASE_FIELDS:
            was, now = getattr(previous, name), getattr(phase, name)
            if was != now:
                yield Change(
                    Kind.PHASE_CHANGED,
                    rule_for(Kind.PHASE_CHANGED, name),
                    journey_id,
                    phase_id or "",
                    _changed(f"phase '{phase_id}'", name, was, now),
                    was,
                    now,
                    name,
                    _at(new, ("phases", index, name)),
                )
    old_order = [p for p in before if p in after]
    new_order = [p for p in after if p in before]
    if old_order != new_order:
        old_ids, new_ids = list(before), list(after)
        yield Change(
            Kind.JOURNEY_CHANGED,
            rule_for(Kind.JOURNEY_CHANGED, "phases"),
            journey_id,
            "phases",
            f"journey '{journey_id}': phases reordered from {show(old_ids)} to {show(new_ids)}",
            old_ids,
            new_ids,
            "phases",
            _at(new, ("phases",)),
        )


def _renamed_hint(index: int, new: JourneyFile, before: dict[Any, tuple[int, Any]]) -> str | None:
    """`renamed to 'x'?` when a new phase stands where the removed one stood."""
    phases = new.journey.phases
    if index < len(phases) and phases[index].id not in before:
        return f"renamed to '{phases[index].id}'?"
    return None


# --- touchpoints ----------------------------------------------------------------------------


def _touchpoints(old: JourneyFile, new: JourneyFile) -> Iterator[Change]:
    journey_id = new.id
    before = {t.id: (i, t) for i, t in enumerate(old.journey.touchpoints)}
    after = {t.id: (i, t) for i, t in enumerate(new.journey.touchpoints)}
    following = _inheriting(old, new)
    for touchpoint_id, (index, touchpoint) in before.items():
        if touchpoint_id not in after:
            yield Change(
                Kind.TOUCHPOINT_REMOVED,
                rule_for(Kind.TOUCHPOINT_REMOVED),
                journey_id,
                touchpoint_id,
                f"touchpoint '{touchpoint_id}' removed (was {show(touchpoint.name)})",
                old=touchpoint.name,
                location=_at(old, ("touchpoints", index, "id"), "base"),
            )
    for touchpoint_id, (index, touchpoint) in after.items():
        if touchpoint_id not in before:
            yield Change(
                Kind.TOUCHPOINT_ADDED,
                rule_for(Kind.TOUCHPOINT_ADDED),
                journey_id,
                touchpoint_id,
                f"touchpoint '{touchpoint_id}' added: {show(touchpoint.name)}",
                new=touchpoint.name,
                location=_at(new, ("touchpoints", index, "id")),
            )
            continue
        previous = before[touchpoint_id][1]
        for name in TOUCHPOINT_FIELDS:
            was, now = getattr(previous, name), getattr(touchpoint, name)
            if was == now or (name == "owner" and touchpoint_id in following):
                continue
            yield Change(
                Kind.TOUCHPOINT_CHANGED,
                rule_for(Kind.TOUCHPOINT_CHANGED, name),
                journey_id,
                touchpoint_id,
                _changed(f"touchpoint '{touchpoint_id}'", name, was, now),
                was,
                now,
                name,
                _at(new, ("touchpoints", index, name)),
            )


# --- steps ----------------------------------------------------------------------------------


def _step_key(step: Step) -> tuple[str, str, str]:
    return (step.phase, step.touchpoint, step.action)


def similarity(old: Step, new: Step) -> float:
    """0 to 1: a quarter for the same phase, a quarter for the same touchpoint, half for action."""
    score = 0.25 * (old.phase == new.phase) + 0.25 * (old.touchpoint == new.touchpoint)
    if score + 0.5 < PAIR_THRESHOLD:
        return score
    matcher = SequenceMatcher(None, old.action, new.action, autojunk=False)
    if score + 0.5 * matcher.quick_ratio() < PAIR_THRESHOLD:
        return score
    return score + 0.5 * matcher.ratio()


Key = tuple[str, str, str]
Pairs = list[tuple[int | None, int | None]]


def align_steps(old: Sequence[Step], new: Sequence[Step]) -> Pairs:
    """Pairs (old index, new index) in order; None on one side for a removed or added step.

    Steps with the same phase, touchpoint and action are matched first, as many as
    possible and in order (a longest common subsequence), so one inserted step never
    shifts the later ones. Between two such anchors, the steps left over are paired by
    similarity, keeping their order: a reworded step is one changed step.
    """
    keys_old, keys_new = [_step_key(s) for s in old], [_step_key(s) for s in new]
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and keys_old[prefix] == keys_new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and keys_old[-1 - suffix] == keys_new[-1 - suffix]:
        suffix += 1
    rows = range(prefix, len(old) - suffix)
    cols = range(prefix, len(new) - suffix)
    pairs: Pairs = [(i, i) for i in range(prefix)]
    start_i, start_j = rows.start, cols.start
    for i, j in [*_exact_matches(keys_old, keys_new, rows, cols), (rows.stop, cols.stop)]:
        pairs.extend(_pair_gap(old, new, range(start_i, i), range(start_j, j)))
        if i < rows.stop:
            pairs.append((i, j))
        start_i, start_j = i + 1, j + 1
    pairs.extend((len(old) - suffix + k, len(new) - suffix + k) for k in range(suffix))
    return pairs


def _exact_matches(
    keys_old: list[Key], keys_new: list[Key], rows: range, cols: range
) -> list[tuple[int, int]]:
    """Identical steps, in order: a longest common subsequence.

    Hunt-Szymanski: the longest increasing run of matching (old, new) pairs, so the
    cost follows the number of identical pairs, not the product of the lengths. With
    more than MAX_LCS_PAIRS of them (a journey of one step repeated), difflib's
    matching blocks stand in.
    """
    where: dict[Key, list[int]] = {}
    for j in cols:
        where.setdefault(keys_new[j], []).append(j)
    if sum(len(where.get(keys_old[i], ())) for i in rows) > MAX_LCS_PAIRS:
        matcher = SequenceMatcher(
            None, keys_old[rows.start : rows.stop], keys_new[cols.start : cols.stop], autojunk=False
        )
        return [
            (rows.start + a + k, cols.start + b + k)
            for a, b, size in matcher.get_matching_blocks()
            for k in range(size)
        ]
    tails: list[int] = []
    """tails[k]: the smallest new index that ends a common run of length k + 1."""
    ends: list[tuple[int, int, Any]] = []
    node: Any
    """ends[k]: that run's last pair and the node before it, (old, new, previous)."""
    for i in rows:
        for j in reversed(where.get(keys_old[i], ())):
            k = bisect_left(tails, j)
            node = (i, j, ends[k - 1] if k else None)
            if k == len(tails):
                tails.append(j)
                ends.append(node)
            else:
                tails[k] = j
                ends[k] = node
    matches = []
    node = ends[-1] if ends else None
    while node is not None:
        matches.append((node[0], node[1]))
        node = node[2]
    matches.reverse()
    return matches


def _pair_gap(old: Sequence[Step], new: Sequence[Step], rows: range, cols: range) -> Pairs:
    """Pair the differing steps between two anchors, in order, by similarity."""
    if not rows or not cols:
        return [(i, None) for i in rows] + [(None, j) for j in cols]
    if len(rows) * len(cols) <= MAX_PAIRING_CELLS:
        return _similarity_alignment(old, new, rows, cols)
    pairs: Pairs = []  # too many candidates: pair along the diagonal only
    for i, j in zip(rows, cols, strict=False):
        if similarity(old[i], new[j]) >= PAIR_THRESHOLD:
            pairs.append((i, j))
        else:
            pairs += [(i, None), (None, j)]
    pairs += [(i, None) for i in rows[len(cols) :]] + [(None, j) for j in cols[len(rows) :]]
    return pairs


def _similarity_alignment(
    old: Sequence[Step], new: Sequence[Step], rows: range, cols: range
) -> Pairs:
    """The order-keeping pairing with the greatest total similarity (a small alignment table)."""
    n, m = len(rows), len(cols)
    scores = [[0.0] * m for _ in range(n)]
    for a, i in enumerate(rows):
        for b, j in enumerate(cols):
            score = similarity(old[i], new[j])
            scores[a][b] = score if score >= PAIR_THRESHOLD else 0.0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(1, n + 1):
        row, above, scores_row = best[a], best[a - 1], scores[a - 1]
        for b in range(1, m + 1):
            value = max(above[b], row[b - 1])
            score = scores_row[b - 1]
            if score and above[b - 1] + score > value:
                value = above[b - 1] + score
            row[b] = value
    result: Pairs = []
    a, b = n, m
    while a > 0 and b > 0:
        score = scores[a - 1][b - 1]
        if score and best[a][b] == best[a - 1][b - 1] + score:
            result.append((rows[a - 1], cols[b - 1]))
            a, b = a - 1, b - 1
        elif best[a][b] == best[a][b - 1]:
            result.append((None, cols[b - 1]))
            b -= 1
        else:
            result.append((rows[a - 1], None))
            a -= 1
    result.extend((None, cols[k]) for k in reversed(range(b)))
    result.extend((rows[k], None) for k in reversed(range(a)))
    result.reverse()
    return result


def _where(step: Step) -> str:
    return f"{step.phase} / {step.touchpoint}"


def _steps(old: JourneyFile, new: JourneyFile) -> Iterator[Change]:
    journey_id = new.id
    old_steps, new_steps = old.journey.steps, new.journey.steps
    for i, j in align_steps(old_steps, new_steps):
        if j is None and i is not None:
            step = old_steps[i]
            yield Change(
                Kind.STEP_REMOVED,
                rule_for(Kind.STEP_REMOVED),
                journey_id,
                step.touchpoint,
                f"BASE step {i + 1} ({_where(step)}) removed: {show(step.action)}",
                old=step.action,
                location=_at(old, ("steps", i), "base"),
                step=i + 1,
                phase=step.phase,
            )
        elif i is None and j is not None:
            step = new_steps[j]
            yield Change(
                Kind.STEP_ADDED,
                rule_for(Kind.STEP_ADDED),
                journey_id,
                step.touchpoint,
                f"step {j + 1} ({_where(step)}) added: {show(step.action)}",
                new=step.action,
                location=_at(new, ("steps", j)),
                step=j + 1,
                phase=step.phase,
            )
        elif i is not None and j is not None:
            yield from _step_fields(journey_id, new, old_steps[i], new_steps[j], j)


def _step_fields(
    journey_id: str, new: JourneyFile, before: Step, after: Step, index: int
) -> Iterator[Change]:
    measures = {m.id: m for m in step_measures()}
    for name in step_fields():
        if name in measures:
            was, now = measures[name].of(before), measures[name].of(after)
        else:
            was, now = getattr(before, name), getattr(after, name)
        if was == now:
            continue
        yield Change(
            Kind.STEP_CHANGED,
            rule_for(Kind.STEP_CHANGED, name),
            journey_id,
            after.touchpoint,
            _changed(f"step {index + 1} ({_where(after)})", name, was, now),
            was,
            now,
            name,
            _at(new, ("steps", index, name)),
            step=index + 1,
            phase=after.phase,
        )


# --- teams ----------------------------------------------------------------------------------


def references(handbook: Handbook) -> dict[str, list[str]]:
    """Where each team is named as an owner: `journey x`, `touchpoint x/y`."""
    found: dict[str, list[str]] = {}
    for file in handbook.journeys:
        found.setdefault(file.journey.owner, []).append(f"journey {file.id}")
        for touchpoint in file.journey.touchpoints:
            if touchpoint.owner and touchpoint.owner != file.journey.owner:
                found.setdefault(touchpoint.owner, []).append(
                    f"touchpoint {file.id}/{touchpoint.id}"
                )
    return found


def _team_at(source: TeamsSource, index: int, path: Path, side: str) -> Location | None:
    if source.display is None or source.declared is None:
        return None
    mark = locate(source.tree, ("teams", index, *path))
    return Location(source.display, mark.line, mark.column, side)


def _teams_by_id(teams: list[Team]) -> dict[str, tuple[int, Team]]:
    found: dict[str, tuple[int, Team]] = {}
    for index, team in enumerate(teams):
        found.setdefault(team.id, (index, team))
    return found


def compare_teams(base: Handbook, head: Handbook) -> list[Change]:
    """Teams added, removed (a warning while HEAD still names them) and changed."""
    before, after = _teams_by_id(base.teams), _teams_by_id(head.teams)
    named = references(head)
    changes: list[Change] = []
    for team_id, (index, team) in before.items():
        if team_id in after:
            continue
        where = named.get(team_id, [])
        message = f"team '{team_id}' removed (was {show(team.name)})"
        detail = None
        if where:
            shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
            detail = f"HEAD still references it: {shown}"
            message += f" but {detail}"
        changes.append(
            Change(
                Kind.TEAM_REMOVED,
                rule_for(Kind.TEAM_REMOVED, referenced=bool(where)),
                None,
                team_id,
                message,
                old=team.name,
                location=_team_at(base.teams_source, index, ("id",), "base"),
                detail=detail,
            )
        )
    for team_id, (index, team) in after.items():
        if team_id not in before:
            changes.append(
                Change(
                    Kind.TEAM_ADDED,
                    rule_for(Kind.TEAM_ADDED),
                    None,
                    team_id,
                    f"team '{team_id}' added: {show(team.name)}",
                    new=team.name,
                    location=_team_at(head.teams_source, index, ("id",), "head"),
                )
            )
            continue
        previous = before[team_id][1]
        for name in TEAM_FIELDS:
            was, now = getattr(previous, name), getattr(team, name)
            if was != now:
                changes.append(
                    Change(
                        Kind.TEAM_CHANGED,
                        rule_for(Kind.TEAM_CHANGED, name),
                        None,
                        team_id,
                        _changed(f"team '{team_id}'", name, was, now),
                        was,
                        now,
                        name,
                        _team_at(head.teams_source, index, (name,), "head"),
                    )
                )
    return changes
