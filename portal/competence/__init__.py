"""Competences, requirements, coverage rules, records, submissions and the gap rule."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web
from portal.competence import obligations  # noqa: F401  (keeps the obligations on every flush)


def init_app(app: Flask) -> None:
    from portal.competence import (  # noqa: F401  (their routes on bp)
        import_routes,
        log_names,
        record_routes,
        requirement_routes,
        routes,
    )
    from portal.competence.blueprint import bp
    from portal.competence.cli import records_group, standings_group

    app.register_blueprint(bp)
    log_names.register_names(app)
    web.add_nav(app, "competence.index", _l("Kompetanser"), level="lead", order=40)
    web.add_panel(app, routes.person_requirements, order=10, place="person")
    app.cli.add_command(standings_group)
    app.cli.add_command(records_group)
