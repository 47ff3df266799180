"""Everything the portal holds about one person, for their own export (GDPR art. 15 and 20).

Features that keep personal data of their own add it with :func:`register`, called in their
blueprint's ``record_once``: ``fn(session, person) -> JSON-serialisable data``.

No other person is named in it: their names and emails become "en annen person"
(portal/me/privacy.py), and an act on someone else says so without saying who.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.accounts.sso.linking import links_of
from portal.audit.models import AuditEvent
from portal.catalog.models import Lesson, LessonView
from portal.certificates.models import Certificate
from portal.competence.models import CompetenceRecord
from portal.me import sections
from portal.me.privacy import Redactor
from portal.notify.models import Notification, SentReminder
from portal.org.models import Person
from portal.quiz.models import QuizAttempt

Section = Callable[[Session, Person], Any]
_KEY = "portal.personal_data"


def register(app: Flask, name: str, fn: Section) -> None:
    app.extensions.setdefault(_KEY, {})[name] = fn


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: iso(getattr(obj, name)) for name in names}


def person_section(session: Session, person: Person) -> dict[str, Any]:
    data = _row(
        person,
        "id",
        "email",
        "employee_number",
        "name",
        "start_date",
        "position_since",
        "employment_percent",
        "access",
        "is_active",
        "created_dt",
        "hpr_number",
        "hpr_confirmed_on",
    )
    data.update(
        unit=person.unit.name if person.unit else None,
        position=person.position.name if person.position else None,
        led_units=[unit.name for unit in person.led_units],
        national_identity_number_recorded=person.pid_hash is not None,
        sign_in_links=[
            _row(link, "provider", "issuer", "subject", "matched_by", "created_dt", "last_login_dt")
            for link in links_of(session, person.id)
        ],
    )
    return data


def records_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        {
            **_row(
                r,
                "id",
                "achieved_on",
                "expires_on",
                "source",
                "reference",
                "note",
                "supersedes_id",
                "is_void",
                "recorded_dt",
            ),
            "recorded_by": sections.who(person, r.recorded_by_id),
            "competence": r.competence.code,
            "competence_name": r.competence.name,
        }
        for r in session.scalars(
            select(CompetenceRecord)
            .where(CompetenceRecord.person_id == person.id)
            .order_by(CompetenceRecord.id)
        )
    ]


def certificates_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        _row(c, "id", "record_id", "code", "issued_dt")
        for c in session.scalars(
            select(Certificate)
            .join(Certificate.record)
            .where(CompetenceRecord.person_id == person.id)
            .order_by(Certificate.id)
        )
    ]


def attempts_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        {
            **_row(
                a,
                "id",
                "course_version",
                "started_dt",
                "submitted_dt",
                "score",
                "is_passed",
                "record_id",
            ),
            "course": a.course.slug,
            "total": a.total,
        }
        for a in session.scalars(
            select(QuizAttempt).where(QuizAttempt.person_id == person.id).order_by(QuizAttempt.id)
        )
    ]


def lessons_section(session: Session, person: Person) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Lesson, LessonView.viewed_dt)
        .join(LessonView, LessonView.lesson_id == Lesson.id)
        .where(LessonView.person_id == person.id)
        .order_by(LessonView.viewed_dt)
    )
    return [
        {"course": lesson.course.slug, "lesson": lesson.slug, "read_dt": iso(viewed)}
        for lesson, viewed in rows
    ]


def notifications_section(session: Session, person: Person) -> list[dict[str, Any]]:
    columns = [c.key for c in Notification.__table__.columns]
    return [
        _row(n, *columns)
        for n in session.scalars(
            select(Notification)
            .where(Notification.person_id == person.id)
            .order_by(Notification.id)
        )
    ]


def reminders_section(session: Session, person: Person) -> list[dict[str, Any]]:
    return [
        _row(r, "key", "sent_dt")
        for r in session.scalars(
            select(SentReminder)
            .where(SentReminder.person_id == person.id)
            .order_by(SentReminder.id)
        )
    ]


def audit_section(session: Session, person: Person) -> list[dict[str, Any]]:
    """Events done by the person, or done to them as a person; who else took part is not
    said (an act on another person names the kind of object only)."""
    about = (AuditEvent.object_type == "Person") & (AuditEvent.object_id == str(person.id))
    return [
        _event(e, person)
        for e in session.scalars(
            select(AuditEvent)
            .where(or_(AuditEvent.actor_id == person.id, about))
            .order_by(AuditEvent.id)
        )
    ]


def _event(event: AuditEvent, person: Person) -> dict[str, Any]:
    data = {
        **_row(event, "id", "created_dt", "action", "object_type", "object_id", "details"),
        "actor": sections.who(person, event.actor_id),
    }
    if event.object_type == "Person" and event.object_id != str(person.id):
        data.update(object_id=_("en annen person"), details={})
    return data


CORE: dict[str, Section] = {
    "person": person_section,
    "competence_records": records_section,
    "certificates": certificates_section,
    "quiz_attempts": attempts_section,
    "lessons_read": lessons_section,
    "notifications": notifications_section,
    "reminders_sent": reminders_section,
    "audit_events": audit_section,
}


def everything(session: Session, person: Person) -> dict[str, Any]:
    providers = {**CORE, **sections.SECTIONS, **current_app.extensions.get(_KEY, {})}
    data = {name: fn(session, person) for name, fn in providers.items()}
    others = session.execute(select(Person.name, Person.email).where(Person.id != person.id))
    redact = Redactor(
        own_name=person.name, own_email=person.email, others=others, other=_("en annen person")
    )
    return {name: value if name == "person" else redact(value) for name, value in data.items()}
