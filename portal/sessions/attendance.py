"""Attendance: «passed» gives the competence (a record with the session as its source, and a
certificate), «not passed» and «no show» are kept without one, and a mark can be undone with
a reason. Like every seat change, each takes the session row's lock first."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from portal.audit.operations import record as audit
from portal.certificates.operations import issue_certificate
from portal.competence import records
from portal.competence.models import CompetenceRecord
from portal.db import utcnow
from portal.sessions.models import Seat
from portal.sessions.operations import SessionError, WrongState, lock, title_of


class NotBegun(SessionError):
    def __init__(self, first_day: date) -> None:
        super().__init__(first_day.isoformat())
        self.first_day = first_day


def mark(
    session: Session,
    *,
    actor_id: int,
    seat: Seat,
    outcome: str,
    window: timedelta,
    today: date,
) -> bool:
    """Mark a booked person's attendance. «Passed» gives them the competence: a record with
    the session as its source, achieved on the session's last day, and a certificate.

    :return: False if the same mark was there already (a second click)
    :raise NotBegun: before the session's first day: nobody has attended yet
    :raise WrongState: if the seat is not booked, is marked otherwise (undo that first), or
        the session is cancelled
    """
    if today < seat.course_session.first_day:
        raise NotBegun(seat.course_session.first_day)
    lock(session, seat.course_session)
    session.refresh(seat)
    if seat.attendance == outcome:
        return False
    if seat.state != "booked" or seat.attendance is not None or seat.course_session.is_cancelled:
        raise WrongState(seat.state)
    if outcome == "passed":
        seat.record = _passed_record(session, seat, actor_id, window)
    seat.attendance, seat.marked_by_id, seat.marked_dt = outcome, actor_id, utcnow()
    audit(
        session,
        actor_id=actor_id,
        action="sessions.attendance_marked",
        obj=seat,
        outcome=outcome,
        record_id=seat.record.id if seat.record else None,
    )
    return True


def undo_mark(session: Session, *, actor_id: int, seat: Seat, reason: str) -> bool:
    """Take a mark back, with a reason. A «passed» loses its record: the record is voided
    (the history keeps it), and with it the certificate.

    :return: False if there was no mark (a second click)
    """
    lock(session, seat.course_session)
    session.refresh(seat)
    if seat.attendance is None:
        return False
    if seat.record is not None and records.is_current(session, seat.record):
        records.void(session, actor_id=actor_id, record=seat.record, reason=reason)
    audit(
        session,
        actor_id=actor_id,
        action="sessions.attendance_undone",
        obj=seat,
        outcome=seat.attendance,
        record_id=seat.record_id,
        reason=reason.strip(),
    )
    seat.attendance, seat.record_id, seat.marked_by_id, seat.marked_dt = None, None, None, None
    return True


def _passed_record(
    session: Session, seat: Seat, actor_id: int, window: timedelta
) -> CompetenceRecord:
    course_session = seat.course_session
    achieved_on = course_session.last_day
    new = CompetenceRecord(
        person_id=seat.person_id,
        competence_id=course_session.competence_id,
        achieved_on=achieved_on,
        expires_on=records.default_expiry(
            session, seat.person_id, course_session.competence, achieved_on, window
        ),
        source="session",
        reference=f"session:{course_session.id}",
        note=title_of(course_session),
        recorded_by_id=actor_id,
    )
    credit = (
        records.Credit(course_session.credit_minutes, course_session.credit_reference)
        if course_session.credit_minutes is not None
        else None
    )
    # The hours were approved when the session was set up with them, by the one who did.
    records.add(session, records.give_credit(new, credit, course_session.created_by_id))
    issue_certificate(session, record=new)
    return new
