"""Reads for certificates: what a certificate says, and whether it is still valid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal.catalog.models import Course
from portal.catalog.progress import version_of
from portal.certificates.models import Certificate
from portal.competence.models import CompetenceRecord


@dataclass(frozen=True)
class CertificateView:
    """What a certificate states, with its validity as it stands now."""

    certificate: Certificate
    name: str
    course_title: str
    reference: str | None
    achieved_on: date
    expires_on: date | None
    is_withdrawn: bool

    def is_valid(self, today: date) -> bool:
        return not self.is_withdrawn and (self.expires_on is None or today <= self.expires_on)


@dataclass(frozen=True)
class CourseFacts:
    """What a certificate says of the course a record was earned by: its version and, when
    that is the version the portal holds, how long it takes and what its lessons are."""

    version: int | None = None
    minutes: int | None = None
    lessons: tuple[str, ...] = ()


def course_facts(session: Session, record: CompetenceRecord) -> CourseFacts:
    """The facts of the course behind ``record``; nothing for a record from anywhere else (a
    session, external evidence). The lessons of a later version are not what the holder read,
    so an older version names itself alone."""
    if record.source != "course":
        return CourseFacts()
    course = session.scalar(
        select(Course)
        .where(Course.competence_id == record.competence_id)
        .options(selectinload(Course.lessons))
    )
    if course is None:  # the course is gone; the reference still names the version
        match = re.fullmatch(r"\S+ v(\d+)", record.reference or "")
        return CourseFacts(version=int(match[1]) if match else None)
    version = version_of(record.reference, course.slug)
    if version != course.version:
        return CourseFacts(version=version)
    return CourseFacts(
        version=version,
        minutes=course.minutes,
        lessons=tuple(lesson.title for lesson in course.lessons),
    )


def certificate_of_record(session: Session, record_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.record_id == record_id))


def current_version(session: Session, record: CompetenceRecord) -> CompetenceRecord | None:
    """The record as corrected since (the last in its chain of corrections), or None if void."""
    while True:
        newer = session.scalar(
            select(CompetenceRecord)
            .where(CompetenceRecord.supersedes_id == record.id)
            .order_by(CompetenceRecord.id.desc())
        )
        if newer is None:
            return None if record.is_void else record
        record = newer


def course_title(session: Session, record: CompetenceRecord) -> str:
    """The title of the course that grants the record's competence (one course grants each
    competence), else the competence's name."""
    title = session.scalar(select(Course.title).where(Course.competence_id == record.competence_id))
    return title or record.competence.name


def view(session: Session, certificate: Certificate) -> CertificateView:
    record = certificate.record
    current = current_version(session, record)
    return CertificateView(
        certificate=certificate,
        name=record.person.name,
        course_title=course_title(session, record),
        reference=record.reference,
        achieved_on=record.achieved_on,
        expires_on=current.expires_on if current else record.expires_on,
        is_withdrawn=current is None,
    )


def by_code(session: Session, code: str) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.code == code.strip().upper()))


def of_person(session: Session, person_id: int) -> list[Certificate]:
    return list(
        session.scalars(
            select(Certificate)
            .join(Certificate.record)
            .where(CompetenceRecord.person_id == person_id)
            .order_by(Certificate.issued_dt.desc())
        )
    )
