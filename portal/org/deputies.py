"""Stand-ins (stedfortredere): a lead hands some of their units to a colleague for a period.

The deputy acts as the lead in those units from the first to the last day, both included
(:mod:`portal.org.scope` reads them); naming, ending and removing one is audited.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.audit.operations import record
from portal.org.models import Deputyship, LeadJob, Person, Unit
from portal.org.scope import job_runs_on

logger = logging.getLogger(__name__)


class DeputyRefused(Exception):
    """A deputyship that cannot be named or changed; ``field`` is the form field to blame."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def own_units(session: Session, lead: Person, day: date) -> list[Unit]:
    """The units ``lead`` leads in their own right on ``day``: what they may hand on."""
    if lead.access != "lead":
        return []
    return list(
        session.scalars(
            select(Unit)
            .join(LeadJob, LeadJob.unit_id == Unit.id)
            .where(LeadJob.person_id == lead.id, job_runs_on(day))
            .order_by(Unit.name)
        )
    )


def active_person_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(
        select(Person).where(Person.email == email.strip().lower(), Person.is_active.is_(True))
    )


def name_deputy(
    session: Session,
    *,
    actor_id: int,
    lead: Person,
    deputy: Person | None,
    unit_ids: Iterable[int],
    starts_on: date,
    ends_on: date,
    today: date,
) -> Deputyship:
    """``deputy`` stands in for ``lead`` in ``unit_ids`` from ``starts_on`` to ``ends_on``.

    :raise DeputyRefused: the deputy is missing, inactive or the lead, the dates are in the
        wrong order or past, or a unit is not one the lead leads
    """
    if deputy is None or not deputy.is_active:
        raise DeputyRefused("deputy", "unknown")
    if deputy.id == lead.id:
        raise DeputyRefused("deputy", "oneself")
    if ends_on < starts_on:
        raise DeputyRefused("ends_on", "before_start")
    if ends_on < today:
        raise DeputyRefused("ends_on", "past")
    chosen = set(unit_ids)
    if not chosen:
        raise DeputyRefused("unit_ids", "none")
    units = [unit for unit in own_units(session, lead, today) if unit.id in chosen]
    if len(units) != len(chosen):
        raise DeputyRefused("unit_ids", "not_own")
    deputyship = Deputyship(
        lead_id=lead.id,
        deputy_id=deputy.id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor_id,
        units=units,
    )
    session.add(deputyship)
    record(
        session,
        actor_id=actor_id,
        action="deputyship.created",
        obj=deputyship,
        person_id=deputy.id,
        lead_id=lead.id,
        unit_ids=sorted(unit.id for unit in units),
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat(),
    )
    return deputyship


def end_deputyship(
    session: Session, *, actor_id: int, deputyship: Deputyship, today: date
) -> Deputyship | None:
    """Stop a deputyship now: one that has begun keeps yesterday as its last day, so the
    deputy's access ends at once; one that has not begun is removed. Returns what is left.

    :raise DeputyRefused: if it is over already
    """
    if deputyship.ends_on < today:
        raise DeputyRefused("deputyship", "over")
    if deputyship.starts_on >= today:
        record(
            session,
            actor_id=actor_id,
            action="deputyship.removed",
            obj=deputyship,
            person_id=deputyship.deputy_id,
            lead_id=deputyship.lead_id,
        )
        session.delete(deputyship)
        session.flush()
        return None
    before = deputyship.ends_on
    deputyship.ends_on = today - timedelta(days=1)
    record(
        session,
        actor_id=actor_id,
        action="deputyship.ended",
        obj=deputyship,
        person_id=deputyship.deputy_id,
        lead_id=deputyship.lead_id,
        changed={"ends_on": [before.isoformat(), deputyship.ends_on.isoformat()]},
    )
    session.flush()
    return deputyship


def deputyships_query(*, lead_id: int | None = None):
    """Deputyships, the latest last day first, with their people and units."""
    query = (
        select(Deputyship)
        .options(
            selectinload(Deputyship.lead),
            selectinload(Deputyship.deputy),
            selectinload(Deputyship.units),
        )
        .order_by(Deputyship.ends_on.desc(), Deputyship.id.desc())
    )
    if lead_id is not None:
        query = query.where(Deputyship.lead_id == lead_id)
    return query
