"""The web layer shared by every feature: login, CSRF, i18n, filters, headers, error pages,
and the request's one commit.

Every request runs the same lifecycle: the view parses, loads, authorizes and calls one
operation; then :func:`_finish_transaction` commits what it did if the response succeeded
(status below 400) and rolls it back otherwise. Views never commit. A refusal that must still
be kept (a counted failed login) says so with :func:`keep_changes`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import quote, urlsplit

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
)
from flask_babel import Babel, lazy_gettext
from flask_login import LoginManager
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import conflicts, once
from portal.authz import has_access
from portal.credit import format_hours
from portal.db import get_session
from portal.formatting import due_in_words, format_date, format_datetime, format_kroner
from portal.labels import GAP_STATUS, PENDING, RECOMMENDED_GAP, SUBMISSION_STATE
from portal.todo import Entry, urgency

logger = logging.getLogger(__name__)
T = TypeVar("T")

RETRIES = 2
"""How often a request that lost a race to another transaction is run again."""
RACE_STATES = {"40001", "40P01"}
"""PostgreSQL's serialization failure and deadlock: one side is undone and may try again."""


class Portal(Flask):
    """Flask that runs a request again, from the start, when the database undid its
    transaction to let another one through, rather than showing the user an error."""

    def full_dispatch_request(self) -> Response:
        flashes = list(session.get("_flashes", []))
        for attempt in range(RETRIES + 1):
            try:
                return super().full_dispatch_request()
            except OperationalError as error:
                if not lost_a_race(error):
                    raise
                logger.warning(
                    "%s %s lost a race (try %d): %s",
                    request.method,
                    request.path,
                    attempt + 1,
                    error,
                )
                _start_over(flashes)
        return self.finalize_request(self.make_response(_conflict_page()))


def lost_a_race(error: OperationalError) -> bool:
    """Whether ``error`` means another transaction won, and running again can succeed: on
    SQLite a writer that held the lock past the busy timeout, on PostgreSQL a deadlock or a
    serialization failure."""
    if getattr(error.orig, "sqlstate", None) in RACE_STATES:
        return True
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


def _start_over(flashes: list) -> None:
    # Everything the lost attempt did or learnt goes: its transaction, the objects its session
    # loaded, its flags, and what it would have told the user.
    db = g.pop("db_session", None)
    if db is not None:
        db.rollback()
        db.close()
    for name in ("portal_once_key", "portal_discard_changes", "portal_keep_changes"):
        g.pop(name, None)
    _forget_request_state()
    session["_flashes"] = list(flashes)


login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = lazy_gettext("Logg inn for å se denne siden.")
login_manager.login_message_category = "info"
csrf = CSRFProtect()
babel = Babel()

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
        # Wrapping wsgi_app is how Flask's documentation installs middleware.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies
        )
    app.before_request(_refuse_nul_bytes)
    login_manager.init_app(app)
    csrf.init_app(app)
    once.init_app(app)  # after CSRF: only a genuine form may claim a key
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.filters.update(
        date=format_date,
        datetime=format_datetime,
        kroner=format_kroner,
        hours=format_hours,
        due_words=due_in_words,
    )
    app.jinja_env.globals.update(
        languages=app.config["LANGUAGES"],
        gap_status=GAP_STATUS,
        recommended_gap=RECOMMENDED_GAP,
        pending_status=PENDING,
        submission_state=SUBMISSION_STATE,
        has_access=has_access,
        due_urgency=urgency,
        nav_items=lambda: app.extensions.get("portal.nav", []),
        favicon=_favicon(app),
    )
    app.context_processor(lambda: {"current_language": select_locale()})
    app.after_request(_security_headers)
    # Registered last, so it runs first: a failed commit must still get the headers above.
    app.after_request(_finish_transaction)
    app.teardown_request(_forget_request_state)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    conflicts.init_app(app)


def _favicon(app: Flask) -> str:
    """The icon as a data URL, read once: inline, the browser never fetches it, so no page
    waits on a request for it (and none is left half-sent when a page is left at once)."""
    svg = (Path(app.static_folder or "") / "img" / "favicon.svg").read_text(encoding="utf-8")
    return "data:image/svg+xml," + quote(svg.strip())


def select_locale() -> str:
    from flask import has_request_context

    # Outside a request (CLI: the demo, reminders) there is no session to ask: the default.
    language = session.get("language") if has_request_context() else None
    if isinstance(language, str) and language in current_app.config["LANGUAGES"]:
        return language
    return "nb"


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
    g.pop("_flask_babel", None)  # the language, which the next request chooses anew


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


def add_panel(
    app: Flask, panel: Callable[[Any], Markup | None], order: int, place: str = "home"
) -> None:
    """Add a panel to a page that features fill: the start page (``home``, a function of the
    current user) or a person's page (``person``, a function of that person). A panel returns
    rendered HTML, or None when it has nothing to show; lower ``order`` comes first. On the
    start page: what I must do myself (10), my notifications (15), my onboarding (20), then
    what waits for me as a lead: applications (30), needs rounds (35), the gap dashboard (40).
    """
    panels = app.extensions.setdefault(f"portal.panels.{place}", [])
    panels.append((order, panel))
    panels.sort(key=lambda item: item[0])


def render_panels(subject: Any, place: str = "home") -> list[Markup]:
    registered = current_app.extensions.get(f"portal.panels.{place}", [])
    rendered = (panel(subject) for _order, panel in registered)
    return [html for html in rendered if html]


def add_todo_source(app: Flask, source: Callable[[Any, date], Iterable[Entry]]) -> None:
    """Add a source of what a person must do next: a function of the current user and today
    that gives the feature's :class:`portal.todo.Entry` rows (the start page ranks them all)."""
    app.extensions.setdefault("portal.todo", []).append(source)


def todo_entries(user: Any, today: date) -> list[Entry]:
    """Every source's entries for ``user``, unranked."""
    return [
        entry
        for source in current_app.extensions.get("portal.todo", [])
        for entry in source(user, today)
    ]


def per_request(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request: a read that a panel and a to-do source both need.
    (Kept in the request's environ, not in ``g``: an app context may outlive a request.)"""
    found = request.environ.setdefault("portal.per_request", {})
    if key not in found:
        found[key] = compute()
    return found[key]


def get_or_404(model: type[T], object_id: Any) -> T:
    """The object of ``model`` with this id in the request's session, or a 404."""
    found = get_session().get(model, object_id)
    if found is None:
        abort(404)
    return found


def form_status(form: FlaskForm) -> int:
    """The status of a page that shows ``form``: 422 once it was sent back with errors."""
    return 422 if form.errors else 200


def refuse(message: Any, target: str) -> Response:
    """Keep nothing of this request, tell the user why, and send them to ``target``."""
    discard_changes()
    flash(str(message), "warning")
    return redirect(target)  # type: ignore[return-value]


def discard_changes() -> None:
    """Keep nothing of this request although its response succeeds (a refusal shown as a
    page or a redirect, a dry run)."""
    g.portal_discard_changes = True


def keep_changes() -> None:
    """Commit this request's changes even though its response is a refusal (a 4xx): a failed
    login must still be counted."""
    g.portal_keep_changes = True


def download(body: Any, filename: str, mimetype: str) -> Response:
    """A response the browser saves as ``filename`` rather than shows."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


def file_pieces(file: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """The rest of ``file`` in pieces of ``size`` bytes, for a response body; the file is
    closed when the last piece is read, or when the response is closed before that."""
    try:
        while piece := file.read(size):
            yield piece
    finally:
        file.close()


def upload_size(stream: IO[bytes]) -> int:
    """The size of an uploaded file, found without reading it; the stream is left at its
    beginning."""
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    return size


def upload_start(stream: IO[bytes], length: int = 8) -> bytes:
    """The first bytes of an uploaded file (what kind of file it is); the stream is left at
    its beginning."""
    first = stream.read(length)
    stream.seek(0)
    return first


@contextmanager
def upload_lines(stream: IO[bytes]) -> Iterator[IO[str]]:
    """The lines of an uploaded UTF-8 text file, decoded as they are read, so that a large
    file is never held as one text; reading raises :class:`UnicodeDecodeError` at the first
    byte that is not UTF-8. The upload itself is closed with the request."""
    lines = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        yield lines
    finally:
        lines.detach()


def _finish_transaction(response: Response) -> Response:
    db = g.get("db_session")
    if db is None:
        return response
    failed = response.status_code >= 400 and not g.pop("portal_keep_changes", False)
    if failed or g.pop("portal_discard_changes", False):
        db.rollback()
        return response
    try:
        once.remember(response)
        db.commit()
    except OperationalError as error:
        if lost_a_race(error):
            raise  # Portal.full_dispatch_request runs the request again
        return _not_kept(db, error, CONFLICT_MESSAGE)
    except IntegrityError as error:
        # Another request changed the same thing at the same moment (a double click, two
        # tabs): nothing of this one is kept, and the user is told so instead of a 500.
        return _not_kept(db, error, conflicts.message_for(error))
    return response


def _not_kept(db, error: Exception, message: Any) -> Response:
    db.rollback()
    logger.warning("%s %s was not kept: %s", request.method, request.path, error)
    session.pop("_flashes", None)  # "Lagret" would be untrue
    return _conflict_page(message)


def _conflict_page(message: Any = None) -> Response:
    page = render_template("errors/error.html", code=409, message=message or CONFLICT_MESSAGE)
    return Response(page, 409)


CONFLICT_MESSAGE = lazy_gettext(
    "Noen andre endret det samme akkurat nå, så ingenting av dette ble lagret. "
    "Last siden på nytt og se om det du ville gjøre, allerede er gjort."
)


def local_path(target: str) -> str | None:
    """``target`` if it stays on this site; never redirect elsewhere."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read a backslash as a slash (/\evil.example is another site) and drop tabs
    # and line breaks.
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    return target
