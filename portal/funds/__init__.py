"""The kurspott: budgets per unit and year, applications for external courses, decisions."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.funds import log_names
    from portal.funds.routes import bp, waiting_panel

    app.register_blueprint(bp)
    log_names.register_names(app)
    web.add_nav(app, "funds.index", _l("Kurspott"), order=45)
    web.add_panel(app, waiting_panel, order=30)
