"""A person's jobs (:class:`portal.org.models.Job`), and the main job their columns mirror.

Every change to a job goes through here, so that the person's ``unit_id``, ``position_id``,
``position_since`` and ``employment_percent`` always say what their main job says (the current
one with the largest share, then the oldest), which lists of people show, and ``several_units``
whether their current jobs are in more than one unit, which the kept counts need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, exists, or_
from sqlalchemy.orm import Session

from portal import clock
from portal.org.models import Job, Person
from portal.org.signals import job_started


def runs_on(day: date) -> ColumnElement[bool]:
    """A job current on ``day``: not ended before it (see :meth:`Job.runs_on`)."""
    return or_(Job.ends_on.is_(None), Job.ends_on >= day)


def in_units(unit_ids: Iterable[int], day: date | None = None) -> ColumnElement[bool]:
    """A person with a job current on ``day`` (today when none is given) in one of
    ``unit_ids``: a lead sees the people who work in their units, whichever job is main."""
    return exists().where(
        Job.person_id == Person.id,
        Job.unit_id.in_(unit_ids),
        runs_on(day or clock.today()),
    )


def current_jobs(person: Person, day: date) -> list[Job]:
    return [job for job in person.jobs if job.runs_on(day)]


def unit_ids_of(person: Person, day: date) -> set[int]:
    """The units of the person's current jobs (where leads may see them)."""
    return {job.unit_id for job in current_jobs(person, day)}


def main_job(jobs: Iterable[Job], day: date) -> Job | None:
    """The current job with the largest share; of equal shares the oldest."""
    current = [job for job in jobs if job.runs_on(day)]
    return min(current, key=lambda j: (-j.employment_percent, j.starts_on, j.id or 0), default=None)


def mirror(person: Person, day: date) -> None:
    """Write the main job into the person's columns. A person with no current job keeps
    the last one's unit and position, as history to show."""
    person.several_units = len(unit_ids_of(person, day)) > 1
    main = main_job(person.jobs, day)
    if main is not None:
        person.unit_id, person.position_id = main.unit_id, main.position_id
        person.position_since, person.employment_percent = main.starts_on, main.employment_percent


@dataclass(frozen=True)
class JobData:
    unit_id: int
    position_id: int | None
    employment_percent: int
    starts_on: date


def start_job(session: Session, person: Person, data: JobData, day: date) -> Job:
    """Give the person a new job; its requirements fall due from its first day. Features that
    follow new jobs (onboarding) hear of it by signal."""
    job = Job(
        unit_id=data.unit_id,
        position_id=data.position_id,
        employment_percent=data.employment_percent,
        starts_on=data.starts_on,
    )
    person.jobs.append(job)
    session.add(job)
    mirror(person, day)
    job_started.send(session, job=job)
    return job


def end_job(person: Person, job: Job, last_day: date, day: date) -> None:
    """End the job after ``last_day`` (never before its first day); its history stays."""
    job.ends_on = max(last_day, job.starts_on)
    mirror(person, day)


def change_job(session: Session, person: Person, job: Job, data: JobData, day: date) -> Job:
    """Change a job as of ``data.starts_on``. Another position ends the job the day before and
    starts a new one, so the new requirements fall due from that day and the old job stays as
    history; the same position in another unit, or another share, changes the job itself
    (a job begun the same day is changed in place too: it has no history yet)."""
    if data.position_id == job.position_id or data.starts_on <= job.starts_on:
        job.unit_id, job.employment_percent = data.unit_id, data.employment_percent
        if data.position_id != job.position_id:
            job.position_id, job.starts_on = data.position_id, data.starts_on
        mirror(person, day)
        return job
    end_job(person, job, data.starts_on - timedelta(days=1), day)
    return start_job(session, person, data, day)
