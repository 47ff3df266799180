"""The audit log, for administrators."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import web
from portal.audit.models import AuditEvent
from portal.authz import admin_required
from portal.db import get_session
from portal.org.queries import page_of
from portal.web import int_arg

bp = Blueprint("audit", __name__, template_folder="templates", url_prefix="/admin/audit")


@bp.record_once
def _setup(state) -> None:
    web.add_nav(state.app, "audit.log", _l("Logg"), level="admin", order=90)


@bp.get("/")
@admin_required
def log():
    action = request.args.get("action", "").strip()[:100]
    query = (
        select(AuditEvent)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.created_dt.desc(), AuditEvent.id.desc())
    )
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    page = int_arg("page", 1)
    events, pages = page_of(get_session(), query, page, per_page=100)
    return render_template("audit/log.html", events=events, action=action, page=page, pages=pages)
