"""Courses in a room and the seats on them by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.competence.models import Competence
from portal.org.models import Person
from portal.sessions.models import CourseSession, Seat


def course_sessions(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(CourseSession.id, Competence.name, CourseSession.place)
        .join(Competence, Competence.id == CourseSession.competence_id)
        .where(CourseSession.id.in_(ids))
    )
    return {
        id_: Named(f"{competence}, {place}", url_for("sessions.show", session_id=id_))
        for id_, competence, place in rows
    }


def seats(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Seat.id, Seat.session_id, Person.name, Competence.name, CourseSession.place)
        .join(Person, Person.id == Seat.person_id)
        .join(CourseSession, CourseSession.id == Seat.session_id)
        .join(Competence, Competence.id == CourseSession.competence_id)
        .where(Seat.id.in_(ids))
    )
    return {
        id_: Named(
            f"{person} – {competence}, {place}", url_for("sessions.show", session_id=session_id)
        )
        for id_, session_id, person, competence, place in rows
    }


def register_names(app: Flask) -> None:
    register(app, "CourseSession", course_sessions)
    register(app, "Seat", seats)
