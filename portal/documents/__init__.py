"""Procedures and declarations to read and confirm, by version (``documents/``)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.documents import log_names
    from portal.documents.operations import sync_documents
    from portal.documents.routes import bp

    app.register_blueprint(bp)
    log_names.register_names(app)
    web.add_nav(app, "documents.index", _l("Dokumenter"), order=12)
    # ``portal content sync`` loads the documents in the same transaction as the courses.
    app.extensions.setdefault("portal.content_steps", []).append(sync_documents)
