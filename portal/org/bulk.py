"""Adding many people at once (the CSV import): the same people and events as
:func:`portal.org.operations.create_person`, in a few statements instead of several per row;
``people_written`` and ``jobs_inserted`` tell other features, which follow in bulk too.

The rows are checked already (portal/org/importer.py), emails included; the unique email
constraint backs that check should another request add one of them meanwhile. A row of the HR
sync may hold several jobs of the person; their columns mirror the main one, as
:mod:`portal.org.jobs` keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.org import jobs
from portal.org.importer import JobRow, Row
from portal.org.models import Job, Person, unit_leads
from portal.org.signals import jobs_inserted, people_written

CHUNK = 5000


def create_people(session: Session, *, actor_id: int | None, rows: Iterable[Row]) -> int:
    """Add a person for each row (a lead leads their unit); return how many."""
    rows = list(rows)
    for start in range(0, len(rows), CHUNK):
        _create_chunk(session, actor_id, rows[start : start + CHUNK])
    return len(rows)


def _create_chunk(session: Session, actor_id: int | None, rows: list[Row]) -> None:
    jobs_of = [row.jobs() for row in rows]
    mains = [main_job(row_jobs) for row_jobs in jobs_of]
    ids = session.scalars(
        insert(Person).returning(Person.id, sort_by_parameter_order=True),
        [
            {
                "email": row.email,
                "employee_number": row.employee_number,
                "name": row.name.strip(),
                "unit_id": main.unit_id,
                "position_id": main.position_id,
                "start_date": min(job.starts_on for job in row_jobs),
                "position_since": main.starts_on,
                "employment_percent": main.employment_percent,
                "several_units": len({job.unit_id for job in row_jobs}) > 1,
                "access": row.access,
            }
            for row, row_jobs, main in zip(rows, jobs_of, mains, strict=True)
        ],
    ).all()
    leads = [
        {"person_id": person_id, "unit_id": unit_id}
        for person_id, row, row_jobs in zip(ids, rows, jobs_of, strict=True)
        if row.access == "lead"
        for unit_id in dict.fromkeys(job.unit_id for job in row_jobs)
    ]
    if leads:
        session.execute(insert(unit_leads), leads)
    session.execute(
        insert(Job),
        [
            {
                "person_id": person_id,
                "unit_id": job.unit_id,
                "position_id": job.position_id,
                "employment_percent": job.employment_percent,
                "starts_on": job.starts_on,
                "ends_on": job.ends_on,
            }
            for person_id, row_jobs in zip(ids, jobs_of, strict=True)
            for job in row_jobs
        ],
    )
    session.execute(
        insert(AuditEvent),
        [
            {
                "actor_id": actor_id,
                "action": "person.created",
                "object_type": "Person",
                "object_id": str(person_id),
                "subject_id": person_id,
                "details": {
                    "email": row.email,
                    "unit_id": main.unit_id,
                    "position_id": main.position_id,
                    "access": row.access,
                },
            }
            for person_id, row, main in zip(ids, rows, mains, strict=True)
        ],
    )
    people_written.send(session, person_ids=ids)
    jobs_inserted.send(session, person_ids=ids)


def main_job(row_jobs: list[JobRow]) -> JobRow:
    """The job a new person's columns mirror, by the rule of :func:`portal.org.jobs.main_job`
    (their jobs are inserted in this order, so the first of equals is the oldest)."""
    if len(row_jobs) == 1:  # the people import's every row
        return row_jobs[0]
    drafts = [
        Job(
            unit_id=job.unit_id,
            position_id=job.position_id,
            employment_percent=job.employment_percent,
            starts_on=job.starts_on,
            ends_on=job.ends_on,
        )
        for job in row_jobs
    ]
    # Every job of a new person is current from the first one's first day on.
    main = jobs.main_job(drafts, min(job.starts_on for job in row_jobs))
    assert main is not None
    return row_jobs[drafts.index(main)]
