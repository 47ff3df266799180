"""The web layer shared by every feature: login, CSRF, i18n, filters, headers, error pages."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, abort, g, render_template, request, session
from flask_babel import Babel, lazy_gettext
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import conflicts
from portal.authz import has_access
from portal.db import get_session
from portal.org.models import Person

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = lazy_gettext("Logg inn for å se denne siden.")
login_manager.login_message_category = "info"
csrf = CSRFProtect()
babel = Babel()

OSLO = ZoneInfo("Europe/Oslo")

# Scripts and styles come only from this server: the portal runs in networks without internet.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


class IdConverter(IntegerConverter):
    """``<int:…>`` in URLs, limited to what an id column holds on every database: a larger
    number is simply not found (404), rather than an overflow in the database driver."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # The client's address and scheme as the trusted proxies saw them; a header a client
        # sets itself is ignored, since only the last ``proxies`` hops are believed.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.before_request(_refuse_nul_bytes)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, kroner=format_kroner)
    app.jinja_env.globals.update(
        languages=app.config["LANGUAGES"],
        has_access=has_access,
        nav_items=lambda: app.extensions.get("portal.nav", []),
    )
    app.context_processor(lambda: {"current_language": select_locale()})
    app.after_request(_security_headers)
    app.teardown_request(_forget_request_state)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    conflicts.init_app(app)


@login_manager.user_loader
def _load_user(user_id: str) -> Person | None:
    # "id.version" (Person.get_id): a session from before the person's last logout, password
    # change or deactivation carries an older version and is worth nothing.
    person_id, _dot, version = user_id.partition(".")
    if not all(
        part.isascii() and part.isdigit() and len(part) < 10 for part in (person_id, version)
    ):
        return None
    person = get_session().get(Person, int(person_id))
    if person is None or not person.is_active or person.session_version != int(version):
        return None
    return person


def select_locale() -> str:
    from flask import current_app, has_request_context

    # Outside a request (CLI: the demo, reminders) there is no session to ask: the default.
    language = session.get("language") if has_request_context() else None
    return language if language in current_app.config["LANGUAGES"] else "nb"


def format_date(value: date | None) -> str:
    """Dates in Norwegian form, 22.11.2026, in both languages."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: datetime | None) -> str:
    """A stored UTC time shown in Norwegian local time."""
    return value.astimezone(OSLO).strftime("%d.%m.%Y %H:%M") if value else ""


def format_kroner(ore: int | None) -> str:
    """An amount in øre as kroner: 123456 → '1 234,56 kr'; whole kroner without decimals."""
    if ore is None:
        return ""
    sign, ore = ("−" if ore < 0 else ""), abs(ore)
    kroner = f"{ore // 100:,}".replace(",", "\u00a0")
    return f"{sign}{kroner},{ore % 100:02d}\u00a0kr" if ore % 100 else f"{sign}{kroner}\u00a0kr"


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static":
        # Pages show personal data: no shared cache may keep them.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _refuse_nul_bytes() -> None:
    # No text the portal stores or searches may hold a NUL byte (PostgreSQL refuses them);
    # refusing them here spares every form and filter from checking.
    values = [
        *request.args.values(),
        *request.form.values(),
        *request.args.keys(),
        *request.form.keys(),
    ]
    if any("\x00" in value for value in values):
        abort(400)


def _forget_request_state(_exc: BaseException | None = None) -> None:
    # The logged-in user and their scope belong to the request's database session, which is
    # closed at teardown; an app context that outlives the request (tests, CLI) must not keep
    # them.
    g.pop("_login_user", None)
    g.pop("portal_scope", None)


def _csrf_error(error: CSRFError):
    return render_template(
        "errors/error.html",
        code=400,
        error=error,
        message=lazy_gettext(
            "Skjemaet var utløpt eller ugyldig. Gå tilbake, last siden på nytt og prøv igjen."
        ),
    ), 400


def _http_error(error: HTTPException):
    if (error.code or 500) >= 500:
        # The request's transaction may have failed; the page itself needs a working session.
        get_session().rollback()
    return render_template("errors/error.html", code=error.code, error=error), error.code or 500


def int_arg(name: str, default: int, *, least: int = 1, most: int = 1_000_000) -> int:
    """An integer from the query string; missing, malformed or out of bounds: ``default``."""
    value = request.args.get(name, type=int)
    return default if value is None or not least <= value <= most else value


def add_nav(
    app: Flask, endpoint: str, label: str, level: str = "employee", order: int = 50
) -> None:
    """Add a link to the main menu, shown to users of at least ``level``."""
    items = app.extensions.setdefault("portal.nav", [])
    items.append({"endpoint": endpoint, "label": label, "level": level, "order": order})
    items.sort(key=lambda item: item["order"])
