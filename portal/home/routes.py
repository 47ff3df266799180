"""The start page, the language switch, the accessibility statement and the health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import web
from portal.db import get_session
from portal.home import panels

bp = Blueprint("home", __name__, template_folder="templates")


@bp.record_once
def _setup(state) -> None:
    web.add_nav(state.app, "home.index", _l("Min side"), order=0)
    # "What must I do now" (portal/catalog/panel.py) lists the requirements with their courses.


@bp.get("/")
@login_required
def index():
    return render_template("home/index.html", panels=panels.render_all(current_user))


@bp.post("/language")
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    return redirect(local_path(request.form.get("next", "")) or "/")


def local_path(target: str) -> str | None:
    """``target`` if it stays on this site; never redirect elsewhere."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.get("/accessibility")
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/healthz")
def healthz():
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
