"""Importing old records from a CSV file: administrators, from *Kompetanser*."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import admin_required
from portal.clock import expiring_window, today
from portal.competence import record_import
from portal.competence.blueprint import bp
from portal.db import get_session
from portal.forms import add_error
from portal.org.forms import ImportForm

#: Rows shown in a dry run's preview; the count says how many there are in all.
PREVIEW_ROWS = 50


@bp.get("/records/import/template.csv")
@admin_required
def records_import_template():
    """An empty records CSV with a byte order mark, separated by semicolons, as Norwegian
    Excel opens it in columns (the import reads commas too)."""
    header = ";".join(record_import.COLUMNS)
    return web.download(f"\ufeff{header}\r\n".encode(), "registreringer-mal.csv", "text/csv")


@bp.route("/records/import", methods=["GET", "POST"])
@admin_required
def records_import():
    form, result = ImportForm(), None
    if request.method == "GET":
        form.dry_run.data = True  # the first sending shows what would be imported
    if form.validate_on_submit():
        storage = form.file.data
        upload = storage.stream
        refused = record_import.refusal(web.upload_size(upload), web.upload_start(upload))
        if refused:
            add_error(form.file, refused)
        else:
            with web.upload_lines(upload) as lines:
                try:
                    result = record_import.import_records(
                        get_session(),
                        actor_id=current_user.id,
                        text=lines,
                        filename=storage.filename or "",
                        today=today(),
                        window=expiring_window(),
                        dry_run=form.dry_run.data,
                    )
                except UnicodeDecodeError:
                    add_error(form.file, record_import.not_text())
                else:
                    if not result.errors and not form.dry_run.data:
                        flash(
                            _(
                                "%(count)d registreringer er importert, %(duplicates)d fantes "
                                "fra før og er hoppet over.",
                                count=len(result.rows),
                                duplicates=result.duplicates,
                            ),
                            "success",
                        )
                        return redirect(url_for("competence.records_import"))
                    web.discard_changes()  # a dry run, or a file with errors: nothing imported
    return render_template(
        "competence/import_records.html", form=form, result=result, preview_rows=PREVIEW_ROWS
    ), (422 if form.errors or (result and result.errors) else 200)
