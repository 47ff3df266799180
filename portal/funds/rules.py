"""The kurspott's arithmetic: what is left, who got what, what next year will cost. Pure.

No Flask, no SQL: plain values in, plain values out, tested in ``tests/unit/funds``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Usage:
    """A budget's state: ``committed`` by approvals not yet settled, ``spent`` by courses taken."""

    amount_ore: int
    committed_ore: int
    spent_ore: int

    @property
    def remaining_ore(self) -> int:
        return self.amount_ore - self.committed_ore - self.spent_ore


@dataclass(frozen=True)
class FairShare:
    """One person's part of the allocations over some years, beside their part of the work."""

    person_id: int
    name: str
    employment_percent: int
    allocated_ore: int
    allocation_percent: int  # share of the unit's allocations, whole percent
    employment_percent_share: int  # share of the unit's summed employment percentages

    @property
    def difference_points(self) -> int:
        """Allocation share minus employment share, in percentage points."""
        return self.allocation_percent - self.employment_percent_share


def percent_of(part: int, whole: int) -> int:
    """``part`` as a whole percentage of ``whole``, rounded half up, in integers only."""
    return (200 * part + whole) // (2 * whole) if whole else 0


def fair_shares(
    people: Iterable[tuple[int, str, int]], allocated: dict[int, int]
) -> list[FairShare]:
    """Set each person's allocations against their employment percentage.

    :param people: ``(person_id, name, employment_percent)`` of the unit's people
    :param allocated: øre allocated per person id (approved or spent)
    :return: one row per person, the largest allocation first
    """
    people = list(people)
    total_ore = sum(allocated.get(pid, 0) for pid, _name, _pct in people)
    total_percent = sum(pct for _pid, _name, pct in people)
    rows = [
        FairShare(
            pid,
            name,
            pct,
            allocated.get(pid, 0),
            percent_of(allocated.get(pid, 0), total_ore),
            percent_of(pct, total_percent),
        )
        for pid, name, pct in people
    ]
    return sorted(rows, key=lambda r: (-r.allocated_ore, r.name))


@dataclass(frozen=True)
class ForecastItem:
    """One expected cost next year: a recertification or an open high-priority need."""

    kind: str  # "recertification" or "need"
    person_id: int
    competence_id: int | None
    title: str
    due_on: date
    cost_ore: int | None  # None: the competence has no typical cost set


def recertifications(
    held: Iterable[tuple[int, int, date | None]],
    year: int,
    costs: dict[int, tuple[str, int | None]],
) -> list[ForecastItem]:
    """Records whose validity ends in ``year``, priced at the competence's typical cost.

    :param held: ``(person_id, competence_id, expires_on)`` of the record that counts for each
        person and competence (a renewed one, not the old record it replaced)
    :param costs: competence id → ``(name, typical cost in øre or None)``
    """
    items = [
        ForecastItem(
            "recertification",
            person_id,
            competence_id,
            costs[competence_id][0],
            expires_on,
            costs[competence_id][1],
        )
        for person_id, competence_id, expires_on in held
        if expires_on is not None and expires_on.year == year and competence_id in costs
    ]
    return sorted(items, key=lambda item: (item.due_on, item.title))


def suggested_budget(items: Iterable[ForecastItem]) -> int:
    """The sum of the known costs, in øre; items without a cost add nothing."""
    return sum(item.cost_ore or 0 for item in items)


def without_duplicates(
    recerts: list[ForecastItem], needs: list[ForecastItem]
) -> list[ForecastItem]:
    """Both lists, leaving out a need for a competence the same person renews anyway."""
    renewing = {(item.person_id, item.competence_id) for item in recerts}
    return recerts + [
        need
        for need in needs
        if need.competence_id is None or (need.person_id, need.competence_id) not in renewing
    ]
