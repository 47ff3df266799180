"""The gap matrix as plain data: people × required competences, summaries, sorting. Pure.

:mod:`portal.reports.queries` fills it from the database in bulk; every cell's status comes
from :func:`portal.competence.gaps.status`, the one rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from portal.competence.gaps import MET, URGENCY, Held, Status

GAPS = frozenset({Status.EXPIRED, Status.MISSING})
#: What a lead follows up, most urgent first: gaps, then what expires soon or falls due.
OPEN = (Status.EXPIRED, Status.MISSING, Status.EXPIRING, Status.NOT_DUE)
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
    due_on: date | None = None  # the last day to get it, where it is not (validly) held
    # The unit of the person's job that requires it, and of any other such job (rare: kept
    # apart, so that a cell makes no collection of its own).
    unit_id: int | None = None
    more_unit_ids: tuple[int, ...] = ()

    @property
    def unit_ids(self) -> set[int]:
        """The units of the person's jobs (in the report) that require it."""
        return (
            {*self.more_unit_ids} if self.unit_id is None else {self.unit_id, *self.more_unit_ids}
        )

    @property
    def requirement(self) -> str:
        return "mandatory" if self.is_mandatory else "recommended"

    @property
    def is_open(self) -> bool:
        """Something to do: a gap, or a competence that expires soon or is not yet due."""
        return self.status in OPEN


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
        """Mandatory requirements expired or missing (a recommended gap is no breach)."""
        return sum(1 for cell in self.cells.values() if cell.is_mandatory and cell.status in GAPS)

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
    mandatory_counts: Counter = field(default_factory=Counter)

    def add(self, cell: Cell) -> None:
        self.add_count(cell.status, cell.is_mandatory)

    def add_count(self, status: Status, is_mandatory: bool, count: int = 1) -> None:
        self.counts[status] += count
        if is_mandatory:
            self.mandatory += count
            self.mandatory_met += count if status in MET else 0
            self.mandatory_counts[status] += count

    @property
    def recommended_gaps(self) -> int:
        """Recommended competences not held or no longer valid: worth doing, never a breach."""
        return sum(self.counts[s] - self.mandatory_counts[s] for s in GAPS)

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


def overall(tallies: Iterable[Tally], label: str = "") -> Tally:
    """One tally of everything in ``tallies`` (the page's headline figures)."""
    total = Tally(label, 0)
    for tally in tallies:
        total.counts.update(tally.counts)
        total.mandatory_counts.update(tally.mandatory_counts)
        total.mandatory += tally.mandatory
        total.mandatory_met += tally.mandatory_met
    return total


@dataclass
class CompetenceList:
    """For paper: who of ``rows`` has something open in one competence, by status."""

    column: Column
    people: dict[Status, list[tuple[PersonRow, Cell]]]

    @property
    def is_clear(self) -> bool:
        return not any(self.people.values())


def open_by_competence(
    columns: Sequence[Column], rows: Iterable[PersonRow]
) -> list[CompetenceList]:
    """Per column, the people whose requirement is open, grouped by status in :data:`OPEN`'s
    order; in each group the mandatory ones first, then in the order of ``rows``."""
    lists = {c.competence_id: CompetenceList(c, {s: [] for s in OPEN}) for c in columns}
    for row in rows:
        for competence_id, cell in row.cells.items():
            if cell.is_open and competence_id in lists:
                lists[competence_id].people[cell.status].append((row, cell))
    for found in lists.values():
        for people in found.people.values():
            people.sort(key=lambda pair: not pair[1].is_mandatory)  # stable: keeps row order
    return [lists[c.competence_id] for c in columns]


def open_cells(columns: Sequence[Column], row: PersonRow) -> list[tuple[Column, Cell]]:
    """A person's open requirements, mandatory before recommended, most urgent first, then in
    the order of the columns."""
    rank = {status: n for n, status in enumerate(OPEN)}
    found = [(c, row.cells[c.competence_id]) for c in columns if c.competence_id in row.cells]
    found = [(c, cell) for c, cell in found if cell.is_open]
    return sorted(found, key=lambda pair: (not pair[1].is_mandatory, rank[pair[1].status]))


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
        rows.sort(key=lambda r: r.gap_count, reverse=descending)
    elif descending:
        rows.reverse()
    return rows


def worst(cells: Iterable[Cell]) -> Status | None:
    """The most urgent status among ``cells``."""
    urgency = {status: index for index, status in enumerate(URGENCY)}
    return min((cell.status for cell in cells), key=urgency.__getitem__, default=None)


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""
