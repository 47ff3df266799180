"""Who the request's user is: flask-login's user loader."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import joinedload

from portal.clock import today
from portal.db import get_session
from portal.org.models import Job, Person
from portal.org.scope import lead_options
from portal.web import login_manager


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> Person | None:
    """The active person whose session the cookie names, as ``id.version``
    (:meth:`Person.get_id`): a session from before the person's last logout, password change
    or deactivation carries an older version and is worth nothing."""
    person_id, _dot, version = user_id.partition(".")
    if not all(
        part.isascii() and part.isdigit() and len(part) < 10 for part in (person_id, version)
    ):
        return None
    # What every page shows of the user (menu, subtitle, scope) comes in the same query.
    person = get_session().get(
        Person,
        int(person_id),
        options=[
            joinedload(Person.unit),
            joinedload(Person.position),
            joinedload(Person.led_units),
            joinedload(Person.jobs).joinedload(Job.position),
            *lead_options(today()),
        ],
    )
    if person is None or not person.is_active or person.session_version != int(version):
        return None
    return person
