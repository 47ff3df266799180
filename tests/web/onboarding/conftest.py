"""A small organisation with one new hire whose checklist has one item of every kind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.onboarding.models import ChecklistItem
from portal.onboarding.operations import ItemData
from portal.org.models import Job, Person, Position, Unit

TODAY = date(2026, 11, 22)
START = date(2026, 11, 12)  # ten days ago

ITEMS = [
    ItemData("acknowledgement", "Taushetserklæring", 0, "Jeg har taushetsplikt."),
    ItemData("signoff", "EPJ-tilgang", 0, responsible_role="it"),
    ItemData("signoff", "Telefon og timebok", 7, responsible_role="mentor"),
    ItemData("signoff", "Oppfølgingssamtale", 90, responsible_role="lead"),
]


@dataclass
class World:
    unit: Unit
    other_unit: Unit
    position: Position
    admin: Person
    lead: Person
    other_lead: Person
    hire: Person
    mentor: Person
    it: Person
    colleague: Person
    stranger: Person
    checklist_id: int
    items: dict[str, int]  # title → item id; "course" for the course item


@pytest.fixture
def world(app, make_unit, make_position, make_person, make_competence, make_checklist) -> World:
    unit, other_unit = make_unit("Leknes"), make_unit("Lofotleger")
    position = make_position("Helsesekretær")
    competence = make_competence("taushetsplikt", name="Taushetsplikt")
    admin = make_person(access="admin", unit=unit, name="Admin")
    lead = make_person(access="lead", unit=unit, leads=(unit,), name="Hanne Leder")
    other_lead = make_person(
        access="lead", unit=other_unit, leads=(other_unit,), name="Tone Annenleder"
    )
    hire = make_person(unit=unit, position=position, start_date=START, name="Nora Ny")
    mentor = make_person(unit=unit, name="Marte Fadder")
    it = make_person(unit=unit, name="Ivar IT")
    colleague = make_person(unit=unit, name="Kari Kollega")
    stranger = make_person(unit=other_unit, name="Sofie Fremmed")
    course = ItemData("course", "Kurs: Taushetsplikt", 14, competence_id=competence.id)
    checklist = make_checklist(
        hire,
        items=[*ITEMS, course],
        mentor=mentor,
        it_contact=it,
        job_id=first_job_id(app, hire),
    )
    items = {item.title: item.id for item in checklist.items}
    items["course"] = items.pop(course.title)
    return World(
        unit,
        other_unit,
        position,
        admin,
        lead,
        other_lead,
        hire,
        mentor,
        it,
        colleague,
        stranger,
        checklist.id,
        items,
    )


def first_job_id(app, person: Person) -> int:
    with app.extensions["portal.sessionmaker"]() as session:
        found = session.scalar(select(func.min(Job.id)).where(Job.person_id == person.id))
    assert found is not None
    return found


def read(db, query) -> list:
    """The rows of ``query``, detached, with the read transaction ended: on SQLite an open read
    would block the requests' writes."""
    db.rollback()
    rows = list(db.scalars(query))
    db.expunge_all()
    db.rollback()
    return rows


def item_of(db, item_id: int) -> ChecklistItem:
    [item] = read(db, select(ChecklistItem).where(ChecklistItem.id == item_id))
    return item
