"""The start of a logged-in session, shared by every way of logging in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import session

if TYPE_CHECKING:
    from portal.org.models import Person


def begin_session(person: Person) -> None:
    """A fresh session for ``person``, so that one planted before the login is worth
    nothing; only the chosen language survives, and the person keeps it for the mail that is
    written to them."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
        person.language = language
