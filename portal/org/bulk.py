"""Adding many people at once (the CSV import): the same people, events and signals as
:func:`portal.org.operations.create_person`, in a few statements instead of several per row.

The rows are checked already (portal/org/importer.py), emails included; the unique email
constraint backs that check should another request add one of them meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.org.importer import Row
from portal.org.models import Job, Person, unit_leads
from portal.org.signals import people_written, person_created

CHUNK = 5000


def create_people(session: Session, *, actor_id: int | None, rows: Iterable[Row]) -> int:
    """Add a person for each row (a lead leads their unit); return how many."""
    rows = list(rows)
    for start in range(0, len(rows), CHUNK):
        _create_chunk(session, actor_id, rows[start : start + CHUNK])
    return len(rows)


def _create_chunk(session: Session, actor_id: int | None, rows: list[Row]) -> None:
    ids = session.scalars(
        insert(Person).returning(Person.id, sort_by_parameter_order=True),
        [
            {
                "email": row.email,
                "employee_number": row.employee_number,
                "name": row.name.strip(),
                "unit_id": row.unit_id,
                "position_id": row.position_id,
                "start_date": row.start_date,
                "position_since": row.start_date,
                "employment_percent": row.employment_percent,
                "access": row.access,
            }
            for row in rows
        ],
    ).all()
    leads = [
        {"person_id": person_id, "unit_id": row.unit_id}
        for person_id, row in zip(ids, rows, strict=True)
        if row.access == "lead"
    ]
    if leads:
        session.execute(insert(unit_leads), leads)
    session.execute(
        insert(Job),
        [
            {
                "person_id": person_id,
                "unit_id": row.unit_id,
                "position_id": row.position_id,
                "employment_percent": row.employment_percent,
                "starts_on": row.start_date,
            }
            for person_id, row in zip(ids, rows, strict=True)
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
                    "unit_id": row.unit_id,
                    "position_id": row.position_id,
                    "access": row.access,
                },
            }
            for person_id, row in zip(ids, rows, strict=True)
        ],
    )
    people_written.send(session, person_ids=ids)
    for person in session.scalars(select(Person).where(Person.id.in_(ids))):
        person_created.send(session, person=person)
