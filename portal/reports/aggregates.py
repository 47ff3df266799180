"""Counts of the gap report computed by the database over the kept standings: a fixed number
of queries, and nothing in memory that grows with the organisation. For the lead's start page
and the summary; the statuses are :mod:`portal.competence.status_sql`, the gap rule in SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from portal.authz import Scope
from portal.competence.gaps import Status
from portal.competence.models import Competence, Requirement, Standing
from portal.competence.status_sql import status_expression
from portal.org.models import Person, Position, Unit
from portal.reports.matrix import Tally
from portal.reports.queries import Filters, person_conditions


def _status(today: date, window: timedelta, standing: Any, requirement: Any) -> ColumnElement[str]:
    """The status of ``requirement`` for the person of ``standing`` (outer-joined), in SQL."""
    return status_expression(
        today=today,
        window=window,
        record_id=standing.record_id,
        expires_on=standing.expires_on,
        position_since=Person.position_since,
        due_days=requirement.due_days,
    )


def cells(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> Select:
    """One row per active person in ``scope`` and ``filters`` and requirement of their
    position: ``person_id, name, unit_id, unit, competence_id, is_mandatory, status``."""
    status = _status(today, window, Standing, Requirement)
    query = (
        select(
            Person.id.label("person_id"),
            Person.name.label("name"),
            Person.unit_id.label("unit_id"),
            Unit.name.label("unit"),
            Requirement.competence_id.label("competence_id"),
            Requirement.is_mandatory.label("is_mandatory"),
            status.label("status"),
        )
        .join(Unit, Unit.id == Person.unit_id)
        .join(Requirement, Requirement.position_id == Person.position_id)
        .outerjoin(
            Standing,
            and_(
                Standing.person_id == Person.id,
                Standing.competence_id == Requirement.competence_id,
            ),
        )
        .where(*person_conditions(session, scope, filters))
    )
    if filters.competence_id is not None:
        query = query.where(Requirement.competence_id == filters.competence_id)
    return query


def _with_status_filter(query: Select, filters: Filters) -> Select:
    """Only the people with at least one requirement in the filter's status."""
    if filters.status is None:
        return query
    all_cells = query.subquery()
    chosen = select(all_cells.c.person_id).where(all_cells.c.status == filters.status.value)
    return query.where(Person.id.in_(chosen))


@dataclass(frozen=True)
class StatusGroup:
    """The people with a mandatory requirement in one status: how many, and the first few."""

    status: Status
    count: int
    people: list[tuple[int, str]]  # (person_id, name), by name


def people_by_status(
    session: Session,
    scope: Scope,
    today: date,
    window: timedelta,
    statuses: Sequence[Status],
    limit: int,
) -> list[StatusGroup]:
    """For the start page: per status, the people with a *mandatory* requirement in it."""
    mandatory = cells(session, scope, Filters(), today, window).where(Requirement.is_mandatory)
    found = mandatory.subquery()
    # The first ``limit`` names of every status at once: one row per person and status,
    # numbered by name within the status.
    people = (
        select(found.c.status, found.c.person_id, found.c.name)
        .where(found.c.status.in_([s.value for s in statuses]))
        .distinct()
        .subquery()
    )
    numbered = select(
        people,
        func.row_number()
        .over(partition_by=people.c.status, order_by=(people.c.name, people.c.person_id))
        .label("number"),
        func.count().over(partition_by=people.c.status).label("count"),
    ).subquery()
    names: dict[str, list[tuple[int, str]]] = {s.value: [] for s in statuses}
    counts: dict[str, int] = {}
    for status, person_id, name, _number, count in session.execute(
        select(numbered).where(numbered.c.number <= limit).order_by(numbered.c.number)
    ):
        names[status].append((person_id, name))
        counts[status] = count
    return [StatusGroup(s, counts.get(s.value, 0), names[s.value]) for s in statuses]


def tallies(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> tuple[list[Tally], list[Tally]]:
    """The summary per competence and per unit, each status counted by the database."""
    found = _with_status_filter(cells(session, scope, filters, today, window), filters).subquery()
    per_competence: dict[int, Tally] = {
        competence_id: Tally(name, competence_id)
        for competence_id, name in session.execute(
            select(Competence.id, Competence.name)
            .where(Competence.id.in_(select(found.c.competence_id).distinct()))
            .order_by(Competence.name)
        )
    }
    for competence_id, status, is_mandatory, count in session.execute(
        select(found.c.competence_id, found.c.status, found.c.is_mandatory, func.count()).group_by(
            found.c.competence_id, found.c.status, found.c.is_mandatory
        )
    ):
        per_competence[competence_id].add_count(Status(status), bool(is_mandatory), count)
    per_unit: dict[int, Tally] = {}
    for unit_id, unit, status, is_mandatory, count in session.execute(
        select(
            found.c.unit_id, found.c.unit, found.c.status, found.c.is_mandatory, func.count()
        ).group_by(found.c.unit_id, found.c.unit, found.c.status, found.c.is_mandatory)
    ):
        tally = per_unit.setdefault(unit_id, Tally(unit, unit_id))
        tally.add_count(Status(status), bool(is_mandatory), count)
    return list(per_competence.values()), sorted(per_unit.values(), key=lambda t: t.label)


def csv_rows(
    session: Session,
    scope: Scope,
    filters: Filters,
    today: date,
    window: timedelta,
    *,
    sort: str = "name",
    descending: bool = False,
) -> Iterator[tuple]:
    """The gap CSV's rows (CONTRACT.md's columns, dates as dates), straight from a server-side
    cursor in batches: nothing holds every row, whatever the organisation's size."""
    status = _status(today, window, Standing, Requirement).label("status")
    query = (
        select(
            Person.email,
            Person.name,
            Unit.name,
            Position.name,
            Competence.name,
            Requirement.is_mandatory,
            status,
            Standing.achieved_on,
            Standing.expires_on,
        )
        .join(Unit, Unit.id == Person.unit_id)
        .join(Position, Position.id == Person.position_id)
        .join(Requirement, Requirement.position_id == Person.position_id)
        .join(Competence, Competence.id == Requirement.competence_id)
        .outerjoin(
            Standing,
            and_(
                Standing.person_id == Person.id,
                Standing.competence_id == Requirement.competence_id,
                Standing.record_id.is_not(None),
            ),
        )
        .where(*person_conditions(session, scope, filters))
    )
    if filters.competence_id is not None:
        query = query.where(Requirement.competence_id == filters.competence_id)
    if filters.status is not None:
        query = query.where(status == filters.status.value)
    query = query.order_by(
        *_csv_order(sort, descending, today, window), Competence.name, Competence.id
    )
    result = session.execute(query.execution_options(stream_results=True, yield_per=2000))
    for row in result:
        yield tuple(row)


def _csv_order(sort: str, descending: bool, today: date, window: timedelta) -> list:
    """The people in the page's order (``matrix.sort_rows``): by unit, position or number of
    gaps, then by name."""
    keys: list = {"unit": [func.lower(Unit.name)], "position": [func.lower(Position.name)]}.get(
        sort, []
    )
    if sort == "gaps":
        keys = [_gap_count(today, window)]
    name = [func.lower(Person.name), Person.id]
    if sort == "name":
        return [key.desc() for key in name] if descending else name
    return [key.desc() if descending else key for key in keys] + name


def _gap_count(today: date, window: timedelta):
    """The number of the person's requirements that are expired or missing."""
    requirement, standing = aliased(Requirement), aliased(Standing)
    status = _status(today, window, standing, requirement)
    return (
        select(func.count())
        .select_from(requirement)
        .outerjoin(
            standing,
            and_(
                standing.person_id == Person.id,
                standing.competence_id == requirement.competence_id,
                standing.record_id.is_not(None),
            ),
        )
        .where(
            requirement.position_id == Person.position_id,
            status.in_([Status.EXPIRED.value, Status.MISSING.value]),
        )
        .correlate(Person)
        .scalar_subquery()
    )
