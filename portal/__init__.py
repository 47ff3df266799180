"""Kompetanseportalen: training and competence tracking for health secretaries."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from portal import config, db


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config → db → login → CSRF → i18n → blueprints → CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.load(Path(app.instance_path), test_config))
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"),
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")

    db.init_app(app)
    from portal import web

    web.init_app(app)
    _register_blueprints(app)
    from portal import cli

    cli.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.accounts.routes import bp as accounts_bp
    from portal.audit.routes import bp as audit_bp
    from portal.competence.routes import bp as competence_bp
    from portal.home.routes import bp as home_bp
    from portal.notify.routes import bp as notify_bp
    from portal.org.routes import bp as org_bp
    from portal.reports.routes import bp as reports_bp

    for blueprint in (home_bp, accounts_bp, notify_bp, org_bp, audit_bp, competence_bp,
                      reports_bp):
        app.register_blueprint(blueprint)
