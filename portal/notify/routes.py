"""Notifications on the start page, and dismissing them."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select, update

from portal.authz import employee_required
from portal.db import get_session, utcnow
from portal.notify.models import Notification

bp = Blueprint("notify", __name__, template_folder="templates", url_prefix="/notifications")


def notifications_panel(user) -> Markup | None:
    unread = list(
        get_session().scalars(
            select(Notification)
            .where(Notification.person_id == user.id, Notification.read_dt.is_(None))
            .order_by(Notification.created_dt.desc())
            .limit(20)
        )
    )
    if not unread:
        return None
    return Markup(render_template("notify/_panel.html", notifications=unread))


@bp.post("/<int:notification_id>/read")
@employee_required
def mark_read(notification_id: int):
    db = get_session()
    notification = db.get(Notification, notification_id)
    if notification is None or notification.person_id != current_user.id:
        abort(404)
    notification.read_dt = notification.read_dt or utcnow()
    return redirect(url_for("home.index"))


@bp.post("/read-all")
@employee_required
def mark_all_read():
    get_session().execute(
        update(Notification)
        .where(Notification.person_id == current_user.id, Notification.read_dt.is_(None))
        .values(read_dt=utcnow())
    )
    return redirect(url_for("home.index"))
