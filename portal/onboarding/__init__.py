"""New-hire onboarding: templates per position, checklists, confirmations and sign-offs."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from portal import web
from portal.documents.signals import document_confirmed
from portal.notify.reminders import register_source
from portal.org.signals import job_started, jobs_inserted


def init_app(app: Flask) -> None:
    from portal.onboarding import (
        links,
        log_names,
        new_jobs,
        operations,
        panel,
        routes,
        template_routes,
        todo,
    )
    from portal.onboarding.labels import KIND_LABELS, ROLE_LABELS, STATE_LABELS
    from portal.onboarding.reminders import overdue_reminders

    app.register_blueprint(routes.bp)
    app.register_blueprint(template_routes.bp)
    log_names.register_names(app)
    web.add_nav(app, "onboarding.index", _l("Introduksjon"), order=20)
    web.add_panel(app, panel.onboarding_panel, order=20)
    web.add_todo_source(app, todo.todo_entries)
    register_source(app, overdue_reminders)
    # A new job gets the checklist of its position and unit; connected once per process.
    job_started.connect(new_jobs.on_job_started)
    jobs_inserted.connect(new_jobs.on_jobs_inserted)
    # Confirming a document completes the acknowledgement items that point to it.
    document_confirmed.connect(operations.on_document_confirmed)
    app.jinja_env.globals.update(
        onboarding_kinds=KIND_LABELS,
        onboarding_roles=ROLE_LABELS,
        onboarding_states=STATE_LABELS,
        onboarding_course_url=links.course_url,
        onboarding_document_url=links.document_url,
    )
