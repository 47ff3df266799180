"""A fresh single sign-on: a new login at the provider, asked for by a person already logged
in, that stands in for their password where something must be signed (a document with
``confirm: strong``).

The callback notes it in the signed session, for the person it was and the provider; it
counts for :data:`FRESH_FOR` and once: :func:`take_fresh` removes it whatever it finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.sso.models import SsoLink
from portal.accounts.sso.providers import Provider

FRESH_FOR = timedelta(minutes=5)
KEY = "fresh_sso"


class Freshness(Enum):
    FRESH = "fresh"
    STALE = "stale"  # there was one, older than FRESH_FOR (or from the future)
    NONE = "none"


@dataclass(frozen=True)
class FreshLogin:
    provider: str
    at: datetime


def is_recent(auth_time: int | None, now: datetime, *, skew: int) -> bool:
    """The provider's ``auth_time``, where it sends one, is within :data:`FRESH_FOR` of now
    (and not later than now, both by the clock skew allowed)."""
    if auth_time is None:
        return True
    age = now.timestamp() - auth_time
    return -skew <= age <= FRESH_FOR.total_seconds() + skew


def mark_fresh(*, person_id: int, provider: str, now: datetime) -> None:
    session[KEY] = {"person_id": person_id, "provider": provider, "at": now.timestamp()}


def _read(person_id: int, now: datetime) -> tuple[Freshness, FreshLogin | None]:
    stored = session.get(KEY)
    if not isinstance(stored, dict) or stored.get("person_id") != person_id:
        return Freshness.NONE, None
    try:
        at = datetime.fromtimestamp(float(stored["at"]), tz=now.tzinfo)
        login = FreshLogin(provider=str(stored["provider"]), at=at)
    except (KeyError, TypeError, ValueError):
        return Freshness.NONE, None
    if not timedelta(0) <= now - at <= FRESH_FOR:
        return Freshness.STALE, login
    return Freshness.FRESH, login


def peek_fresh(person_id: int, now: datetime) -> FreshLogin | None:
    """The fresh login the person has in this session, left in place (to show it)."""
    freshness, login = _read(person_id, now)
    return login if freshness is Freshness.FRESH else None


def take_fresh(person_id: int, now: datetime) -> tuple[Freshness, FreshLogin | None]:
    """Whether the person has a fresh login in this session; it is used up either way."""
    found = _read(person_id, now)
    session.pop(KEY, None)
    return found


def label_of(name: str) -> str:
    """The provider's label, or its name if it is no longer configured."""
    provider = current_app.extensions["portal.sso"]["providers"].get(name)
    return provider.label if provider else name


def offered(db: Session, person) -> list[Provider]:
    """:func:`providers_for` the person, among the providers this portal has configured."""
    return providers_for(
        db,
        person_id=person.id,
        has_password=bool(person.password_hash),
        configured=current_app.extensions["portal.sso"]["providers"],
    )


def providers_for(
    db: Session,
    *,
    person_id: int,
    has_password: bool,
    configured: dict[str, Provider],
) -> list[Provider]:
    """The providers the person can confirm with a new login at: those they are linked
    through, or, without links and without a password, any (the login links them)."""
    linked = set(db.scalars(select(SsoLink.provider).where(SsoLink.person_id == person_id)))
    if linked:
        return [p for name, p in configured.items() if name in linked]
    return [] if has_password else list(configured.values())
