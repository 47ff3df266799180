"""Who the request's user is: flask-login's user loader."""

from __future__ import annotations

from flask import Flask

from portal.db import get_session
from portal.org.models import Person
from portal.web import login_manager


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> Person | None:
    """The active person whose id the session cookie names."""
    valid = user_id.isascii() and user_id.isdigit() and len(user_id) < 10
    person = get_session().get(Person, int(user_id)) if valid else None
    return person if person is not None and person.is_active else None
