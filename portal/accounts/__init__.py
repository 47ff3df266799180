"""Logging in and out, passwords and the guessing limit; who the request's user is."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.accounts import session, sso
    from portal.accounts.routes import bp

    app.register_blueprint(bp)
    session.init_app(app)
    sso.init_app(app)
