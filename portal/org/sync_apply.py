"""Carrying out an HR sync's plan (portal/org/sync_plan.py), exactly as it was shown.

New people go in through the people import's bulk writer, their jobs with them. The people
whose fields or jobs change, typically few, are changed through the session and
:mod:`portal.org.jobs`, so that their columns mirror their main job and the obligations follow
the flush. Leavers, who may be many, are deactivated by a few statements and announced by
``people_written``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session, selectinload

from portal.audit.models import AuditEvent
from portal.org import bulk, importer, jobs
from portal.org.models import Person, unit_leads
from portal.org.signals import people_written
from portal.org.sync_plan import Change, JobPlan, NewPerson, Plan

CHUNK = 5000


def apply(session: Session, *, actor_id: int | None, plan: Plan, today: date) -> None:
    """Carry out ``plan`` (computed by :func:`portal.org.sync.plan` in this transaction,
    without errors), each person's change audited."""
    bulk.create_people(session, actor_id=actor_id, rows=[_new_row(new) for new in plan.new])
    leaving_jobs = [leaver for leaver in plan.deactivated if not leaver.jobs.is_empty]
    people = _load(
        session,
        [change.person.id for change in plan.changed]
        + [leaver.person.id for leaver in leaving_jobs],
    )
    led = _led_units(session, [change.person.id for change in plan.changed])
    for change in plan.changed:
        person = people[change.person.id]
        for name, (_old, new) in change.changes.items():
            setattr(person, name, new)
        _apply_jobs(session, person, change.jobs, today)
    for leaver in leaving_jobs:
        _apply_jobs(session, people[leaver.person.id], leaver.jobs, today)
    session.flush()  # the jobs' obligations follow the flush
    _lead_jobs(session, plan.changed, people, led, today)
    leaving = [leaver.person.id for leaver in plan.deactivated]
    _deactivate(session, leaving)
    events = [_event(actor_id, c.person.id, c.changes, c.jobs) for c in plan.changed]
    events += [
        _event(actor_id, leaver.person.id, {"is_active": (True, False)}, leaver.jobs)
        for leaver in plan.deactivated
    ]
    if events:
        session.execute(insert(AuditEvent), events)


def _new_row(new: NewPerson) -> importer.Row:
    first, *more = new.jobs
    f = new.fields
    return importer.Row(
        new.line,
        f.email,
        f.name,
        first.unit_id,
        first.position_id,
        first.starts_on,
        first.employment_percent,
        f.access,
        new.employee_number,
        first.ends_on,
        tuple(
            importer.JobRow(j.unit_id, j.position_id, j.employment_percent, j.starts_on, j.ends_on)
            for j in more
        ),
    )


def _load(session: Session, person_ids: list[int]) -> dict[int, Person]:
    people: dict[int, Person] = {}
    for start in range(0, len(person_ids), CHUNK):
        query = (
            select(Person)
            .where(Person.id.in_(person_ids[start : start + CHUNK]))
            .options(selectinload(Person.jobs))
        )
        people.update((person.id, person) for person in session.scalars(query))
    return people


def _apply_jobs(session: Session, person: Person, plan: JobPlan, today: date) -> None:
    held = {job.id: job for job in person.jobs}
    for resize in plan.resized:
        job = held[resize.job.id]
        share = jobs.JobData(job.unit_id, job.position_id, resize.employment_percent, job.starts_on)
        jobs.change_job(session, person, job, share, today)
    for end in plan.ended:
        jobs.end_job(person, held[end.job.id], end.last_day, today)
    for start in plan.started:
        data = jobs.JobData(
            start.unit_id, start.position_id, start.employment_percent, start.starts_on
        )
        job = jobs.start_job(session, person, data, today)
        if start.ends_on is not None:
            jobs.end_job(person, job, start.ends_on, today)


def _led_units(session: Session, person_ids: list[int]) -> dict[int, dict[int, date | None]]:
    """Who leads which unit until when (none: on), of these people."""
    led: dict[int, dict[int, date | None]] = {}
    for start in range(0, len(person_ids), CHUNK):
        query = select(unit_leads).where(
            unit_leads.c.person_id.in_(person_ids[start : start + CHUNK])
        )
        for person_id, unit_id, ends_on in session.execute(query):
            led.setdefault(person_id, {})[unit_id] = ends_on
    return led


def _lead_jobs(
    session: Session,
    changes: list[Change],
    people: dict[int, Person],
    led: dict[int, dict[int, date | None]],
    today: date,
) -> None:
    """A lead leads the units of their jobs: a job ended stops the lead job of its unit, where
    no other job is (its last day yesterday), a job started starts one; access taken away ends
    every lead job."""
    yesterday = today - timedelta(days=1)
    ends: list[dict[str, Any]] = []
    starts: list[dict[str, Any]] = []
    for change in changes:
        person_id, was_lead = change.person.id, change.person.access == "lead"
        is_lead = change.changes.get("access", (None, change.person.access))[1] == "lead"
        held = led.get(person_id, {})
        leading = {unit_id for unit_id, ends_on in held.items() if ends_on is None}
        if not is_lead:
            stopped, begun = (leading if was_lead else set()), set()
        else:
            units = jobs.unit_ids_of(people[person_id], today)
            left = {end.job.unit_id for end in change.jobs.ended}
            stopped = (leading & left) - units if was_lead else set()
            begun = ({s.unit_id for s in change.jobs.started} if was_lead else units) - leading
        ends += [_lead(person_id, unit_id, yesterday) for unit_id in stopped]
        ends += [_lead(person_id, unit_id, None) for unit_id in begun if unit_id in held]
        starts += [
            {"person_id": person_id, "unit_id": unit_id} for unit_id in begun if unit_id not in held
        ]
    if ends:
        session.execute(
            update(unit_leads)
            .where(
                unit_leads.c.person_id == bindparam("lead_person"),
                unit_leads.c.unit_id == bindparam("lead_unit"),
            )
            .values(ends_on=bindparam("lead_ends")),
            ends,
        )
    if starts:
        session.execute(insert(unit_leads), starts)


def _lead(person_id: int, unit_id: int, ends_on: date | None) -> dict[str, Any]:
    return {"lead_person": person_id, "lead_unit": unit_id, "lead_ends": ends_on}


def _deactivate(session: Session, person_ids: list[int]) -> None:
    """Deactivate these people, their sessions ended, in a statement per chunk."""
    for start in range(0, len(person_ids), CHUNK):
        session.execute(
            update(Person)
            .where(Person.id.in_(person_ids[start : start + CHUNK]))
            .values(is_active=False, session_version=Person.session_version + 1),
            execution_options={"synchronize_session": False},
        )
    if person_ids:
        people_written.send(session, person_ids=person_ids)
        _forget(session, set(person_ids))


def _forget(session: Session, person_ids: Iterable[int]) -> None:
    """Expire the loaded people the statements changed behind the session's back."""
    ids = set(person_ids)
    for instance in list(session.identity_map.values()):
        if isinstance(instance, Person) and instance.id in ids:
            session.expire(instance)


def _event(
    actor_id: int | None, person_id: int, changes: dict[str, Any], plan: JobPlan
) -> dict[str, Any]:
    details: dict[str, Any] = {
        "changed": {name: [old, new] for name, (old, new) in changes.items()},
        "source": "sync",
    }
    jobs_done = {
        "started": [
            [s.unit_id, s.position_id, s.employment_percent, _day(s.starts_on), _day(s.ends_on)]
            for s in plan.started
        ],
        "ended": [[end.job.id, _day(end.last_day)] for end in plan.ended],
        "resized": [
            [r.job.id, r.job.employment_percent, r.employment_percent] for r in plan.resized
        ],
    }
    if any(jobs_done.values()):
        details["jobs"] = {kind: done for kind, done in jobs_done.items() if done}
    return {
        "actor_id": actor_id,
        "action": "person.updated",
        "object_type": "Person",
        "object_id": str(person_id),
        "subject_id": person_id,
        "details": details,
    }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None
