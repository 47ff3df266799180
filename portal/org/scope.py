"""The units a user may manage, read once per request.

A lead manages the units they lead today (a lead job whose ``ends_on`` has not passed) and
the units a lead has handed them as a stand-in (a deputyship running today, in units that
lead still leads), and everything below those units. The rule is written here once: as loader
options for the request's user (:func:`lead_options`, no query beyond the user's own) and as
one selectable for the reminders and the lists of leads (:func:`lead_pairs`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import g
from sqlalchemy import ColumnElement, CompoundSelect, and_, or_, select, union
from sqlalchemy.orm import Session, aliased, joinedload
from sqlalchemy.orm.interfaces import LoaderOption

from portal.audit.operations import ON_BEHALF
from portal.authz import Scope, subtree_ids
from portal.db import get_session
from portal.org.models import Deputyship, LeadJob, Person, Unit, deputyship_units


def scope_of(user: Any) -> Scope:
    """The user's scope, read once per request."""
    if "portal_scope" not in g:
        g.portal_scope = _read_scope(user)
    return g.portal_scope


def _read_scope(user: Any) -> Scope:
    if not user.is_authenticated:
        return Scope(False, frozenset())
    if user.is_admin:
        return Scope(True, frozenset())
    if not user.is_lead:
        return Scope(False, frozenset())
    session = get_session()
    edges = unit_edges(session)
    led = led_today(user)
    if led.standing_in:
        own = subtree_ids(edges, led.own)
        lent = {lead_id: subtree_ids(edges, ids) for lead_id, ids in led.standing_in.items()}
        session.info[ON_BEHALF] = _on_behalf(session, user.id, own, lent)
    return Scope(False, subtree_ids(edges, led.roots))


def units_seen(user: Any, person: Person) -> frozenset[int] | None:
    """The units whose jobs of ``person`` the user sees in full: all (None) of their own and
    to an administrator, a lead's units otherwise."""
    scope = scope_of(user)
    return None if person.id == user.id or scope.is_all else scope.unit_ids


@dataclass(frozen=True)
class Led:
    """What a user leads today: their own units, and per lead the units they stand in for."""

    own: frozenset[int]
    standing_in: dict[int, frozenset[int]]

    @property
    def roots(self) -> frozenset[int]:
        """The units led, own and lent, without those below them."""
        return self.own.union(*self.standing_in.values())


def led_today(user: Person) -> Led:
    """The units ``user`` leads today, from what :func:`lead_options` loaded with the user."""
    own = frozenset(job.unit_id for job in user.lead_jobs) if user.access == "lead" else frozenset()
    standing_in: dict[int, frozenset[int]] = {}
    for deputyship in user.standing_in:
        lead = deputyship.lead
        if not (lead.is_active and lead.access == "lead"):
            continue
        still_led = {job.unit_id for job in lead.lead_jobs}
        units = frozenset(u.id for u in deputyship.units if u.id in still_led)
        if units:
            standing_in[lead.id] = standing_in.get(lead.id, frozenset()) | units
    return Led(own, standing_in)


def lead_options(day: date) -> list[LoaderOption]:
    """Loader options for the request's user: their lead jobs and the deputyships that run on
    ``day``, each with its lead and the lead's own jobs, joined into the user's query."""
    deputyships = joinedload(Person.deputyships.and_(running_on(day)))
    return [
        joinedload(Person.lead_jobs.and_(job_runs_on(day))),
        deputyships.joinedload(Deputyship.units),
        deputyships.joinedload(Deputyship.lead).joinedload(Person.lead_jobs.and_(job_runs_on(day))),
    ]


def job_runs_on(day: date) -> ColumnElement[bool]:
    """A lead job that has not ended by ``day`` (its ``ends_on`` is its last day)."""
    return or_(LeadJob.ends_on.is_(None), LeadJob.ends_on >= day)


def running_on(day: date) -> ColumnElement[bool]:
    """A deputyship whose first and last day include ``day``."""
    return and_(Deputyship.starts_on <= day, Deputyship.ends_on >= day)


def lead_pairs(day: date) -> CompoundSelect:
    """``(person_id, unit_id)`` of every active person who leads a unit on ``day``: the leads
    of it whose job runs on, and the stand-ins their deputyships name for it. The units below
    are not in it; walk them with :func:`subtree_ids`."""
    own = (
        select(LeadJob.person_id, LeadJob.unit_id)
        .join(Person, Person.id == LeadJob.person_id)
        .where(Person.is_active.is_(True), Person.access == "lead", job_runs_on(day))
    )
    lead, deputy = aliased(Person), aliased(Person)
    standing_in = (
        select(Deputyship.deputy_id, deputyship_units.c.unit_id)
        .join(deputyship_units, deputyship_units.c.deputyship_id == Deputyship.id)
        .join(deputy, deputy.id == Deputyship.deputy_id)
        .join(lead, lead.id == Deputyship.lead_id)
        .join(
            LeadJob,
            and_(
                LeadJob.person_id == Deputyship.lead_id,
                LeadJob.unit_id == deputyship_units.c.unit_id,
            ),
        )
        .where(
            running_on(day),
            job_runs_on(day),
            deputy.is_active.is_(True),
            lead.is_active.is_(True),
            lead.access == "lead",
        )
    )
    return union(own, standing_in)


def leads_of_units(session: Session, day: date) -> dict[int, set[int]]:
    """For each person who leads on ``day``, the units they lead (not those below)."""
    pairs = lead_pairs(day).subquery()
    found: dict[int, set[int]] = {}
    for person_id, unit_id in session.execute(select(pairs.c.person_id, pairs.c.unit_id)):
        found.setdefault(person_id, set()).add(unit_id)
    return found


def leads_of_unit(session: Session, unit_id: int, day: date) -> list[Person]:
    """The active people who lead ``unit_id`` itself on ``day``, stand-ins included."""
    pairs = lead_pairs(day).subquery()
    return list(
        session.scalars(
            select(Person)
            .where(Person.id.in_(select(pairs.c.person_id).where(pairs.c.unit_id == unit_id)))
            .order_by(Person.id)
        )
    )


def _on_behalf(
    session: Session, actor_id: int, own: frozenset[int], lent: dict[int, frozenset[int]]
) -> Callable[[int | None, Any, int | None], int | None]:
    """For the audit log: the lead ``actor_id`` acts for when they touch ``obj``. An act in
    one of their own units, or about themselves, is their own."""

    def on_behalf(event_actor: int | None, obj: Any, subject_id: int | None) -> int | None:
        if event_actor != actor_id or subject_id == actor_id:
            return None
        unit_id = _unit_of(session, obj, subject_id)
        if unit_id is None:
            # An act no unit names (a session for several units): a stand-in with no units
            # of their own can only have done it as the one lead they stand in for.
            return next(iter(lent)) if not own and len(lent) == 1 else None
        if unit_id in own:
            return None
        return next((lead_id for lead_id, units in lent.items() if unit_id in units), None)

    return on_behalf


def _unit_of(session: Session, obj: Any, subject_id: int | None) -> int | None:
    unit_id = getattr(obj, "unit_id", None)
    if isinstance(obj, Person):
        unit_id = obj.unit_id
    elif unit_id is None and subject_id is not None:
        subject = session.get(Person, subject_id)
        unit_id = subject.unit_id if subject else None
    return unit_id if isinstance(unit_id, int) else None


def unit_edges(session: Session) -> list[tuple[int, int | None]]:
    """Every unit's ``(id, parent_id)``, read once per database session: scopes, subtrees and
    coverage all walk the same tree, and a request or a command is one session."""
    if _EDGES not in session.info:
        rows = session.execute(select(Unit.id, Unit.parent_id)).all()
        session.info[_EDGES] = [(unit_id, parent_id) for unit_id, parent_id in rows]
    return session.info[_EDGES]


_EDGES = "portal.unit_edges"
