"""Downloading a course certificate, and verifying one by its code (public)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import web
from portal.authz import employee_required, public, require
from portal.certificates import pdf, queries
from portal.certificates.models import Certificate
from portal.clock import today
from portal.credit import format_hours
from portal.db import get_session
from portal.links import external_url_for
from portal.org.policy import can_view_person
from portal.org.scope import scope_of

bp = Blueprint("certificates", __name__, template_folder="templates")


@bp.get("/certificates/<int:certificate_id>.pdf")
@employee_required
def download(certificate_id: int):
    """The person, their leads and administrators may download a certificate."""
    db = get_session()
    certificate = web.get_or_404(Certificate, certificate_id)
    require(can_view_person(current_user, certificate.record.person, scope_of(current_user)))
    shown = queries.view(db, certificate)
    data = pdf.certificate(
        name=shown.name,
        course=shown.course_title,
        achieved_on=shown.achieved_on,
        expires_on=shown.expires_on,
        code=certificate.code,
        verify_url=external_url_for("certificates.verify", code=certificate.code),
        details=details_of(certificate.record),
    )
    return web.download(data, f"kursbevis-{certificate.code}.pdf", "application/pdf")


def details_of(record) -> list[tuple[str, str]]:
    """What else the certificate states: which version of the course (or which session) it
    was, and the hours it counts for in the career ladder."""
    details = []
    if record.source == "course" and record.reference and " v" in record.reference:
        details.append((_("Kursversjon"), record.reference.rsplit(" v", 1)[1]))
    elif record.source == "session" and record.note:
        details.append((_("Holdt"), record.note))  # «HLR, 10.12.2026, Leknes legesenter»
    if record.credit_minutes is not None:
        hours = _("%(hours)s timer", hours=format_hours(record.credit_minutes))
        approval = f" ({record.credit_reference})" if record.credit_reference else ""
        details.append((_("Tellende timer"), hours + approval))
    return details


@bp.get("/verify/")
@public
def verify_form():
    """Anyone may type in a code from a certificate."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("certificates.verify", code=code))
    return render_template("certificates/verify_form.html")


@bp.get("/verify/<code>")
@public
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
