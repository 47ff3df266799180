"""Downloading a course certificate, and verifying one by its code (public)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.authz import can_view_person, require, scope_of
from portal.certificates import pdf, queries
from portal.clock import today
from portal.competence.models import Certificate
from portal.db import get_session
from portal.links import external_url_for

bp = Blueprint("certificates", __name__, template_folder="templates")


def pdf_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int):
    """The person, their leads and administrators may download a certificate."""
    db = get_session()
    certificate = db.get(Certificate, certificate_id) or abort(404)
    require(can_view_person(current_user, certificate.record.person, scope_of(current_user)))
    shown = queries.view(db, certificate)
    data = pdf.certificate(
        name=shown.name,
        course=shown.course_title,
        achieved_on=shown.achieved_on,
        expires_on=shown.expires_on,
        code=certificate.code,
        verify_url=external_url_for("certificates.verify", code=certificate.code),
    )
    return pdf_response(data, f"kursbevis-{certificate.code}.pdf")


@bp.get("/verify/")
def verify_form():
    """Anyone may type in a code from a certificate."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("certificates.verify", code=code))
    return render_template("certificates/verify_form.html")


@bp.get("/verify/<code>")
def verify(code: str):
    """Genuine or not, valid or expired: and no other personal data than name, course, dates."""
    db = get_session()
    certificate = queries.by_code(db, code) if len(code) <= 60 else None
    if certificate is None:
        return render_template("certificates/verify.html", shown=None, code=code), 404
    shown = queries.view(db, certificate)
    return render_template(
        "certificates/verify.html",
        shown=shown,
        code=certificate.code,
        is_valid=shown.is_valid(today()),
    )
