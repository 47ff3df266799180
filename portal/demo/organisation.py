"""``portal demo``: build the demo organisation (see CONTRACT.md) in one transaction.

Features that have demo data of their own (onboarding templates, the kurspott) add a step
here, called with the same :class:`DemoContext`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.competence import records, standings
from portal.competence.gaps import add_months
from portal.competence.models import Competence, CompetenceRecord, CoverageRule, Requirement
from portal.demo import competence as competence_demo
from portal.demo import data
from portal.demo import funds as funds_demo
from portal.demo import needs as needs_demo
from portal.demo import onboarding as onboarding_demo
from portal.demo import sessions as sessions_demo
from portal.org.deputies import name_deputy
from portal.org.jobs import JobData, start_job
from portal.org.models import Person, Position, Unit
from portal.org.operations import PersonData, create_person, password_hash_for


@dataclass
class DemoContext:
    today: date
    units: dict[str, Unit] = field(default_factory=dict)
    positions: dict[str, Position] = field(default_factory=dict)
    competences: dict[str, Competence] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


def load(session: Session, *, only_if_empty: bool = False, today: date | None = None) -> str:
    """Load the demo organisation unless it (or, with ``only_if_empty``, anyone) is there."""
    if only_if_empty and session.scalar(select(Person.id).limit(1)) is not None:
        return "The database already has people; demo not loaded."
    if session.scalar(select(Person.id).where(Person.email == data.PEOPLE[0][0])) is not None:
        return "The demo organisation is already loaded; nothing changed."
    ctx = DemoContext(today=today or date.today())
    _organisation(session, ctx)
    _competences(session, ctx)
    onboarding_demo.templates(session, ctx)  # before the people, so new hires get checklists
    _people(session, ctx)
    _second_jobs(session, ctx)
    _deputies(session, ctx)
    _records(session, ctx)
    onboarding_demo.progress(session, ctx)
    session.flush()
    needs_demo.load(session, ctx)
    funds_demo.load(session, ctx)
    competence_demo.load(session, ctx)
    sessions_demo.load(session, ctx)
    session.flush()
    standings.rebuild(session)  # the waiting submission, made as it was sent
    return f"Demo organisation loaded: {len(ctx.people)} people in {len(ctx.units)} units."


def _organisation(session: Session, ctx: DemoContext) -> None:
    for name, parent in data.UNITS:
        unit = Unit(name=name, parent=ctx.units.get(parent) if parent else None)
        session.add(unit)
        ctx.units[name] = unit
    for code, name in data.POSITIONS:
        position = session.scalar(select(Position).where(Position.code == code))
        ctx.positions[code] = position or Position(code=code, name=name)
        session.add(ctx.positions[code])


def _competences(session: Session, ctx: DemoContext) -> None:
    # Content sync may have created the course competences already: reuse them.
    for code, name, kind, validity, description in data.COMPETENCES:
        competence = session.scalar(select(Competence).where(Competence.code == code))
        if competence is None:
            competence = Competence(
                code=code, name=name, kind=kind, validity_months=validity, description=description
            )
            session.add(competence)
        ctx.competences[code] = competence
    for position, requirements in data.REQUIREMENTS.items():
        for code, mandatory, due_days in requirements:
            session.add(
                Requirement(
                    position=ctx.positions[position],
                    competence=ctx.competences[code],
                    is_mandatory=mandatory,
                    due_days=due_days,
                )
            )
    for unit, code, minimum in data.COVERAGE_RULES:
        session.add(
            CoverageRule(unit=ctx.units[unit], competence=ctx.competences[code], minimum=minimum)
        )
    session.flush()


def _people(session: Session, ctx: DemoContext) -> None:
    # One hash for the shared demo password: hashing is slow on purpose, 25 times over.
    password_hash = password_hash_for(data.PASSWORD)
    for email, name, unit, position, started, percent, access, _records, led in data.PEOPLE:
        person_data = PersonData(
            email=email,
            name=name,
            unit_id=ctx.units[unit].id,
            position_id=ctx.positions[position].id if position else None,
            start_date=ctx.today - timedelta(days=started),
            employment_percent=percent,
            access=access,
        )
        ctx.people[email] = create_person(
            session,
            actor_id=None,
            data=person_data,
            password_hash=password_hash,
            led_unit_ids=[ctx.units[name].id for name in led],
        )


def _second_jobs(session: Session, ctx: DemoContext) -> None:
    """Someone who works in two units, whom each unit's lead sees with that unit's
    requirements only."""
    for email, unit, position, percent, months_back in data.SECOND_JOBS:
        job = JobData(
            unit_id=ctx.units[unit].id,
            position_id=ctx.positions[position].id,
            employment_percent=percent,
            starts_on=add_months(ctx.today.replace(day=1), -months_back),
        )
        start_job(session, ctx.people[email], job, ctx.today)


def _deputies(session: Session, ctx: DemoContext) -> None:
    """A lead with a stand-in for the whole of this month."""
    session.flush()
    for lead_email, deputy_email in data.DEPUTIES:
        lead = ctx.people[lead_email]
        month = ctx.today.replace(day=1)
        last = calendar.monthrange(month.year, month.month)[1]
        name_deputy(
            session,
            actor_id=lead.id,
            lead=lead,
            deputy=ctx.people[deputy_email],
            unit_ids=[unit.id for unit in lead.led_units],
            starts_on=month,
            ends_on=month.replace(day=last),
            today=ctx.today,
        )


def _records(session: Session, ctx: DemoContext) -> None:
    admin = ctx.people[data.PEOPLE[0][0]]
    for email, code, days_ago in data.HISTORY:
        _add_record(session, ctx, ctx.people[email], code, days_ago, admin)
    for email, *_rest, held, _led in data.PEOPLE:
        for code, days_ago in held:
            _add_record(session, ctx, ctx.people[email], code, days_ago, admin)


def _add_record(
    session: Session,
    ctx: DemoContext,
    person: Person,
    code: str,
    days_ago: int,
    recorded_by: Person,
) -> None:
    competence = ctx.competences[code]
    achieved = ctx.today - timedelta(days=days_ago)
    expires = (
        add_months(achieved, competence.validity_months) if competence.validity_months else None
    )
    new = CompetenceRecord(
        person=person,
        competence=competence,
        achieved_on=achieved,
        expires_on=expires,
        source={"course": "course", "external": "external", "signoff": "signoff"}[competence.kind],
        reference="demo",
        recorded_by=recorded_by,
    )
    credit = data.CREDITS.get((person.email, code))
    if credit is not None:
        # A course's hours come approved with its content; an outside course's by the lead.
        approved_by = None if competence.kind == "course" else recorded_by.id
        records.give_credit(new, records.Credit(*credit), approved_by)
    records.add(session, new)
