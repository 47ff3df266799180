"""Signing up and leaving, a lead booking, removing, approving and rejecting places, and
cancelling a whole session."""

from __future__ import annotations

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import web
from portal.authz import employee_required, lead_required, require
from portal.clock import today
from portal.db import get_session
from portal.formatting import format_kroner
from portal.forms import validated
from portal.funds import operations as funds
from portal.org.models import Person
from portal.org.scope import scope_of
from portal.sessions import operations, policy
from portal.sessions.blueprint import bp
from portal.sessions.forms import (
    CancelSessionForm,
    EmptyForm,
)
from portal.sessions.models import CourseSession, Seat
from portal.sessions.routes import back, book_form, load, load_seat, render_show


def _sign_up(course_session: CourseSession, person: Person, booked_by: Person | None):
    try:
        seat, changed = operations.sign_up(
            get_session(),
            course_session=course_session,
            person=person,
            today=today(),
            booked_by=booked_by,
        )
    except operations.Closed:
        return None, web.refuse(_("Påmeldingen til kurset er stengt."), back(course_session))
    return (seat, changed), None


@bp.post("/<int:session_id>/signup")
@employee_required
def sign_up(session_id: int):
    course_session, access = load(session_id)
    require(access.fits or access.seat is not None)
    require(EmptyForm().validate_on_submit(), 400)
    result, refused = _sign_up(course_session, current_user, None)
    if refused:
        return refused
    seat, changed = result
    flash(str(SIGNED_UP[seat.state]) if changed else _("Du var allerede påmeldt."), "success")
    return redirect(back(course_session))


SIGNED_UP = {
    "booked": _l("Du har fått plass på kurset."),
    "awaiting_approval": _l(
        "Du har fått plass. Lederen din må godkjenne den, siden kurset koster penger."
    ),
    "waiting": _l("Kurset er fullt. Du står på ventelisten og får beskjed når du får plass."),
}


def load_own_seat(session_id: int) -> tuple[CourseSession, Seat]:
    course_session, access = load(session_id)
    if access.seat is None:
        abort(404)
    require(EmptyForm().validate_on_submit(), 400)
    return course_session, access.seat


@bp.post("/<int:session_id>/leave")
@employee_required
def leave(session_id: int):
    course_session, seat = load_own_seat(session_id)
    return _cancel(course_session, seat, by_lead=False)


def _cancel(course_session: CourseSession, seat: Seat, *, by_lead: bool):
    try:
        changed = operations.cancel_seat(
            get_session(), actor_id=current_user.id, seat=seat, today=today(), by_lead=by_lead
        )
    except operations.PastCancelDeadline:
        return web.refuse(
            _("Fristen for avmelding er ute. Snakk med lederen din."), back(course_session)
        )
    except operations.WrongState:
        return web.refuse(
            _("Plassen kan ikke avmeldes: oppmøtet er registrert, eller kurset er avlyst."),
            back(course_session),
        )
    flash(_("Plassen er avmeldt.") if changed else _("Plassen var allerede avmeldt."), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/consent")
@employee_required
def consent(session_id: int):
    course_session, seat = load_own_seat(session_id)
    operations.consent(get_session(), seat=seat)
    flash(_("Takk! Du har bekreftet plassen."), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/book")
@lead_required
def book(session_id: int):
    course_session, access = load(session_id)
    require(access.manages)
    form = book_form(course_session)
    if not form.validate_on_submit():
        return web.refuse(_("Velg en person som kan meldes på."), back(course_session))
    person = get_session().get_one(Person, form.person_id.data)
    result, refused = _sign_up(course_session, person, current_user)
    if refused:
        return refused
    flash(_("%(name)s er meldt på og blir bedt om å bekrefte.", name=person.name), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/seats/<int:seat_id>/remove")
@lead_required
def remove(session_id: int, seat_id: int):
    course_session, access = load(session_id)
    require(access.manages)
    seat = load_seat(course_session, seat_id)
    require(EmptyForm().validate_on_submit(), 400)
    return _cancel(course_session, seat, by_lead=True)


def load_for_approval(session_id: int, seat_id: int) -> tuple[CourseSession, Seat]:
    course_session, _access = load(session_id)
    seat = load_seat(course_session, seat_id)
    scope = scope_of(current_user)
    require(policy.can_approve(current_user, seat.person_id, seat.person.unit_id, scope))
    require(EmptyForm().validate_on_submit(), 400)
    return course_session, seat


@bp.post("/<int:session_id>/seats/<int:seat_id>/approve")
@lead_required
def approve(session_id: int, seat_id: int):
    course_session, seat = load_for_approval(session_id, seat_id)
    try:
        operations.approve(get_session(), actor_id=current_user.id, seat=seat)
    except operations.WrongState:
        return web.refuse(_("Plassen venter ikke på godkjenning."), back(course_session))
    except funds.OverBudget as error:
        message = _(
            "Prisen er større enn det som er igjen i kurspotten (%(remaining)s). "
            "Ingenting er godkjent.",
            remaining=format_kroner(error.remaining_ore),
        )
        return web.refuse(message, back(course_session))
    except funds.NoBudget as error:
        message = _(
            "Enheten har ingen kurspott for %(year)d. Sett en kurspott først.", year=error.year
        )
        return web.refuse(message, back(course_session))
    flash(_("Plassen er godkjent, og prisen er bundet i kurspotten."), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/seats/<int:seat_id>/reject")
@lead_required
def reject(session_id: int, seat_id: int):
    course_session, seat = load_for_approval(session_id, seat_id)
    try:
        operations.reject(get_session(), actor_id=current_user.id, seat=seat)
    except operations.WrongState:
        return web.refuse(_("Plassen venter ikke på godkjenning."), back(course_session))
    flash(_("Plassen er avslått, og personen er varslet."), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/cancel")
@lead_required
def cancel(session_id: int):
    course_session, access = load(session_id)
    require(access.manages)
    form = CancelSessionForm()
    if not form.validate_on_submit():
        return render_show(course_session, access, form, 422)
    operations.cancel_session(
        get_session(),
        actor_id=current_user.id,
        course_session=course_session,
        message=validated(form.message.data),
    )
    flash(_("Kurset er avlyst, og alle påmeldte er varslet."), "success")
    return redirect(back(course_session))
