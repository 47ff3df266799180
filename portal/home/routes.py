"""The start page, the language switch, the accessibility statement and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import web
from portal.authz import employee_required, public
from portal.db import get_session

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
@employee_required
def index():
    return render_template("home/index.html", panels=web.render_panels(current_user))


@bp.post("/language")
@public
def set_language():
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
        if current_user.is_authenticated:
            current_user.language = language  # mail written to them follows it
    return redirect(web.local_path(request.form.get("next", "")) or "/")


@bp.get("/accessibility")
@public
def accessibility():
    return render_template("home/accessibility.html")


@bp.get("/healthz")
@public
def healthz():
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
