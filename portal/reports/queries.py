"""Filling the gap matrix from the database in bulk: a handful of queries whatever the size.

People, requirements and the records that count are each fetched in one query as plain rows;
one pass in Python then gives every cell its status through :func:`gaps.status`.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, overload

from sqlalchemy import Select, SQLColumnExpression, exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from portal.authz import Scope, subtree_ids
from portal.clock import expiring_window
from portal.competence import unit_counts
from portal.competence.gaps import Held, Status, status_on
from portal.competence.models import (
    Competence,
    CoverageRule,
    Obligation,
)
from portal.org.jobs import in_units, runs_on
from portal.org.models import Job, Person, Position, Unit
from portal.org.scope import unit_edges
from portal.reports.matrix import Cell, Column, CoverageResult, Matrix, PersonRow

#: Statuses whose cell says by when the competence is due.
UNHELD = frozenset({Status.MISSING, Status.NOT_DUE})


@dataclass(frozen=True)
class Filters:
    unit_id: int | None = None
    position_id: int | None = None
    status: Status | None = None
    competence_id: int | None = None


def unit_ids(session: Session, scope: Scope, unit_id: int | None) -> frozenset[int] | None:
    """The units to report on: the scope, narrowed to ``unit_id`` and below (None: all)."""
    if scope.is_all and unit_id is None:
        return None
    chosen = scope.unit_ids
    edges = unit_edges(session)
    if unit_id is not None:
        below = subtree_ids(edges, [unit_id])
        chosen = below if scope.is_all else below & scope.unit_ids
    # The lead of the top unit: no list of every unit for the database to read through.
    return None if len(chosen) == len(edges) else chosen


@dataclass(frozen=True)
class Page:
    """One page of people in an order the database can sort by."""

    sort: str = "name"
    descending: bool = False
    number: int = 1
    size: int = 50


def person_conditions(
    session: Session, scope: Scope, filters: Filters
) -> list[ColumnElement[bool]]:
    """Who is in the report: active people with a position, in ``scope`` and ``filters``
    (status aside)."""
    units = unit_ids(session, scope, filters.unit_id)
    conditions: list[ColumnElement[bool]] = [
        Person.is_active.is_(True),
        Person.position_id.is_not(None),
    ]
    if units is not None:
        conditions.append(in_units(units))
    if filters.position_id is not None:
        conditions.append(Person.position_id == filters.position_id)
    return conditions


def obligation_conditions(
    session: Session, scope: Scope, filters: Filters, table: Any = Obligation
) -> list[ColumnElement[bool]]:
    """The obligations (of ``table``, or an alias of it) in the report: of active people in
    ``scope`` and ``filters``, status aside (only active people with a unit and a position
    have any)."""
    units = unit_ids(session, scope, filters.unit_id)
    conditions: list[ColumnElement[bool]] = []
    if units is not None:
        conditions.append(table.unit_id.in_(units))
    if filters.position_id is not None:
        conditions.append(table.position_id == filters.position_id)
    if filters.competence_id is not None:
        conditions.append(table.competence_id == filters.competence_id)
    return conditions


def people_query(session: Session, scope: Scope, filters: Filters) -> Select:
    """Active people with a position in ``scope`` and ``filters`` (status aside)."""
    return (
        select(
            Person.id,
            Person.name,
            Person.email,
            Person.unit_id,
            Unit.name,
            Position.name,
            Person.position_id,
            Person.position_since,
        )
        .join(Unit, Unit.id == Person.unit_id)
        .join(Position, Position.id == Person.position_id)
        .where(*person_conditions(session, scope, filters))
    )


def count_people(session: Session, people: Select) -> int:
    return session.scalars(select(func.count()).select_from(people.order_by(None).subquery())).one()


def _ordered(people: Select, page: Page) -> Select:
    by_sort: dict[str, list[SQLColumnExpression[Any]]] = {
        "unit": [Unit.name],
        "position": [Position.name],
    }
    keys = [*by_sort.get(page.sort, []), func.lower(Person.name), Person.id]
    keys = [key.desc() for key in keys] if page.descending else keys
    return people.order_by(*keys).limit(page.size).offset((page.number - 1) * page.size)


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a report builds its rows and cells.

    They are hundreds of thousands of small objects with no reference cycles, and the
    collector would otherwise scan them again and again as they are made: about a third of a
    large report's time. Whatever garbage there is, it collects once it runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(
    session: Session,
    scope: Scope,
    filters: Filters,
    today: date,
    window: timedelta,
    *,
    with_coverage: bool = True,
    page: Page | None = None,
    counted: int | None = None,
) -> Matrix:
    """The matrix (see :func:`_build`); ``counted``: the number of people, when the caller
    counted them already."""
    with cycle_collector_paused():
        return _build(
            session,
            scope,
            filters,
            today,
            window,
            with_coverage=with_coverage,
            page=page,
            counted=counted,
        )


def _build(
    session: Session,
    scope: Scope,
    filters: Filters,
    today: date,
    window: timedelta,
    *,
    with_coverage: bool,
    page: Page | None,
    counted: int | None,
) -> Matrix:
    """The matrix of active people in ``scope`` and ``filters`` (status aside: see
    :func:`portal.reports.matrix.only_status`), with the coverage rules of those units.

    With ``page``, only that page of people is read (sorted by the database), for a first page
    that stays fast however many people there are; ``Matrix.total`` counts them all.
    """
    people = people_query(session, scope, filters)
    total = None
    if page is not None:
        total = count_people(session, people) if counted is None else counted
        people = _ordered(people, page)
    person_rows = session.connection().execute(people).all()
    ids = None if page is None else [row[0] for row in person_rows]
    cells = _cells(session, scope, filters, ids, today, window)
    rows = []
    for pid, name, email, unit_id, unit, position, _position_id, _since in person_rows:
        row = PersonRow(pid, name, email, unit_id, unit, position)
        row.cells = cells.get(pid, {})
        rows.append(row)
    units = unit_ids(session, scope, filters.unit_id)
    if units is not None:
        _show_jobs_in(session, [row for row in rows if row.unit_id not in units], units, today)
    # The competences required by a current job in the report's units: a competence at a
    # time, each asking the kept obligations' index only whether one such row exists.
    required = exists().where(
        Obligation.competence_id == Competence.id,
        *obligation_conditions(session, scope, filters),
    )
    columns = [
        Column(*c)
        for c in session.execute(
            select(Competence.id, Competence.code, Competence.name)
            .where(required)
            .order_by(Competence.name)
        )
    ]
    coverage = (
        coverage_results(session, unit_ids(session, scope, filters.unit_id), today)
        if with_coverage
        else []
    )
    return Matrix(columns, rows, coverage, total=len(rows) if total is None else total)


def _show_jobs_in(
    session: Session, rows: list[PersonRow], units: frozenset[int], today: date
) -> None:
    """Show on each of ``rows`` (people whose main job is elsewhere) the unit and position of
    their largest job in ``units``: a lead sees only the jobs in their units. One query for
    all, and only for the few people in several units."""
    if not rows:
        return
    jobs_there = (
        select(Job.person_id, Job.unit_id, Unit.name, Position.name)
        .join(Unit, Unit.id == Job.unit_id)
        .outerjoin(Position, Position.id == Job.position_id)
        .where(
            Job.person_id.in_([row.person_id for row in rows]),
            Job.unit_id.in_(units),
            runs_on(today),
        )
        .order_by(Job.employment_percent.desc(), Job.starts_on, Job.id)
    )
    largest: dict[int, tuple[int, str, str | None]] = {}
    for person_id, unit_id, unit, position in session.execute(jobs_there):
        largest.setdefault(person_id, (unit_id, unit, position))
    for row in rows:
        if row.person_id in largest:
            row.unit_id, row.unit, role = largest[row.person_id]
            row.position = role or ""


def _cells(
    session: Session,
    scope: Scope,
    filters: Filters,
    person_ids: list[int] | None,
    today: date,
    window: timedelta,
) -> dict[int, dict[int, Cell]]:
    """Per person of ``person_ids`` (None: all in the report) and competence, the cell of the
    requirements of their jobs in the report's units, from the kept obligations in one query
    (a competence required in two of those units is the same requirement twice: one cell)."""
    query = select(
        Obligation.person_id,
        Obligation.competence_id,
        Obligation.is_mandatory,
        Obligation.due_on,
        Obligation.record_id,
        Obligation.achieved_on,
        Obligation.expires_on,
        Obligation.unit_id,
    ).where(*obligation_conditions(session, scope, filters))
    if person_ids is not None:
        query = query.where(Obligation.person_id.in_(person_ids))
    status = status_on(today, window)
    helds: dict[tuple, Held] = {}  # many records share their dates: make each Held once
    cells: dict[int, dict[int, Cell]] = defaultdict(dict)
    for (
        pid,
        competence_id,
        is_mandatory,
        due_on,
        record_id,
        achieved_on,
        expires_on,
        unit,
    ) in raw_rows(session, query):
        if competence_id in cells[pid]:
            cells[pid][competence_id].more_unit_ids += (unit,)
            continue
        held = None
        if record_id is not None:
            held = helds.get((achieved_on, expires_on))
            if held is None:
                held = helds[achieved_on, expires_on] = Held(
                    as_date(achieved_on), as_date(expires_on)
                )
        due = as_date(due_on)
        # The rule counts due days from a first day; the kept due date is both at once.
        cell = Cell(competence_id, bool(is_mandatory), status(0, held, due), held, record_id)
        if cell.status in UNHELD:
            cell.due_on = due
        cell.unit_id = unit
        cells[pid][competence_id] = cell
    return cells


def raw_rows(session: Session, query: Select) -> Sequence[Any]:
    """The rows of ``query`` straight from the driver, without SQLAlchemy's per-value
    processing: several times faster for the hundreds of thousands of records of a large
    organisation. Dates come back as ``date`` (PostgreSQL) or ISO text (SQLite): see
    :func:`as_date`."""
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None  # a connection in use is never detached from its driver
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _ruled_above(parents: dict[int, int | None], ruled: set[int]) -> Callable[[int], list[int]]:
    """The units with a rule at or above a unit, worked out once a unit."""
    found: dict[int, list[int]] = {}

    def above(unit_id: int) -> list[int]:
        if unit_id not in found:
            found[unit_id] = [u for u in _up_the_tree(unit_id, parents) if u in ruled]
        return found[unit_id]

    return above


def _up_the_tree(unit_id: int | None, parents: dict[int, int | None]) -> Iterator[int]:
    """The unit and every unit above it."""
    seen: set[int] = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        yield unit_id
        unit_id = parents.get(unit_id)


@overload
def as_date(value: date | str) -> date: ...
@overload
def as_date(value: None) -> None: ...
def as_date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def coverage_results(
    session: Session, units: frozenset[int] | None, today: date
) -> list[CoverageResult]:
    """Each coverage rule of ``units`` (None: all) with the number of active people in the
    unit and the units below it who hold a valid record of the competence."""
    query = (
        select(
            CoverageRule.id,
            CoverageRule.unit_id,
            Unit.name,
            CoverageRule.competence_id,
            Competence.name,
            CoverageRule.minimum,
        )
        .join(Unit, Unit.id == CoverageRule.unit_id)
        .join(Competence, Competence.id == CoverageRule.competence_id)
        .order_by(Unit.name, Competence.name)
    )
    if units is not None:
        query = query.where(CoverageRule.unit_id.in_(units))
    rules = session.execute(query).all()
    if not rules:
        return []
    # Valid holders per competence and unit (kept counts), then added up the tree to every
    # unit with a rule: the people of the kept counts are in one unit each, so the units of a
    # subtree add up to it; a person in several units counts once under each rule above any.
    kept = unit_counts.of_units(session, units, today, expiring_window())
    ruled_above = _ruled_above(dict(unit_edges(session)), {unit_id for _, unit_id, *_rest in rules})
    ruled_competences = {competence_id for _i, _u, _n, competence_id, *_rest in rules}
    holders: dict[tuple[int, int], int] = defaultdict(int)
    for unit_id, tally in kept.items():
        for competence_id, count in tally.holders.items():
            if competence_id in ruled_competences:
                for above in ruled_above(unit_id):
                    holders[competence_id, above] += count
    shared: dict[tuple[int, int], set[int]] = defaultdict(set)
    apart = unit_counts.shared(session, units, today, expiring_window()).holders
    for person_id, unit_id, competence_id in apart:
        if competence_id in ruled_competences:
            for above in ruled_above(unit_id):
                shared[competence_id, above].add(person_id)
    for key, people in shared.items():
        holders[key] += len(people)
    return [
        CoverageResult(
            rule_id,
            unit_id,
            unit,
            competence,
            minimum,
            holders[competence_id, unit_id],
        )
        for rule_id, unit_id, unit, competence_id, competence, minimum in rules
    ]
