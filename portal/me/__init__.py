"""Min kompetanse: my records, certificates, portfolio and all my data."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.me.routes import bp

    app.register_blueprint(bp)
    web.add_nav(app, "me.competence", _l("Min kompetanse"), order=15)
