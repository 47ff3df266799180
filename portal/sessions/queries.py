"""Reads for sessions: the list a person sees, a session's roster, what waits for a lead, and
who still lacks the competence. One query per list, never one per session or person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal import clock
from portal.authz import Scope, subtree_ids
from portal.competence.gaps import Status, status_on
from portal.competence.models import Obligation
from portal.competence.queries import held_map, statuses_for
from portal.formatting import OSLO
from portal.org.jobs import in_units, unit_ids_of
from portal.org.models import Person, Unit
from portal.org.scope import unit_edges
from portal.sessions.models import HOLDS_PLACE, CourseSession, Seat, SessionDay

#: Statuses for which a session of the competence comes first in a person's list.
NEEDED = (Status.EXPIRED, Status.MISSING, Status.EXPIRING, Status.NOT_DUE)


@dataclass(frozen=True)
class Listed:
    """A session as a person's list shows it."""

    course_session: CourseSession
    taken: int
    waiting: int
    needed: Status | None  # the person's status when they need the competence, else None
    seat: Seat | None

    @property
    def free(self) -> int:
        return max(self.course_session.capacity - self.taken, 0)


def fitting_unit_ids(session: Session, course_session: CourseSession) -> frozenset[int]:
    """The units a session is for, and every unit below them."""
    return subtree_ids(unit_edges(session), course_session.unit_ids)


def fits(session: Session, course_session: CourseSession, person: Person) -> bool:
    return not fitting_unit_ids(session, course_session).isdisjoint(
        unit_ids_of(person, clock.today())
    )


def _midnight(day: date) -> datetime:
    """The start of ``day`` in Norway, as a UTC time."""
    return datetime.combine(day, time(), tzinfo=OSLO).astimezone(UTC)


def _upcoming(today: date):
    last_end = (
        select(func.max(SessionDay.ends_dt))
        .where(SessionDay.session_id == CourseSession.id)
        .scalar_subquery()
    )
    return (
        select(CourseSession)
        .options(
            selectinload(CourseSession.days),
            selectinload(CourseSession.units),
            joinedload(CourseSession.competence),
        )
        .where(last_end >= _midnight(today))
    )


def counts(session: Session, session_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(places taken, waiting) per session id."""
    ids = list(session_ids)
    rows = session.execute(
        select(Seat.session_id, Seat.state, func.count(Seat.id))
        .where(Seat.session_id.in_(ids), Seat.state.in_((*HOLDS_PLACE, "waiting")))
        .group_by(Seat.session_id, Seat.state)
    )
    found: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for session_id, state, number in rows:
        found[session_id][0 if state in HOLDS_PLACE else 1] += number
    return {i: (taken, waiting) for i, (taken, waiting) in found.items()}


def for_person(session: Session, person: Person, today: date, window: timedelta) -> list[Listed]:
    """Upcoming sessions for the person's unit, and any they have a seat on or train; those
    of competences they lack, or that expire, first."""
    upcoming = list(session.scalars(_upcoming(today)))
    seats = {
        s.session_id: s for s in session.scalars(select(Seat).where(Seat.person_id == person.id))
    }
    edges, units = unit_edges(session), unit_ids_of(person, today)
    shown = [
        cs
        for cs in upcoming
        if cs.id in seats
        or cs.trainer_id == person.id
        or (not cs.is_cancelled and not subtree_ids(edges, cs.unit_ids).isdisjoint(units))
    ]
    needed = {
        row.competence.id: row.status
        for row in statuses_for(session, person, today, window)
        if row.status in NEEDED
    }
    numbers = counts(session, (cs.id for cs in shown))
    rows = [
        Listed(cs, *numbers[cs.id], needed.get(cs.competence_id), seats.get(cs.id)) for cs in shown
    ]
    return sorted(rows, key=lambda r: (r.needed is None, r.course_session.starts_dt))


def managed(session: Session, scope: Scope, today: date) -> list[Listed]:
    """Upcoming sessions for units in the scope, for a lead's list."""
    query = _upcoming(today)
    if not scope.is_all:
        query = query.where(CourseSession.units.any(Unit.id.in_(scope.unit_ids)))
    found = list(session.scalars(query))
    numbers = counts(session, (cs.id for cs in found))
    rows = [Listed(cs, *numbers[cs.id], None, None) for cs in found]
    return sorted(rows, key=lambda r: r.course_session.starts_dt)


def roster(session: Session, course_session: CourseSession) -> list[Seat]:
    """Everyone on a session: places first, then the waiting list in its order, then those
    who cancelled."""
    order = {"booked": 0, "awaiting_approval": 0, "waiting": 1, "cancelled": 2}
    seats = session.scalars(
        select(Seat)
        .options(joinedload(Seat.person))
        .where(Seat.session_id == course_session.id)
        .order_by(Seat.queued_dt, Seat.id)
    )
    return sorted(seats, key=lambda s: order[s.state])


def awaiting_approval(session: Session, scope: Scope) -> list[Seat]:
    """Seats on paid sessions in the scope that wait for a lead's approval."""
    query = (
        select(Seat)
        .join(Seat.person)
        .options(joinedload(Seat.person), joinedload(Seat.course_session))
        .join(Seat.course_session)
        .where(Seat.state == "awaiting_approval", CourseSession.is_cancelled.is_(False))
        .order_by(Seat.queued_dt)
    )
    if not scope.is_all:
        query = query.where(in_units(scope.unit_ids))
    return list(session.scalars(query))


def my_open_seats(session: Session, person_id: int, today: date) -> list[Seat]:
    """The person's seats and waiting-list places on sessions not yet over."""
    upcoming = _upcoming(today).where(CourseSession.is_cancelled.is_(False))
    ids = select(upcoming.subquery().c.id)
    return list(
        session.scalars(
            select(Seat)
            .options(joinedload(Seat.course_session))
            .where(Seat.person_id == person_id, Seat.state != "cancelled", Seat.session_id.in_(ids))
            .order_by(Seat.queued_dt)
        )
    )


def lacking(
    session: Session, course_session: CourseSession, scope: Scope, today: date, window: timedelta
) -> list[tuple[Person, Status]]:
    """People the session is for, in the scope, who must hold its competence and do not (or
    whose record expires), and have no place and no place on the list."""
    units = fitting_unit_ids(session, course_session)
    if not scope.is_all:
        units = units & scope.unit_ids
    seated = select(Seat.person_id).where(
        Seat.session_id == course_session.id, Seat.state != "cancelled"
    )
    # A job in one of the units requires it: the person's requirement, due when all their
    # jobs say (the same on each of their rows).
    rows = session.execute(
        select(Person, Obligation.due_on)
        .join(Obligation, Obligation.person_id == Person.id)
        .where(
            Obligation.competence_id == course_session.competence_id,
            Obligation.unit_id.in_(units),
            Person.is_active.is_(True),
            Person.id.not_in(seated),
        )
        .distinct()
        .order_by(Person.name)
    ).all()
    held = held_map(session, [person.id for person, _due in rows])
    rule = status_on(today, window)
    # The rule counts due days from a first day; the kept due date is both at once.
    found = [
        (person, rule(0, held.get((person.id, course_session.competence_id)), due_on))
        for person, due_on in rows
    ]
    return [(person, status) for person, status in found if status in NEEDED]


def waiting_place(session: Session, seat: Seat) -> int:
    """1 for the first on the waiting list."""
    return (
        1
        + session.scalars(
            select(func.count(Seat.id)).where(
                Seat.session_id == seat.session_id,
                Seat.state == "waiting",
                (Seat.queued_dt < seat.queued_dt)
                | ((Seat.queued_dt == seat.queued_dt) & (Seat.id < seat.id)),
            )
        ).one()
    )


def upcoming_seats(session: Session, start: date, end: date) -> list[Seat]:
    """Booked seats on sessions that start from ``start`` through ``end`` (for reminders)."""
    first_start = (
        select(func.min(SessionDay.starts_dt))
        .where(SessionDay.session_id == CourseSession.id)
        .scalar_subquery()
    )
    return list(
        session.scalars(
            select(Seat)
            .join(Seat.course_session)
            .options(joinedload(Seat.person), joinedload(Seat.course_session))
            .where(
                Seat.state == "booked",
                CourseSession.is_cancelled.is_(False),
                first_start >= _midnight(start),
                first_start < _midnight(end + timedelta(days=1)),
            )
        )
    )


def waiting_seats(session: Session, today: date) -> list[Seat]:
    """Places on the waiting lists of sessions not yet over and not cancelled."""
    upcoming = select(_upcoming(today).where(CourseSession.is_cancelled.is_(False)).subquery().c.id)
    return list(
        session.scalars(
            select(Seat)
            .options(joinedload(Seat.person), joinedload(Seat.course_session))
            .where(Seat.state == "waiting", Seat.session_id.in_(upcoming))
        )
    )


def open_for_sign_up(session: Session, today: date) -> list[Listed]:
    """Sessions one can still sign up for that have places free."""
    query = _upcoming(today).where(
        CourseSession.is_cancelled.is_(False), CourseSession.signup_deadline >= today
    )
    found = list(session.scalars(query))
    numbers = counts(session, (cs.id for cs in found))
    listed = [Listed(cs, *numbers[cs.id], None, None) for cs in found]
    return [row for row in listed if row.free > 0]


def open_seat_keys(session: Session, person_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(person id, session id) of every seat not cancelled, for these people."""
    rows = session.execute(
        select(Seat.person_id, Seat.session_id).where(
            Seat.person_id.in_(list(person_ids)), Seat.state != "cancelled"
        )
    )
    return {(person_id, session_id) for person_id, session_id in rows}
