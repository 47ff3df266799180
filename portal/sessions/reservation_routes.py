"""Places held for a unit: a lead holds some of a session's places for their own people, and
lets them go again."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import lead_required, require
from portal.db import get_session
from portal.forms import validated
from portal.sessions import operations
from portal.sessions.blueprint import bp
from portal.sessions.forms import EmptyForm
from portal.sessions.models import Reservation
from portal.sessions.routes import back, hold_form, holdable_units, load


@bp.post("/<int:session_id>/held")
@lead_required
def hold(session_id: int):
    course_session, _access = load(session_id)
    form = hold_form(course_session)
    require(form is not None)
    assert form is not None
    if not form.validate_on_submit():
        return web.refuse(
            _("Velg en enhet og et antall plasser fra 1 og oppover."), back(course_session)
        )
    try:
        operations.hold_places(
            get_session(),
            actor_id=current_user.id,
            course_session=course_session,
            unit_id=validated(form.unit_id.data),
            places=validated(form.places.data),
        )
    except operations.TooManyHeld:
        return web.refuse(
            _(
                "Enhetene kan til sammen ikke holde av flere plasser enn kurset har (%(n)d).",
                n=course_session.capacity,
            ),
            back(course_session),
        )
    flash(_("Plassene er holdt av."), "success")
    return redirect(back(course_session))


@bp.post("/<int:session_id>/held/<int:reservation_id>/release")
@lead_required
def release(session_id: int, reservation_id: int):
    course_session, _access = load(session_id)
    reservation = web.get_or_404(Reservation, reservation_id)
    require(reservation.session_id == course_session.id, 404)
    require(reservation.unit_id in holdable_units(course_session))
    require(EmptyForm().validate_on_submit(), 400)
    operations.release_places(get_session(), actor_id=current_user.id, reservation=reservation)
    flash(_("Plassene er ikke lenger holdt av."), "success")
    return redirect(back(course_session))
