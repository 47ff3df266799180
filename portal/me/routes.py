"""My competence: records, history, certificates, and the export of all my data."""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from portal import web
from portal.certificates import pdf
from portal.certificates import queries as certificate_queries
from portal.certificates.routes import pdf_response
from portal.clock import expiring_window, today
from portal.db import get_session
from portal.me import export, queries

bp = Blueprint("me", __name__, template_folder="templates", url_prefix="/me")

STATE_LABELS = {
    "current": _l("Gjelder"),
    "superseded": _l("Erstattet av en nyere registrering"),
    "void": _l("Ugyldig"),
    "other": _l("Eldre registrering"),
}
STATUS_LABELS = {"ok": _l("Gyldig"), "expiring": _l("Utløper snart"), "expired": _l("Utløpt")}


@bp.record_once
def _setup(state) -> None:
    web.add_nav(state.app, "me.competence", _l("Min kompetanse"), order=15)


@bp.get("/competence")
@login_required
def competence():
    db = get_session()
    certificates = [
        certificate_queries.view(db, c) for c in certificate_queries.of_person(db, current_user.id)
    ]
    return render_template(
        "me/competence.html",
        rows=queries.current_rows(db, current_user.id, today(), expiring_window()),
        history=queries.history_rows(db, current_user.id),
        certificates=certificates,
        state_labels=STATE_LABELS,
    )


@bp.get("/export.json")
@login_required
def export_json():
    data = export.everything(get_session(), current_user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=export.iso)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mine-data.json"'},
    )


@bp.get("/portfolio.pdf")
@login_required
def export_pdf():
    db, person = get_session(), current_user
    rows = queries.current_rows(db, person.id, today(), expiring_window())
    history = queries.history_rows(db, person.id)

    def cells(row, label):
        rec = row.record
        return (
            rec.competence.name,
            rec.achieved_on.strftime("%d.%m.%Y"),
            rec.expires_on.strftime("%d.%m.%Y") if rec.expires_on else "Utløper ikke",
            rec.reference or rec.source,
            label,
        )

    certificates = [
        (view.course_title, view.achieved_on.strftime("%d.%m.%Y"), view.certificate.code)
        for view in (
            certificate_queries.view(db, c) for c in certificate_queries.of_person(db, person.id)
        )
    ]
    data = pdf.portfolio(
        name=person.name,
        facts=[
            ("E-post", person.email),
            ("Enhet", person.unit.name if person.unit else "-"),
            ("Stilling", person.position.name if person.position else "-"),
        ],
        headings=("Kompetanse", "Oppnådd", "Gyldig til", "Kilde", "Status"),
        rows=[cells(row, str(STATUS_LABELS[row.status])) for row in rows],
        history=[cells(row, str(STATE_LABELS[row.state])) for row in history],
        certificates=certificates,
        printed_on=today(),
    )
    return pdf_response(data, "kompetanseportefolje.pdf")
