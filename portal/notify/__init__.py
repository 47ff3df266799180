"""Telling people things: notifications, mail, and reminders sent once."""

from __future__ import annotations

from flask import Flask

from portal import web


def init_app(app: Flask) -> None:
    from portal.notify.routes import bp, notifications_panel

    app.register_blueprint(bp)
    web.add_panel(app, notifications_panel, order=15)
