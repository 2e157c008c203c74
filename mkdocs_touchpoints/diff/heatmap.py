"""The heatmap cells that moved: step counts per phase and touchpoint (`measures.grid`)
that differ between two versions of a journey."""

from __future__ import annotations

from mkdocs_touchpoints.diff.model import CellChange
from mkdocs_touchpoints.measures.grid import cell_counts
from mkdocs_touchpoints.reading.model import Journey


def changed_cells(old: Journey, new: Journey) -> list[CellChange]:
    """Cells whose step count differs, in HEAD's phase and touchpoint order (removed ones last)."""
    before, after = cell_counts(old), cell_counts(new)
    phase_names = {p.id: p.name for p in old.phases} | {p.id: p.name for p in new.phases}
    touchpoint_names = {t.id: t.name for t in old.touchpoints} | {
        t.id: t.name for t in new.touchpoints
    }
    phase_order = _order([p.id or "" for p in new.phases], [p.id or "" for p in old.phases])
    touchpoint_order = _order([t.id for t in new.touchpoints], [t.id for t in old.touchpoints])
    cells = sorted(
        {cell for cell in before.keys() | after.keys() if before.get(cell) != after.get(cell)},
        key=lambda cell: (touchpoint_order.get(cell[1], 0), phase_order.get(cell[0], 0)),
    )
    return [
        CellChange(
            new.id or "",
            phase_names.get(phase, phase),
            touchpoint_names.get(touchpoint, touchpoint),
            before.get((phase, touchpoint)),
            after.get((phase, touchpoint)),
        )
        for phase, touchpoint in cells
    ]


def _order(head: list[str], base: list[str]) -> dict[str, int]:
    """Positions of ids in HEAD, then BASE-only ids after them."""
    order = {item: index for index, item in enumerate(head)}
    for item in base:
        order.setdefault(item, len(order))
    return order
