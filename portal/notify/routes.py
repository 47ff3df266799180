"""Tasks and notifications: the start page's panel, the page of them all, marking read."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import and_, or_, select, update

from portal import web
from portal.authz import employee_required
from portal.db import get_session, utcnow
from portal.notify.models import Notification

bp = Blueprint("notify", __name__, template_folder="templates", url_prefix="/notifications")

PANEL_SIZE = 20
HISTORY_SIZE = 50

_OPEN_TASK = and_(Notification.task.is_not(None), Notification.closed_dt.is_(None))
_UNREAD = and_(Notification.task.is_(None), Notification.read_dt.is_(None))


def _waiting(person_id: int, limit: int) -> tuple[list[Notification], list[Notification]]:
    """The person's open tasks and unread notifications, newest first, in one query."""
    rows = get_session().scalars(
        select(Notification)
        .where(Notification.person_id == person_id, or_(_OPEN_TASK, _UNREAD))
        .order_by(Notification.created_dt.desc(), Notification.id.desc())
        .limit(limit)
    )
    tasks: list[Notification] = []
    unread: list[Notification] = []
    for row in rows:
        (tasks if row.is_task else unread).append(row)
    return tasks, unread


def notifications_panel(user) -> Markup | None:
    tasks, unread = _waiting(user.id, PANEL_SIZE)
    if not tasks and not unread:
        return None
    return Markup(
        render_template("notify/_panel.html", tasks=tasks, notifications=unread, back="/")
    )


@bp.get("/")
@employee_required
def index():
    tasks, unread = _waiting(current_user.id, 500)
    done = list(
        get_session().scalars(
            select(Notification)
            .where(
                Notification.person_id == current_user.id,
                or_(Notification.closed_dt.is_not(None), Notification.read_dt.is_not(None)),
            )
            .order_by(Notification.created_dt.desc(), Notification.id.desc())
            .limit(HISTORY_SIZE)
        )
    )
    return render_template(
        "notify/index.html", tasks=tasks, notifications=unread, done=done, back=url_for(".index")
    )


def _back():
    return redirect(web.local_path(request.form.get("next", "")) or url_for("home.index"))


@bp.post("/<int:notification_id>/read")
@employee_required
def mark_read(notification_id: int):
    db = get_session()
    notification = db.get(Notification, notification_id)
    if notification is None or notification.person_id != current_user.id:
        abort(404)
    # A task is not read away: it closes when what it asks is done.
    if not notification.is_task:
        notification.read_dt = notification.read_dt or utcnow()
    return _back()


@bp.post("/read-all")
@employee_required
def mark_all_read():
    get_session().execute(
        update(Notification)
        .where(Notification.person_id == current_user.id, _UNREAD)
        .values(read_dt=utcnow())
    )
    return _back()
