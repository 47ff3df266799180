"""The start of a logged-in session, shared by every way of logging in."""

from __future__ import annotations

from flask import session


def begin_session() -> None:
    """A fresh session, so that one planted before the login is worth nothing; only the
    chosen language survives."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
