"""Audit events: who did what to which object, when, written in the same transaction."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.audit.routes import bp

    app.register_blueprint(bp)
    web.add_nav(app, "audit.log", _l("Logg"), level="admin", order=90)
