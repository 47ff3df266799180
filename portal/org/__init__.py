"""Units, positions and people; adding, changing and importing them."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web


def init_app(app: Flask) -> None:
    from portal.org import deputy_routes, job_routes, log_names, sync_routes  # noqa: F401 (views)
    from portal.org.cli import people_group
    from portal.org.routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(deputy_routes.bp)
    log_names.register_names(app)
    app.cli.add_command(people_group)
    web.add_nav(app, "org.people", _l("Personer"), level="lead", order=60)
