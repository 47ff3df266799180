"""Certificates of completed courses: the PDF, and checking one at /verify/<code>."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.certificates.routes import bp

    app.register_blueprint(bp)
