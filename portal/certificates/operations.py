"""Issuing course certificates (kursbevis) with a code anyone can verify."""

from __future__ import annotations

import base64
import secrets
from datetime import date, timedelta

from sqlalchemy.orm import Session

from portal.audit.operations import record
from portal.catalog.models import Course, version_reference
from portal.certificates.models import Certificate
from portal.competence import records
from portal.competence.gaps import expiry_after_completion
from portal.competence.models import CompetenceRecord
from portal.competence.queries import counting_records, held_of
from portal.org.models import Person


def new_code() -> str:
    """120 random bits as 24 letters and digits, in groups of four for reading aloud."""
    raw = base64.b32encode(secrets.token_bytes(15)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def issue_certificate(session: Session, *, record: CompetenceRecord) -> Certificate:
    certificate = Certificate(record=record, code=new_code())
    session.add(certificate)
    session.flush()
    return certificate


def credit_of(course: Course) -> records.Credit | None:
    """The hours a course's content says it counts for, approved with that content."""
    if course.credit_minutes is None:
        return None
    return records.Credit(course.credit_minutes, course.credit_reference)


def complete_course(
    session: Session,
    *,
    person: Person,
    course: Course,
    version: int,
    today: date,
    window: timedelta,
) -> CompetenceRecord:
    """A competence record for a passed course, with its certificate, audited: the one place a
    completed course becomes a record.

    The expiry follows the renewal rule: renewed inside the expiring window, it runs on from
    the old expiry, so nobody loses time by renewing early.
    """
    previous = held_of(counting_records(session, person.id).get(course.competence_id))
    competence_record = CompetenceRecord(
        person_id=person.id,
        competence_id=course.competence_id,
        achieved_on=today,
        expires_on=expiry_after_completion(today, course.validity_months, previous, window),
        source="course",
        reference=version_reference(course.slug, version),
        recorded_by_id=person.id,
    )
    records.add(session, records.give_credit(competence_record, credit_of(course), None))
    certificate = issue_certificate(session, record=competence_record)
    record(
        session,
        actor_id=person.id,
        action="competence.recorded",
        obj=competence_record,
        person_id=person.id,
        competence_id=course.competence_id,
        reference=competence_record.reference,
        achieved_on=today.isoformat(),
        expires_on=competence_record.expires_on.isoformat()
        if competence_record.expires_on
        else None,
        certificate_id=certificate.id,
    )
    return competence_record
