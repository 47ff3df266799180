"""Creating and changing people. Operations flush and never commit; they audit the actor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from portal.audit.operations import record
from portal.org import bulk, importer, jobs
from portal.org.models import ACCESS_LEVELS, Job, Person, Position, Unit


class DuplicateEmail(Exception):
    """Another person already has this email."""


class JobRefused(Exception):
    """A change of a job that cannot be made; ``field`` is the form field to blame."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


@dataclass
class PersonData:
    """What makes a person, as entered in a form, a CSV row or the demo."""

    email: str
    name: str
    unit_id: int | None
    position_id: int | None
    start_date: date
    employment_percent: int
    access: str = "employee"


def email_taken(session: Session, email: str, *, except_id: int | None = None) -> bool:
    query = select(Person.id).where(func.lower(Person.email) == email.strip().lower())
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return session.scalar(query) is not None


def create_person(
    session: Session,
    *,
    actor_id: int | None,
    data: PersonData,
    led_unit_ids: Iterable[int] = (),
    password_hash: str | None = None,
) -> Person:
    """Add a person, with their first job when they have a unit.

    :raise DuplicateEmail: if the email is taken
    """
    if data.access not in ACCESS_LEVELS:
        raise ValueError(f"unknown access level {data.access!r}")
    if email_taken(session, data.email):
        raise DuplicateEmail(data.email)
    person = Person(
        email=data.email.strip().lower(),
        name=data.name.strip(),
        unit_id=data.unit_id,
        position_id=data.position_id,
        start_date=data.start_date,
        position_since=data.start_date,
        employment_percent=data.employment_percent,
        access=data.access,
        password_hash=password_hash,
    )
    person.led_units = _units(session, led_unit_ids)
    session.add(person)
    if data.unit_id is not None:
        jobs.start_job(session, person, _job_data(data, data.start_date), data.start_date)
    record(
        session,
        actor_id=actor_id,
        action="person.created",
        obj=person,
        email=person.email,
        unit_id=person.unit_id,
        position_id=person.position_id,
        access=person.access,
    )
    return person


def update_person(
    session: Session,
    *,
    actor_id: int,
    person: Person,
    data: PersonData,
    led_unit_ids: Iterable[int],
    is_active: bool,
    today: date,
) -> Person:
    """Change a person. A new position starts its requirements' due dates today.

    :raise DuplicateEmail: if the new email is someone else's
    """
    if email_taken(session, data.email, except_id=person.id):
        raise DuplicateEmail(data.email)
    before = _snapshot(person)
    person.email, person.name = data.email.strip().lower(), data.name.strip()
    person.start_date = data.start_date
    _change_main_job(session, person, data, today)
    if person.is_active and not is_active:
        person.end_sessions()
    person.access, person.is_active = data.access, is_active
    person.led_units = _units(session, led_unit_ids)
    after = _snapshot(person)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changed:
        record(session, actor_id=actor_id, action="person.updated", obj=person, changed=changed)
    session.flush()
    return person


def _job_data(data: PersonData, starts_on: date) -> jobs.JobData:
    assert data.unit_id is not None
    return jobs.JobData(data.unit_id, data.position_id, data.employment_percent, starts_on)


def _change_main_job(session: Session, person: Person, data: PersonData, today: date) -> None:
    """The person form edits the main job: another position ends it and starts a new one
    today, so the new requirements fall due from today."""
    if data.unit_id is None:
        return
    main = jobs.main_job(person.jobs, today)
    if main is None:
        jobs.start_job(session, person, _job_data(data, today), today)
    elif (main.unit_id, main.position_id, main.employment_percent) != (
        data.unit_id,
        data.position_id,
        data.employment_percent,
    ):
        jobs.change_job(session, person, main, _job_data(data, today), today)


def add_job(
    session: Session, *, actor_id: int, person: Person, data: jobs.JobData, today: date
) -> Job:
    """Give ``person`` another job; its requirements fall due from its first day."""
    job = jobs.start_job(session, person, data, today)
    record(session, actor_id=actor_id, action="job.started", obj=job, **_job_facts(job))
    return job


def end_job(
    session: Session, *, actor_id: int, person: Person, job: Job, last_day: date, today: date
) -> bool:
    """End ``job`` after ``last_day``; its requirements go the day after, its history stays.

    :return: whether the person still has a job the day after
    :raise JobRefused: the job has ended already, or ``last_day`` is before its first day
    """
    _refuse_ended(job, today, "ends_on")
    if last_day < job.starts_on:
        raise JobRefused("ends_on", "before_start")
    jobs.end_job(person, job, last_day, today)
    record(session, actor_id=actor_id, action="job.ended", obj=job, **_job_facts(job))
    return any(other.runs_on(last_day + timedelta(days=1)) for other in person.jobs)


def change_job(
    session: Session, *, actor_id: int, person: Person, job: Job, data: jobs.JobData, today: date
) -> Job:
    """Change ``job`` from ``data.starts_on`` on. Another position ends it the day before and
    starts a new job, whose requirements fall due from that day.

    :return: the job as changed, or the new one
    :raise JobRefused: the job has ended, the day is outside it, or nothing would change
    """
    _refuse_ended(job, today, "starts_on")
    if data.starts_on < job.starts_on:
        raise JobRefused("starts_on", "before_start")
    if job.ends_on is not None and data.starts_on > job.ends_on:
        raise JobRefused("starts_on", "after_end")
    before = _job_facts(job)
    if [before[key] for key in CHANGEABLE] == [
        data.unit_id,
        data.position_id,
        data.employment_percent,
    ]:
        raise JobRefused("unit_id", "unchanged")
    changed = jobs.change_job(session, person, job, data, today)
    after = _job_facts(changed)
    record(
        session,
        actor_id=actor_id,
        action="job.changed",
        obj=changed,
        starts_on=data.starts_on.isoformat(),
        changed={key: [before[key], after[key]] for key in CHANGEABLE if before[key] != after[key]},
        **({"replaces_job_id": job.id} if changed is not job else {}),
    )
    return changed


#: What the change form changes of a job.
CHANGEABLE = ("unit_id", "position_id", "employment_percent")


def _refuse_ended(job: Job, today: date, field: str) -> None:
    if not job.runs_on(today):
        raise JobRefused(field, "ended")


def _job_facts(job: Job) -> dict[str, object]:
    """A job as the audit log keeps it (a last day only once there is one)."""
    facts: dict[str, object] = {
        "unit_id": job.unit_id,
        "position_id": job.position_id,
        "employment_percent": job.employment_percent,
        "starts_on": job.starts_on.isoformat(),
    }
    if job.ends_on is not None:
        facts["ends_on"] = job.ends_on.isoformat()
    return facts


def password_hash_for(password: str) -> str:
    return generate_password_hash(password)


def _units(session: Session, unit_ids: Iterable[int]) -> list[Unit]:
    ids = list(unit_ids)
    return list(session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []


def _snapshot(person: Person) -> dict[str, object]:
    return {
        "email": person.email,
        "name": person.name,
        "unit_id": person.unit_id,
        "position_id": person.position_id,
        "start_date": person.start_date.isoformat(),
        "employment_percent": person.employment_percent,
        "access": person.access,
        "is_active": person.is_active,
        "led_unit_ids": sorted(unit.id for unit in person.led_units),
    }


def import_people(
    session: Session, *, actor_id: int | None, text: str | Iterable[str], dry_run: bool = False
) -> importer.Result:
    """Check the CSV and, only when every row is good, add everyone in it; a dry run only
    checks (it writes nothing, so it takes no longer than the check)."""
    units = dict(session.execute(select(Unit.name, Unit.id)).all())
    positions = {
        **dict(session.execute(select(Position.name, Position.id)).all()),
        **dict(session.execute(select(Position.code, Position.id)).all()),
    }
    existing = set(session.scalars(select(func.lower(Person.email))))
    result = importer.parse(text, units=units, positions=positions, existing_emails=existing)
    if not result.errors and not dry_run:
        bulk.create_people(session, actor_id=actor_id, rows=result.rows)
    return result
