"""Courses in a room: the list, a session, signing up, a lead's roster, attendance, calendar.

Everyone sees the sessions for their unit; a lead creates them for their units, books people,
approves paid seats and marks attendance; a session's trainer marks attendance too.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from portal import web
from portal.authz import employee_required, lead_required, require
from portal.clock import expiring_window, today
from portal.competence.models import Competence
from portal.db import get_session
from portal.formatting import OSLO
from portal.forms import add_error, choices, validated
from portal.links import absolute
from portal.org.jobs import in_units
from portal.org.models import Person, Unit
from portal.org.queries import units_in
from portal.org.scope import scope_of
from portal.sessions import calendar, operations, policy, queries
from portal.sessions.blueprint import bp
from portal.sessions.forms import (
    BookForm,
    CancelSessionForm,
    EditSessionForm,
    EmptyForm,
    HoldForm,
    SessionForm,
)
from portal.sessions.models import CourseSession, Seat


@dataclass(frozen=True)
class Access:
    """What the current user may do with one session."""

    manages: bool
    marks: bool
    fits: bool
    seat: Seat | None


def access_to(course_session: CourseSession) -> Access:
    db, scope = get_session(), scope_of(current_user)
    unit_ids = course_session.unit_ids
    return Access(
        manages=policy.can_manage(current_user, unit_ids, scope),
        marks=policy.can_mark(current_user, unit_ids, course_session.trainer_id, scope),
        fits=queries.fits(db, course_session, current_user),
        seat=operations.seat_of(db, course_session, current_user.id),
    )


def load(session_id: int) -> tuple[CourseSession, Access]:
    """The session and what I may do with it; 403 unless I may see it at all."""
    course_session = web.get_or_404(CourseSession, session_id)
    access = access_to(course_session)
    require(
        policy.can_see(
            current_user,
            fits=access.fits,
            has_seat=access.seat is not None,
            marks=access.marks,
            approves=bool(current_user.is_lead or current_user.is_admin)
            and any(scope_of(current_user).covers(u) for u in course_session.unit_ids),
        )
    )
    return course_session, access


def load_seat(course_session: CourseSession, seat_id: int) -> Seat:
    seat = web.get_or_404(Seat, seat_id)
    require(seat.session_id == course_session.id, 404)
    return seat


def back(course_session: CourseSession) -> str:
    return url_for("sessions.show", session_id=course_session.id)


def my_sessions_panel(user) -> Markup | None:
    """On the start page: my places and waiting-list places, and seats to confirm."""
    seats = queries.my_open_seats(get_session(), user.id, today())
    if not seats:
        return None
    return Markup(render_template("sessions/_panel.html", seats=seats))


@bp.get("/")
@employee_required
def index():
    db, scope = get_session(), scope_of(current_user)
    manages = current_user.is_lead or current_user.is_admin
    return render_template(
        "sessions/index.html",
        listed=queries.for_person(db, current_user, today(), expiring_window()),
        managed=queries.managed(db, scope, today()) if manages else [],
        approvals=queries.awaiting_approval(db, scope) if manages else [],
    )


def session_form(form_class: type[SessionForm] = SessionForm, **initial) -> SessionForm:
    """The form with the competences, the people who may train and my units to choose from."""
    db, scope = get_session(), scope_of(current_user)
    form = form_class(**initial)
    if form.competence_id is not None:
        competences = db.scalars(select(Competence).order_by(Competence.name))
        form.competence_id.choices = choices([(c.id, c.name) for c in competences])
    people = db.scalars(web_people(scope))
    form.trainer_id.choices = choices([(0, _("Ingen valgt"))] + [(p.id, p.name) for p in people])
    form.unit_ids.choices = choices([(u.id, u.name) for u in units_in(db, scope)])
    return form


def web_people(scope):
    query = select(Person).where(Person.is_active.is_(True)).order_by(Person.name)
    return query if scope.is_all else query.where(in_units(scope.unit_ids))


def session_data(form: SessionForm, competence_id: int, cost_ore: int) -> operations.SessionData:
    return operations.SessionData(
        competence_id=competence_id,
        place=validated(form.place.data).strip(),
        capacity=validated(form.capacity.data),
        signup_deadline=validated(form.signup_deadline.data),
        cancel_deadline=validated(form.cancel_deadline.data),
        cost_ore=cost_ore,
        unit_ids=list(validated(form.unit_ids.data)),
        days=form.spans(),
        trainer_id=form.trainer_id.data or None,
        credit=form.credit() if form.credit_hours else None,
    )


@bp.route("/new", methods=["GET", "POST"])
@lead_required
def new():
    form = session_form()
    if not form.validate_on_submit():
        return render_template("sessions/new.html", form=form), web.form_status(form)
    course_session = operations.create(
        get_session(),
        actor_id=current_user.id,
        data=session_data(form, validated(form.competence_id.data), form.cost.data or 0),
    )
    flash(_("Kurset er opprettet, og påmeldingen er åpen."), "success")
    return redirect(back(course_session))


def initial_of(course_session: CourseSession) -> dict:
    """What the change form shows first: the session as it is, in Norwegian time."""
    days = [
        {
            "day": d.starts_dt.astimezone(OSLO).date(),
            "starts": d.starts_dt.astimezone(OSLO).time(),
            "ends": d.ends_dt.astimezone(OSLO).time(),
        }
        for d in course_session.days
    ]
    return {
        "place": course_session.place,
        "capacity": course_session.capacity,
        "trainer_id": course_session.trainer_id or 0,
        "signup_deadline": course_session.signup_deadline,
        "cancel_deadline": course_session.cancel_deadline,
        "unit_ids": course_session.unit_ids,
        "days": days,
    }


@bp.route("/<int:session_id>/edit", methods=["GET", "POST"])
@lead_required
def edit(session_id: int):
    course_session, access = load(session_id)
    require(access.manages and not course_session.is_cancelled)
    form = session_form(EditSessionForm, data=initial_of(course_session))
    if not form.validate_on_submit():
        page = render_template("sessions/edit.html", form=form, s=course_session)
        return page, web.form_status(form)
    try:
        operations.change(
            get_session(),
            actor_id=current_user.id,
            course_session=course_session,
            data=session_data(form, course_session.competence_id, course_session.cost_ore),
        )
    except operations.TooFewPlaces as error:
        add_error(form.capacity, _("%(taken)d plasser er allerede tatt.", taken=error.taken))
        return render_template("sessions/edit.html", form=form, s=course_session), 409
    flash(_("Kurset er endret, og alle påmeldte er varslet."), "success")
    return redirect(back(course_session))


@bp.get("/<int:session_id>")
@employee_required
def show(session_id: int):
    course_session, access = load(session_id)
    return render_show(course_session, access)


def render_show(
    course_session: CourseSession,
    access: Access,
    cancel_form: CancelSessionForm | None = None,
    status: int = 200,
):
    db, scope = get_session(), scope_of(current_user)
    seat = access.seat
    taken, waiting = queries.counts(db, [course_session.id])[course_session.id]
    roster = queries.roster(db, course_session) if access.manages or access.marks else []
    lacking = (
        queries.lacking(db, course_session, scope, today(), expiring_window())
        if access.manages
        else []
    )
    return render_template(
        "sessions/show.html",
        s=course_session,
        access=access,
        seat=seat,
        taken=taken,
        waiting=waiting,
        place_in_line=queries.waiting_place(db, seat) if seat and seat.state == "waiting" else None,
        roster=roster,
        may_approve=lambda s: policy.can_approve(
            current_user, s.person_id, s.person.unit_id, scope
        ),
        lacking=lacking,
        book_form=book_form(course_session) if access.manages else None,
        hold_form=hold_form(course_session) if not course_session.is_cancelled else None,
        held=operations.reservations_of(db, course_session),
        holdable=holdable_units(course_session),
        cancel_form=cancel_form or CancelSessionForm(formdata=None),
        form=EmptyForm(),
        today=today(),
    ), status


def holdable_units(course_session: CourseSession) -> set[int]:
    fitting = queries.fitting_unit_ids(get_session(), course_session)
    return policy.units_to_hold_for(current_user, fitting, scope_of(current_user))


def hold_form(course_session: CourseSession) -> HoldForm | None:
    """The form to hold places, with the units the user may hold them for; None if none."""
    unit_ids = holdable_units(course_session)
    if not unit_ids:
        return None
    form = HoldForm()
    units = get_session().scalars(select(Unit).where(Unit.id.in_(unit_ids)).order_by(Unit.name))
    form.unit_id.choices = choices((unit.id, unit.name) for unit in units)
    return form


def book_form(course_session: CourseSession) -> BookForm:
    db, scope = get_session(), scope_of(current_user)
    form = BookForm()
    units = queries.fitting_unit_ids(db, course_session)
    seated = {s.person_id for s in operations.open_seats(db, course_session)}
    people = [p for p in db.scalars(web_people(scope).where(in_units(units))) if p.id not in seated]
    form.person_id.choices = choices([(p.id, p.name) for p in people])
    return form


@bp.get("/<int:session_id>/calendar.ics")
@employee_required
def ics(session_id: int):
    course_session, access = load(session_id)
    require(access.seat is not None or access.marks, 404)
    body = calendar.ics(course_session, absolute(operations.link_to(course_session)))
    return web.download(body, f"kurs-{course_session.id}.ics", "text/calendar")
