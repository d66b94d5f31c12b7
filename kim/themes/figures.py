"""Small-count suppression: every figure shown outside the case team passes through ``suppress``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


def suppress(count: int, threshold: int) -> str:
    """``count`` as text, or "fewer than <threshold>" for 1 … threshold-1 (0 stays 0: nothing to hide)."""
    if 0 < count < threshold:
        return _("fewer than %(threshold)s") % {"threshold": threshold}
    return str(count)


def is_suppressed(count: int, threshold: int) -> bool:
    return 0 < count < threshold


# Prioritisation averages are shown from this many scoring members on: with fewer, a member
# who knows their own score could work out another member's (the averages are recorded in
# the minutes and go to OParl). Three is the smallest group where that is not possible.
MIN_SCORERS = 3


@dataclass(frozen=True)
class Cell:
    """One cell of a figure table: ``value`` is ``None`` when the count is not shown."""

    label: str
    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None


def suppress_table(items: Iterable[tuple[str, int]], threshold: int) -> list[Cell]:
    """Cells of a table shown next to its total, with primary and secondary suppression.

    As ``kim.cases.selectors_caseload.suppress``: a total below the threshold hides every
    cell; otherwise cells of 1 … threshold-1 are hidden and, while any is hidden, further
    non-zero cells (smallest first) until the hidden cells add up to at least the threshold,
    so no hidden count can be worked out from the total and the cells shown.
    """
    rows = list(items)
    total = sum(count for _label, count in rows)
    if 0 < total < threshold:
        return [Cell(label, None) for label, _count in rows]
    hidden = {index for index, (_label, count) in enumerate(rows) if 0 < count < threshold}
    if hidden:
        hidden_sum = sum(rows[index][1] for index in hidden)
        for count, index in sorted((c, i) for i, (_l, c) in enumerate(rows) if i not in hidden and c > 0):
            if hidden_sum >= threshold:
                break
            hidden.add(index)
            hidden_sum += count
    return [Cell(label, None if index in hidden else count) for index, (label, count) in enumerate(rows)]
