"""Marking attendance on a page that works on a phone, undoing a mark, and the print view."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import employee_required, require
from portal.clock import expiring_window, today
from portal.db import get_session
from portal.formatting import format_date
from portal.forms import validated
from portal.sessions import attendance as marking
from portal.sessions import operations, queries
from portal.sessions.blueprint import bp
from portal.sessions.forms import (
    MarkForm,
    ReasonForm,
)
from portal.sessions.models import CourseSession
from portal.sessions.routes import load, load_seat


def load_for_marking(session_id: int) -> CourseSession:
    course_session, access = load(session_id)
    require(access.marks)
    return course_session


@bp.get("/<int:session_id>/attendance")
@employee_required
def attendance(session_id: int):
    return render_attendance(load_for_marking(session_id), "sessions/attendance.html")


@bp.get("/<int:session_id>/attendance/print")
@employee_required
def attendance_print(session_id: int):
    return render_attendance(load_for_marking(session_id), "sessions/attendance_print.html")


def render_attendance(course_session: CourseSession, template: str, status: int = 200):
    seats = [s for s in queries.roster(get_session(), course_session) if s.state == "booked"]
    return render_template(
        template,
        s=course_session,
        seats=seats,
        begun=today() >= course_session.first_day,
        mark_form=MarkForm(formdata=None),
        reason_form=ReasonForm(formdata=None),
    ), status


@bp.post("/<int:session_id>/seats/<int:seat_id>/attendance")
@employee_required
def mark(session_id: int, seat_id: int):
    course_session = load_for_marking(session_id)
    seat = load_seat(course_session, seat_id)
    form = MarkForm()
    here = url_for("sessions.attendance", session_id=session_id)
    if not form.validate_on_submit():
        return web.refuse(_("Velg oppmøte for %(name)s.", name=seat.person.name), here)
    try:
        marking.mark(
            get_session(),
            actor_id=current_user.id,
            seat=seat,
            outcome=validated(form.outcome.data),
            window=expiring_window(),
            today=today(),
        )
    except marking.NotBegun as error:
        return web.refuse(
            _(
                "Oppmøte kan registreres fra kursets første dag, %(date)s.",
                date=format_date(error.first_day),
            ),
            here,
        )
    except operations.WrongState:
        return web.refuse(
            _(
                "Oppmøtet for %(name)s kan ikke registreres: det er allerede registrert "
                "(angre det først), eller kurset er avlyst.",
                name=seat.person.name,
            ),
            here,
        )
    flash(_("Oppmøtet for %(name)s er registrert.", name=seat.person.name), "success")
    return redirect(f"{here}#seat-{seat.id}")


@bp.post("/<int:session_id>/seats/<int:seat_id>/undo")
@employee_required
def undo(session_id: int, seat_id: int):
    course_session = load_for_marking(session_id)
    seat = load_seat(course_session, seat_id)
    form = ReasonForm()
    here = url_for("sessions.attendance", session_id=session_id)
    if not form.validate_on_submit():
        return web.refuse(_("Skriv hvorfor oppmøtet skal angres."), here)
    marking.undo_mark(
        get_session(), actor_id=current_user.id, seat=seat, reason=validated(form.reason.data)
    )
    flash(_("Oppmøtet for %(name)s er angret.", name=seat.person.name), "success")
    return redirect(f"{here}#seat-{seat.id}")
