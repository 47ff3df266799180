"""Counts of the gap report computed by the database over the kept standings: a fixed number
of queries, and nothing in memory that grows with the organisation. For the lead's start page
and the summary; the statuses are :mod:`portal.competence.status_sql`, the gap rule in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from portal.authz import Scope
from portal.competence.gaps import Status
from portal.competence.models import Competence, Requirement, Standing
from portal.competence.status_sql import status_expression
from portal.org.models import Person, Unit
from portal.reports.matrix import Tally
from portal.reports.queries import Filters, person_conditions


def cells(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> Select:
    """One row per active person in ``scope`` and ``filters`` and requirement of their
    position: ``person_id, name, unit_id, unit, competence_id, is_mandatory, status``."""
    status = status_expression(
        today=today,
        window=window,
        record_id=Standing.record_id,
        expires_on=Standing.expires_on,
        position_since=Person.position_since,
        due_days=Requirement.due_days,
    )
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
