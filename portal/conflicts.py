"""A constraint that fires is a clear message, never a server error.

The database backs the portal's rules (one email per person, one correction per record, one
record per approved submission). The checks in the operations catch the ordinary case; when
two requests race past them at once, the constraint stops the second, and the user is told
what happened instead of seeing a 500.
"""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.db import get_session

# (names PostgreSQL reports, what SQLite reports) → the message for the user.
CONFLICTS = [
    (
        ("uq_persons_email", "persons.email"),
        _l("Det finnes allerede en person med denne e-postadressen."),
    ),
    (
        ("ix_competence_records_supersedes_id", "competence_records.supersedes_id"),
        _l(
            "Registreringen er allerede rettet eller annullert. Last siden på nytt for å se den "
            "gjeldende."
        ),
    ),
    (
        ("uq_competence_records_submission_id", "competence_records.submission_id"),
        _l("Innsendingen er allerede avgjort."),
    ),
]
FALLBACK = _l(
    "Det du sendte kom i konflikt med en endring som ble lagret samtidig. Last siden "
    "på nytt og se om det trengs."
)


def message_for(error: IntegrityError) -> str:
    text = str(error.orig)
    for markers, message in CONFLICTS:
        if any(marker in text for marker in markers):
            return str(message)
    return str(FALLBACK)


def init_app(app: Flask) -> None:
    app.register_error_handler(IntegrityError, _conflict)


def _conflict(error: IntegrityError):
    get_session().rollback()
    return render_template(
        "errors/error.html", code=409, error=error, message=message_for(error)
    ), 409
