"""One-time form keys: a form that creates or decides something is carried out once, however
often it is sent.

A form includes ``{{ once_key() }}``, a random key in a hidden field. The request that sends it
claims the key by inserting it, in the same transaction as whatever the view writes, and the key
remembers where that request sent the user. A second request with the same key (a double
click, a second tab, a browser resending after a timeout) waits on the first one's row; once
the first has committed it finds the key taken and is sent where the first was, with nothing
carried out twice. If the first kept nothing (a refusal, an error), its claim is rolled back
with it and the second runs as if it were the first.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from flask import Flask, Response, g, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import String, delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, get_session, utcnow

FIELD = "_once"
KEY = re.compile(r"[A-Za-z0-9_-]{43}")
KEPT_FOR = timedelta(days=2)
"""Longer than a form stays open in a tab; a key older than this is forgotten."""

ALREADY_SENT = _l(
    "Dette skjemaet er allerede sendt, og det du sendte er tatt hånd om én gang. Gå tilbake og "
    "last siden på nytt for å se hvordan det står nå."
)


class OnceKey(Base):
    """A form key that has been used, and where its request sent the user."""

    __tablename__ = "once_keys"

    key: Mapped[str] = mapped_column(String(43), primary_key=True)
    # A plain number, not a foreign key: the core knows nothing of people, and a key outlives
    # nothing it refers to.
    person_id: Mapped[int | None]
    location: Mapped[str | None] = mapped_column(String(2000))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


def once_key() -> Markup:
    """The hidden field that makes a form's submission count once."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        FIELD, secrets.token_urlsafe(32)
    )


def claim() -> Response | None:
    """Claim the key a POST carries, or answer as its first use did (``before_request``)."""
    key = request.form.get(FIELD) if request.method == "POST" else None
    if key is None:
        return None
    if not KEY.fullmatch(key):
        return _already_sent()
    db = get_session()
    db.execute(delete(OnceKey).where(OnceKey.created_dt < utcnow() - KEPT_FOR))
    try:
        with db.begin_nested():
            db.add(OnceKey(key=key, person_id=_person_id()))
    except IntegrityError:
        return _replay(key)
    g.portal_once_key = key
    return None


def remember(response: Response) -> None:
    """Keep where this request sent the user, for a second use of its key to go there too."""
    key = g.pop("portal_once_key", None)
    if key is not None and response.location is not None:
        get_session().execute(
            update(OnceKey).where(OnceKey.key == key).values(location=response.location)
        )


def _replay(key: str) -> Response:
    # The first use has committed (the insert waited for it): its row can be read.
    used = get_session().get(OnceKey, key, populate_existing=True)
    if used is None or used.location is None or used.person_id != _person_id():
        return _already_sent()
    # 303: the browser follows with a GET, as it did after the first use. The session is left
    # alone: a message flashed here could overwrite what the first response stored in it.
    return redirect(used.location, 303)  # type: ignore[return-value]


def _already_sent() -> Response:
    page = render_template("errors/error.html", code=409, message=ALREADY_SENT)
    return Response(page, 409)


def _person_id() -> int | None:
    return current_user.id if current_user.is_authenticated else None


def init_app(app: Flask) -> None:
    app.jinja_env.globals["once_key"] = once_key
    app.before_request(claim)
