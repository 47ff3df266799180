"""Courses in a room: sessions of a competence with places, a waiting list, approval of paid
places from the kurspott, attendance that gives the competence, and calendar files."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web
from portal.formatting import OSLO
from portal.notify.reminders import register_source


def init_app(app: Flask) -> None:
    from portal.sessions import (  # noqa: F401 (their views)
        attendance_routes,
        log_names,
        reservation_routes,
        seat_routes,
    )
    from portal.sessions.blueprint import bp
    from portal.sessions.reminders import new_session_reminders, upcoming_reminders
    from portal.sessions.routes import my_sessions_panel

    app.register_blueprint(bp)
    log_names.register_names(app)
    app.jinja_env.filters["oslo_time"] = lambda value: value.astimezone(OSLO).strftime("%H:%M")
    web.add_nav(app, "sessions.index", _l("Kurs og samlinger"), order=42)
    web.add_panel(app, my_sessions_panel, order=12)
    register_source(app, upcoming_reminders)
    register_source(app, new_session_reminders)
