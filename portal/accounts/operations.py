"""Logging in and setting passwords."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts import throttle
from portal.audit.operations import record
from portal.org.models import Person

# Checked against when the email is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-password")


class LoginRefused(Exception):
    """Wrong email or password; deliberately does not say which."""


class LoginLocked(Exception):
    """Too many failures: the next try must wait until ``until``."""

    def __init__(self, until: datetime):
        super().__init__(until)
        self.until = until


def authenticate(
    session: Session,
    *,
    email: str,
    password: str,
    address: str | None,
    now: datetime,
    policy: throttle.Policy,
) -> Person:
    """The active person with this email and password.

    :raise LoginLocked: if the account or the address must wait (before the password is tried)
    :raise LoginRefused: if the email or the password is wrong; the failure is counted
    """
    email = email.strip().lower()
    until = throttle.locked_until(session, throttle.keys_for(email, address), now)
    if until is not None:
        raise LoginLocked(until)
    person = find_by_email(session, email)
    if person is None or not person.is_active or not person.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        ok = False
    else:
        ok = check_password_hash(person.password_hash, password)
    if not ok:
        until = throttle.note_failure(session, email=email, address=address, now=now, policy=policy)
        if until is not None:
            raise LoginLocked(until)
        raise LoginRefused()
    throttle.note_success(session, email, address)
    assert person is not None  # the password was checked against this person's hash
    return person


def find_by_email(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))


def set_password(session: Session, *, person: Person, password: str, actor_id: int) -> None:
    person.password_hash = generate_password_hash(password)
    person.end_sessions()
    action = "password.changed" if actor_id == person.id else "password.reset"
    record(session, actor_id=actor_id, action=action, obj=person)


def log_out(session: Session, person: Person) -> None:
    """End this session and every other of the person's, wherever a cookie was copied to."""
    stored = session.get(Person, person.id)
    if stored is not None:  # gone only if deleted meanwhile; then no session is left
        stored.end_sessions()
