"""Reads for units, positions and people, always within a scope."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from portal.authz import Scope
from portal.org.models import Person, Position, Unit


def units_in(session: Session, scope: Scope) -> list[Unit]:
    query = select(Unit).order_by(Unit.name)
    if not scope.is_all:
        query = query.where(Unit.id.in_(scope.unit_ids))
    return list(session.scalars(query))


def positions(session: Session) -> list[Position]:
    return list(session.scalars(select(Position).order_by(Position.name)))


def people_query(scope: Scope, search: str | None = None) -> Select:
    query = select(Person).order_by(Person.name)
    if not scope.is_all:
        query = query.where(Person.unit_id.in_(scope.unit_ids))
    if search:
        pattern = f"%{search.strip().lower()}%"
        query = query.where(
            or_(func.lower(Person.name).like(pattern), func.lower(Person.email).like(pattern))
        )
    return query


def page_of(session: Session, query: Select, page: int, per_page: int = 50) -> tuple[list, int]:
    """One page of ``query`` and the number of pages."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return items, max(1, -(-total // per_page))
