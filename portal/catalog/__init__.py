"""The catalogue, courses and lessons, progress, and what I must do next."""

from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_pgettext

from portal import web


def init_app(app: Flask) -> None:
    from portal.catalog import log_names
    from portal.catalog.cli import content_group
    from portal.catalog.panel import todo_entries, todo_panel
    from portal.catalog.routes import bp
    from portal.content.render import as_markup

    app.register_blueprint(bp)
    log_names.register_names(app)
    # "Kurs" is one course and many; English needs to know which: the catalogue is many.
    web.add_nav(app, "catalog.index", lazy_pgettext("katalog", "Kurs"), order=10)
    web.add_panel(app, todo_panel, order=10)
    web.add_todo_source(app, todo_entries)
    app.jinja_env.filters["stored_html"] = lambda html: as_markup(
        html, table_label=_("Tabell som kan rulles sideveis")
    )
    app.cli.add_command(content_group)
