"""The competence gap report, its exports and charts, and the lead's start-page panel."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web
from portal.notify.reminders import register_source


def init_app(app: Flask) -> None:
    from portal.reports import dashboard, reminders
    from portal.reports.routes import bp

    app.register_blueprint(bp)
    web.add_nav(app, "reports.gaps", _l("Kompetansegap"), level="lead", order=45)
    web.add_panel(app, dashboard.panel, order=40)
    register_source(app, reminders.due)
