"""Kompetanseportalen: training and competence tracking for health secretaries."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask

from portal import config, db, web


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config → db → login → CSRF → i18n → blueprints → CLI."""
    app = web.Portal(__name__, instance_relative_config=True)
    app.config.update(config.load(Path(app.instance_path), test_config))
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING"),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )

    db.init_app(app)
    web.init_app(app)
    for feature in features():
        feature.init_app(app)
    return app


def features() -> tuple[ModuleType, ...]:
    """Every feature, lowest layer first; each switches itself on in its ``init_app``."""
    from portal import (
        accounts,
        audit,
        catalog,
        certificates,
        cli,
        competence,
        documents,
        funds,
        home,
        me,
        needs,
        notify,
        onboarding,
        org,
        quiz,
        reports,
        sessions,
    )

    return (
        audit,
        notify,
        org,
        accounts,
        competence,
        catalog,
        documents,
        certificates,
        quiz,
        onboarding,
        needs,
        funds,
        sessions,
        reports,
        home,
        me,
        cli,
    )
