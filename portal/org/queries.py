"""Reads for units, positions and people, always within a scope."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload

from portal.authz import Scope
from portal.org.jobs import in_units
from portal.org.models import Job, Person, Position, Unit


def units_in(session: Session, scope: Scope) -> list[Unit]:
    query = select(Unit).order_by(Unit.name)
    if not scope.is_all:
        query = query.where(Unit.id.in_(scope.unit_ids))
    return list(session.scalars(query))


def positions(session: Session) -> list[Position]:
    return list(session.scalars(select(Position).order_by(Position.name)))


def jobs_of(session: Session, person_id: int) -> list[Job]:
    """The person's jobs, ended ones too, first begun first, with their units and positions."""
    return list(
        session.scalars(
            select(Job)
            .options(joinedload(Job.unit), joinedload(Job.position))
            .where(Job.person_id == person_id)
            .order_by(Job.starts_on, Job.id)
        )
    )


def people_query(scope: Scope, search: str | None = None, *, inactive: bool = False) -> Select:
    """The people of ``scope`` in name order; those who have left only with ``inactive``."""
    query = select(Person).order_by(Person.name)
    if not inactive:
        query = query.where(Person.is_active.is_(True))
    if not scope.is_all:
        query = query.where(in_units(scope.unit_ids))
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Person.name).like(pattern), func.lower(Person.email).like(pattern))
        )
    return query


def person_languages(session: Session, person_ids: Iterable[int]) -> dict[int, str | None]:
    """The language each of ``person_ids`` last chose (None: never chose), for what is
    written to them outside a request; a query per 500 people."""
    ids = sorted(set(person_ids))
    found: dict[int, str | None] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Person.id, Person.language).where(Person.id.in_(ids[start : start + 500]))
        )
        found.update((person_id, language) for person_id, language in rows)
    return found


def organisation_name(session: Session, configured: str | None) -> str | None:
    """The organisation's name: as configured (``PORTAL_ORGANISATION_NAME``), else the name of
    the top unit when there is one alone (*Enhet Allmennlegetjenester*), else None."""
    if configured:
        return configured
    tops = session.scalars(select(Unit.name).where(Unit.parent_id.is_(None)).limit(2)).all()
    return tops[0] if len(tops) == 1 else None


def active_ids(session: Session, person_ids: Iterable[int]) -> set[int]:
    """Those of ``person_ids`` who have not left."""
    ids = sorted(set(person_ids))
    found: set[int] = set()
    for start in range(0, len(ids), 1000):
        found.update(
            session.scalars(
                select(Person.id).where(
                    Person.id.in_(ids[start : start + 1000]), Person.is_active.is_(True)
                )
            )
        )
    return found
