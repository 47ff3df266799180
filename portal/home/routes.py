"""The start page, the language switch, the accessibility statement, the health check and the
icon at the address browsers and tools ask for without reading a page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import web
from portal.authz import employee_required, public
from portal.clock import today
from portal.db import get_session
from portal.todo import rank

bp = Blueprint("home", __name__, template_folder="templates")


@bp.get("/")
@employee_required
def index():
    day = today()
    return render_template(
        "home/index.html",
        todo=rank(web.todo_entries(current_user, day)),
        today=day,
        panels=web.render_panels(current_user),
    )


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


@bp.get("/favicon.ico")
@public
def favicon():
    """Pages carry their icon inline; this answers whatever asks the old address (a PDF or a
    CSV opened in a tab, a bookmark, a link preview)."""
    response = Response(_icon(current_app.static_folder or ""), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@cache
def _icon(static_folder: str) -> bytes:
    """The icon's bytes, read once (a few kilobytes; no file left open per request)."""
    return (Path(static_folder) / "img" / "favicon.ico").read_bytes()


@bp.get("/healthz")
@public
def healthz():
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}
