"""People, units and positions by name in the audit log, and the log's search for people."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from portal.audit.names import Named, register, register_people_search
from portal.org.models import Deputyship, Job, Person, Position, Unit


def people(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))
    return {id_: Named(name, url_for("org.person", person_id=id_)) for id_, name in rows}


def units(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    return {id_: Named(name) for id_, name in rows}


def positions(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Position.id, Position.name).where(Position.id.in_(ids)))
    return {id_: Named(name) for id_, name in rows}


def jobs(session: Session, ids: set[int]) -> dict[int, Named]:
    """A job by its position and unit, linked to its person's page."""
    rows = session.execute(
        select(Job.id, Job.person_id, Position.name, Unit.name)
        .join(Unit, Unit.id == Job.unit_id)
        .outerjoin(Position, Position.id == Job.position_id)
        .where(Job.id.in_(ids))
    )
    return {
        id_: Named(
            ", ".join(name for name in (position, unit) if name),
            url_for("org.person", person_id=person_id),
        )
        for id_, person_id, position, unit in rows
    }


def deputyships(session: Session, ids: set[int]) -> dict[int, Named]:
    deputy, lead = aliased(Person), aliased(Person)
    rows = session.execute(
        select(Deputyship.id, deputy.name, lead.name)
        .join(deputy, deputy.id == Deputyship.deputy_id)
        .join(lead, lead.id == Deputyship.lead_id)
        .where(Deputyship.id.in_(ids))
    )
    return {
        id_: Named(_("%(deputy)s for %(lead)s", deputy=deputy_name, lead=lead_name))
        for id_, deputy_name, lead_name in rows
    }


def people_matching(text: str) -> Select:
    """The ids of the people whose name or email contain ``text``, whatever its case."""
    text = text.strip().lower()
    return select(Person.id).where(
        or_(
            func.lower(Person.name).contains(text, autoescape=True),
            func.lower(Person.email).contains(text, autoescape=True),
        )
    )


def register_names(app: Flask) -> None:
    register(app, "Person", people)
    register(app, "Unit", units)
    register(app, "Position", positions)
    register(app, "Job", jobs)
    register(app, "Deputyship", deputyships)
    register_people_search(app, people_matching)
