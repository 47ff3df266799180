"""Training-needs assessment: rounds, self-assessments, training needs and the training plan."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web
from portal.notify.reminders import register_source


def init_app(app: Flask) -> None:
    from portal.needs import log_names
    from portal.needs.reminders import deadline_reminders
    from portal.needs.routes import bp, self_assessment_entries

    app.register_blueprint(bp)
    log_names.register_names(app)
    web.add_nav(app, "needs.index", _l("Opplæringsbehov"), order=40)
    web.add_todo_source(app, self_assessment_entries)
    register_source(app, deadline_reminders)
