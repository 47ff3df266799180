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


class OtherPerson(Exception):
    """A new login, asked for to confirm who is logged in, was somebody else."""


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
    link, person, matched_by = _match(session, identity, secret)
    if not person.is_active:
        raise InactivePerson(person.id)
    _remember(session, link, person, matched_by, identity, now)
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


def reauthenticate(
    session: Session, *, identity: Identity, person_id: int, secret: str, now: datetime
) -> Person:
    """A new login that the person logged in as ``person_id`` asked for, to confirm it is
    still them (a strong document confirmation); audited as ``login.sso_reauth``.

    :raise OtherPerson: if the login is someone else, or nobody the portal knows; then
        nothing is linked and only the refusal is audited
    """
    try:
        link, person, matched_by = _match(session, identity, secret)
    except UnknownPerson:
        link, person = None, None
    if person is None or person.id != person_id:
        record(
            session,
            actor_id=person_id,
            action="login.sso_reauth_refused",
            obj=session.get(Person, person_id),
            provider=identity.provider,
            other_person_id=person.id if person else None,
        )
        raise OtherPerson(person_id)
    _remember(session, link, person, matched_by, identity, now)
    record(
        session,
        actor_id=person.id,
        action="login.sso_reauth",
        obj=person,
        provider=identity.provider,
        acr=identity.acr,
        auth_time=identity.auth_time,
    )
    return person


def _match(session: Session, identity: Identity, secret: str) -> tuple[SsoLink | None, Person, str]:
    link = session.scalar(
        select(SsoLink).where(
            SsoLink.issuer == identity.issuer, SsoLink.subject == identity.subject
        )
    )
    if link is not None:
        return link, link.person, "link"
    return None, *_first_match(session, identity, secret)


def _remember(
    session: Session,
    link: SsoLink | None,
    person: Person,
    matched_by: str,
    identity: Identity,
    now: datetime,
) -> None:
    """Link the provider's subject to the person if it is not yet, and note the login."""
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
