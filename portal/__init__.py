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
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )

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
    from portal.catalog.routes import bp as catalog_bp
    from portal.certificates.routes import bp as certificates_bp
    from portal.competence.routes import bp as competence_bp
    from portal.funds.routes import bp as funds_bp
    from portal.home.routes import bp as home_bp
    from portal.me.routes import bp as me_bp
    from portal.needs.routes import bp as needs_bp
    from portal.notify.routes import bp as notify_bp
    from portal.onboarding.routes import bp as onboarding_bp
    from portal.onboarding.template_routes import bp as onboarding_templates_bp
    from portal.org.routes import bp as org_bp
    from portal.quiz.routes import bp as quiz_bp
    from portal.reports.routes import bp as reports_bp

    for blueprint in (
        home_bp,
        accounts_bp,
        notify_bp,
        org_bp,
        audit_bp,
        catalog_bp,
        quiz_bp,
        certificates_bp,
        me_bp,
        competence_bp,
        reports_bp,
        onboarding_bp,
        onboarding_templates_bp,
        needs_bp,
        funds_bp,
    ):
        app.register_blueprint(blueprint)
