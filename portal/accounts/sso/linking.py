"""Who a single sign-on is: a stored link, else a verified email or a recorded national
identity number; and what an administrator changes about it."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.sso.client import Identity
from portal.accounts.sso.models import SsoLink
from portal.audit.operations import record
from portal.org.models import Person


class UnknownPerson(Exception):
    """Nobody in the portal matches the login; no account is made for it."""


class InactivePerson(Exception):
    """The login matches a person who has left."""


class PidTaken(Exception):
    """Another person already has this national identity number recorded."""


def pid_digest(secret: str, pid: str) -> str:
    """The keyed hash under which a national identity number is kept (never the number)."""
    return hmac.new(secret.encode(), pid.strip().encode(), hashlib.sha256).hexdigest()


def is_valid_pid(pid: str) -> bool:
    """Eleven digits, as fødselsnummer and D-nummer are."""
    pid = pid.strip()
    return len(pid) == 11 and pid.isascii() and pid.isdigit()


def sign_in(
    session: Session, *, identity: Identity, secret: str, now: datetime, today: date
) -> Person:
    """The active person this login is, linked from now on; the login is audited.

    :raise UnknownPerson: if no link, verified email or recorded number matches
    :raise InactivePerson: if the person matched has left
    """
    link = session.scalar(
        select(SsoLink).where(
            SsoLink.issuer == identity.issuer, SsoLink.subject == identity.subject
        )
    )
    person, matched_by = (link.person, "link") if link else _first_match(session, identity, secret)
    if not person.is_active:
        raise InactivePerson(person.id)
    if link is None:
        link = SsoLink(
            person_id=person.id,
            provider=identity.provider,
            issuer=identity.issuer,
            subject=identity.subject,
            matched_by=matched_by,
            created_dt=now,
        )
        session.add(link)
        record(
            session,
            actor_id=person.id,
            action="sso.linked",
            obj=person,
            provider=identity.provider,
            matched_by=matched_by,
        )
    link.last_login_dt = now
    if identity.hpr_number:
        person.hpr_number, person.hpr_confirmed_on = identity.hpr_number, today
    record(
        session,
        actor_id=person.id,
        action="login.sso",
        obj=person,
        provider=identity.provider,
        acr=identity.acr,
    )
    return person


def _first_match(session: Session, identity: Identity, secret: str) -> tuple[Person, str]:
    if identity.email and identity.email_verified:
        person = session.scalar(
            select(Person).where(func.lower(Person.email) == identity.email.lower())
        )
        if person is not None:
            return person, "email"
    if identity.pid and is_valid_pid(identity.pid):
        person = session.scalar(
            select(Person).where(Person.pid_hash == pid_digest(secret, identity.pid))
        )
        if person is not None:
            return person, "pid"
    raise UnknownPerson()


def links_of(session: Session, person_id: int) -> list[SsoLink]:
    return list(
        session.scalars(
            select(SsoLink).where(SsoLink.person_id == person_id).order_by(SsoLink.created_dt)
        )
    )


def remove_link(session: Session, *, link: SsoLink, actor_id: int) -> None:
    """Forget a link; the next login through that provider is matched afresh."""
    record(
        session,
        actor_id=actor_id,
        action="sso.unlinked",
        obj=link.person,
        provider=link.provider,
        link_id=link.id,
    )
    session.delete(link)
    session.flush()


def set_pid(
    session: Session, *, person: Person, pid: str | None, secret: str, actor_id: int
) -> None:
    """Record (or, with None, forget) the national identity number a login may match.

    :raise PidTaken: if another person has the same number recorded
    """
    digest = pid_digest(secret, pid) if pid else None
    if digest and session.scalar(
        select(Person.id).where(Person.pid_hash == digest, Person.id != person.id)
    ):
        raise PidTaken()
    person.pid_hash = digest
    record(
        session,
        actor_id=actor_id,
        action="person.pid_set" if pid else "person.pid_cleared",
        obj=person,
    )
    session.flush()
