"""The start page (Min side), the language switch, the accessibility statement, the health check."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.home.routes import bp

    app.register_blueprint(bp)
    web.add_nav(app, "home.index", _l("Min side"), order=0)
