"""My competence: records, history, certificates, and the export of all my data."""

from __future__ import annotations

import json

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import employee_required
from portal.catalog.queries import courses_by_competence
from portal.certificates import pdf
from portal.certificates import queries as certificate_queries
from portal.clock import expiring_window, today
from portal.competence.hours import ledger
from portal.competence.queries import statuses_for
from portal.credit import format_hours
from portal.db import get_session
from portal.documents.queries import confirmations_of
from portal.formatting import format_date
from portal.labels import CREDIT_SOURCE, RECORD_STATE, gap_status_word
from portal.me import export, queries

bp = Blueprint("me", __name__, template_folder="templates", url_prefix="/me")


@bp.get("/competence")
@employee_required
def competence():
    db = get_session()
    certificates = [
        certificate_queries.view(db, c) for c in certificate_queries.of_person(db, current_user.id)
    ]
    required = statuses_for(db, current_user, today(), expiring_window())
    held = queries.current_rows(db, current_user.id, today(), expiring_window())
    asked = {row.competence.id for row in required}
    return render_template(
        "me/competence.html",
        required=required,
        courses=courses_by_competence(db, asked),
        rows=[row for row in held if row.record.competence_id not in asked],
        history=queries.history_rows(db, current_user.id),
        certificates=certificates,
        confirmations=confirmations_of(db, current_user.id),
        hours=ledger(db, current_user.id),
        credit_source=CREDIT_SOURCE,
        state_labels=RECORD_STATE,
    )


@bp.get("/export.json")
@employee_required
def export_json():
    data = export.everything(get_session(), current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=export.iso)
    return web.download(body, "mine-data.json", "application/json")


@bp.get("/portfolio.pdf")
@employee_required
def export_pdf():
    db, person = get_session(), current_user
    rows = queries.current_rows(db, person.id, today(), expiring_window())
    history = queries.history_rows(db, person.id)
    years = ledger(db, person.id)

    def cells(row, label):
        rec = row.record
        return (
            rec.competence.name,
            format_date(rec.achieved_on),
            format_date(rec.expires_on, _("Utløper ikke")),
            rec.reference or rec.source,
            label,
        )

    certificates = [
        (view.course_title, format_date(view.achieved_on), view.certificate.code)
        for view in (
            certificate_queries.view(db, c) for c in certificate_queries.of_person(db, person.id)
        )
    ]
    data = pdf.portfolio(
        name=person.name,
        facts=[
            (_("E-post"), person.email),
            (_("Enhet"), person.unit.name if person.unit else "–"),
            (_("Stilling"), person.position.name if person.position else "–"),
        ],
        headings=(_("Kompetanse"), _("Oppnådd"), _("Gyldig til"), _("Kilde"), _("Status")),
        rows=[cells(row, gap_status_word(row.status)) for row in rows],
        history=[cells(row, str(RECORD_STATE[row.state])) for row in history],
        certificates=certificates,
        hours=[
            (
                str(year.year),
                format_date(line.achieved_on),
                line.competence,
                str(CREDIT_SOURCE.get(line.source, line.source)),
                format_hours(line.minutes),
                line.reference or "–",
            )
            for year in years
            for line in year.lines
        ],
        hour_sums=[(str(year.year), format_hours(year.minutes)) for year in years],
        printed_on=today(),
    )
    return web.download(data, "kompetanseportefolje.pdf", "application/pdf")
