"""The gap matrix as plain data: people × required competences, summaries, sorting. Pure.

:mod:`portal.reports.queries` fills it from the database in bulk; every cell's status comes
from :func:`portal.competence.gaps.status`, the one rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from portal.competence.gaps import URGENCY, Held, Status

#: A requirement is met while the person holds a valid record (README: "met").
MET = frozenset({Status.OK, Status.EXPIRING})
GAPS = frozenset({Status.EXPIRED, Status.MISSING})
SORTS = ("name", "unit", "position", "gaps")


@dataclass(frozen=True)
class Column:
    competence_id: int
    code: str
    name: str


@dataclass(slots=True)
class Cell:
    competence_id: int
    is_mandatory: bool
    status: Status
    held: Held | None
    record_id: int | None = None

    @property
    def requirement(self) -> str:
        return "mandatory" if self.is_mandatory else "recommended"


@dataclass
class PersonRow:
    person_id: int
    name: str
    email: str
    unit_id: int
    unit: str
    position: str
    cells: dict[int, Cell] = field(default_factory=dict)

    @property
    def gap_count(self) -> int:
        return sum(1 for cell in self.cells.values() if cell.status in GAPS)

    def has(self, status: Status) -> bool:
        return any(cell.status == status for cell in self.cells.values())


@dataclass
class Tally:
    """Counts of statuses over some cells, and the share of mandatory ones that are met."""

    label: str
    key: int
    counts: Counter = field(default_factory=Counter)
    mandatory: int = 0
    mandatory_met: int = 0

    def add(self, cell: Cell) -> None:
        self.add_count(cell.status, cell.is_mandatory)

    def add_count(self, status: Status, is_mandatory: bool, count: int = 1) -> None:
        self.counts[status] += count
        if is_mandatory:
            self.mandatory += count
            self.mandatory_met += count if status in MET else 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def share(self) -> float | None:
        """Share of mandatory requirements met, 0–1, or None when there are none."""
        return self.mandatory_met / self.mandatory if self.mandatory else None


@dataclass(frozen=True)
class CoverageResult:
    rule_id: int
    unit_id: int
    unit: str
    competence: str
    minimum: int
    holders: int

    @property
    def is_breached(self) -> bool:
        return self.holders < self.minimum


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[PersonRow]
    coverage: list[CoverageResult] = field(default_factory=list)
    total: int = 0  # people in the report; more than ``rows`` when only a page was read

    @property
    def breaches(self) -> list[CoverageResult]:
        return [result for result in self.coverage if result.is_breached]


def by_competence(columns: Sequence[Column], rows: Iterable[PersonRow]) -> list[Tally]:
    tallies = {c.competence_id: Tally(c.name, c.competence_id) for c in columns}
    for row in rows:
        for competence_id, cell in row.cells.items():
            tallies[competence_id].add(cell)
    return [tallies[c.competence_id] for c in columns]


def by_unit(rows: Iterable[PersonRow]) -> list[Tally]:
    tallies: dict[int, Tally] = {}
    for row in rows:
        tally = tallies.setdefault(row.unit_id, Tally(row.unit, row.unit_id))
        for cell in row.cells.values():
            tally.add(cell)
    return sorted(tallies.values(), key=lambda t: t.label)


def only_status(rows: Iterable[PersonRow], status: Status | None) -> list[PersonRow]:
    """The people with at least one requirement in ``status`` (all when None)."""
    return list(rows) if status is None else [row for row in rows if row.has(status)]


def sort_rows(
    rows: list[PersonRow], sort: str = "name", descending: bool = False
) -> list[PersonRow]:
    """Rows by name, unit, position or number of gaps; ties by name."""
    rows = sorted(rows, key=lambda r: (r.name.lower(), r.person_id))
    if sort == "unit":
        rows.sort(key=lambda r: r.unit.lower(), reverse=descending)
    elif sort == "position":
        rows.sort(key=lambda r: r.position.lower(), reverse=descending)
    elif sort == "gaps":
        rows.sort(key=lambda r: r.gap_count, reverse=not descending)  # most gaps first
    elif descending:
        rows.reverse()
    return rows


def worst(cells: Iterable[Cell]) -> Status | None:
    """The most urgent status among ``cells``."""
    urgency = {status: index for index, status in enumerate(URGENCY)}
    return min((cell.status for cell in cells), key=urgency.__getitem__, default=None)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
