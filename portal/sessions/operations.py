"""Changing sessions and seats: creating, signing up, the waiting list, approval, attendance.

Every change to a session's seats locks the session row first (``SELECT … FOR UPDATE`` with
``populate_existing``, as the kurspott locks its budget), then counts the places, then writes, all
in the caller's transaction: two people asking for the last place take turns, and the second
finds it taken. The order of locks is always session, then application, then budget. A freed
place goes to the first on the waiting list in the same transaction that freed it. Operations
flush and never commit; every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portal.audit.operations import record as audit
from portal.clock import today as calendar_today
from portal.competence.records import Credit
from portal.db import utcnow
from portal.formatting import format_date
from portal.funds import operations as funds
from portal.notify.messages import N_
from portal.notify.operations import Task, close_tasks, notify
from portal.org.models import Person, Unit
from portal.sessions.models import HOLDS_PLACE, CourseSession, Reservation, Seat, SessionDay


class SessionError(Exception):
    """A change the session's rules do not allow; nothing was changed."""


class Closed(SessionError):
    """The session is cancelled, or its last day to sign up has passed."""


class PastCancelDeadline(SessionError):
    """The last day to cancel has passed; only a lead can take the seat away now."""


class WrongState(SessionError):
    """The seat is not in a state where this can be done."""


class TooManyHeld(SessionError):
    """More places held for units than the session has."""


class TooFewPlaces(SessionError):
    """A session cannot have fewer places than are taken."""

    def __init__(self, taken: int):
        super().__init__(taken)
        self.taken = taken


@dataclass
class SessionData:
    competence_id: int
    place: str
    capacity: int
    signup_deadline: date
    cancel_deadline: date
    cost_ore: int
    unit_ids: list[int]
    #: (start, end) of each day, timezone-aware
    days: list[tuple[datetime, datetime]] = field(default_factory=list)
    trainer_id: int | None = None
    credit: Credit | None = None  # approved hours, for those who attend and pass


def link_to(course_session: CourseSession) -> str:
    return f"/sessions/{course_session.id}"


def title_of(course_session: CourseSession) -> str:
    """«HLR – grunnkurs, 10.12.2026, Leknes legesenter»: names the session in messages."""
    return f"{course_session.competence.name}, {format_date(course_session.first_day)}, " + (
        course_session.place
    )


def create(session: Session, *, actor_id: int, data: SessionData) -> CourseSession:
    """A new session for ``data.unit_ids``, open for sign-up at once."""
    course_session = CourseSession(
        competence_id=data.competence_id,
        place=data.place,
        capacity=data.capacity,
        trainer_id=data.trainer_id,
        signup_deadline=data.signup_deadline,
        cancel_deadline=data.cancel_deadline,
        cost_ore=data.cost_ore,
        credit_minutes=data.credit.minutes if data.credit else None,
        credit_reference=data.credit.reference if data.credit else None,
        created_by_id=actor_id,
        units=[session.get_one(Unit, unit_id) for unit_id in data.unit_ids],
        days=[SessionDay(starts_dt=start, ends_dt=end) for start, end in sorted(data.days)],
    )
    session.add(course_session)
    audit(
        session,
        actor_id=actor_id,
        action="sessions.created",
        obj=course_session,
        competence_id=data.competence_id,
        unit_ids=data.unit_ids,
        capacity=data.capacity,
        cost_ore=data.cost_ore,
        days=[start.isoformat() for start, _end in data.days],
    )
    return course_session


def change(
    session: Session, *, actor_id: int, course_session: CourseSession, data: SessionData
) -> None:
    """Change a session's days, place, places, trainer, deadlines and units (never its
    competence or price); everyone on it is told, their calendars get a higher SEQUENCE, and
    more places go to the waiting list at once.

    :raise Closed: if the session is cancelled
    :raise TooFewPlaces: if fewer places than are taken
    """
    lock(session, course_session)
    if course_session.is_cancelled:
        raise Closed(course_session.id)
    taken = places_taken(session, course_session)
    if data.capacity < taken:
        raise TooFewPlaces(taken)
    course_session.place, course_session.capacity = data.place, data.capacity
    course_session.trainer_id = data.trainer_id
    course_session.signup_deadline = data.signup_deadline
    course_session.cancel_deadline = data.cancel_deadline
    course_session.units = [session.get_one(Unit, unit_id) for unit_id in data.unit_ids]
    course_session.days = [SessionDay(starts_dt=a, ends_dt=b) for a, b in sorted(data.days)]
    course_session.sequence += 1
    audit(
        session,
        actor_id=actor_id,
        action="sessions.changed",
        obj=course_session,
        capacity=data.capacity,
        days=[start.isoformat() for start, _end in data.days],
    )
    for seat in open_seats(session, course_session):
        _tell(session, seat, N_("Kurset er endret: %(title)s. Se den nye tiden og stedet."))
    promote(session, course_session)


def lock(session: Session, course_session: CourseSession) -> None:
    """Lock the session row for the rest of the transaction (SQLite: no lock, one writer)."""
    session.scalars(
        select(CourseSession)
        .where(CourseSession.id == course_session.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def places_taken(session: Session, course_session: CourseSession) -> int:
    return session.scalars(
        select(func.count(Seat.id)).where(
            Seat.session_id == course_session.id, Seat.state.in_(HOLDS_PLACE)
        )
    ).one()


def seat_of(session: Session, course_session: CourseSession, person_id: int) -> Seat | None:
    return session.scalars(
        select(Seat)
        .where(Seat.session_id == course_session.id, Seat.person_id == person_id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def sign_up(
    session: Session,
    *,
    course_session: CourseSession,
    person: Person,
    today: date,
    booked_by: Person | None = None,
) -> tuple[Seat, bool]:
    """A place for ``person`` if one is free, else a place on the waiting list; booked by a
    lead (``booked_by``), the person is asked to confirm. Signing up again changes nothing.

    :return: the seat, and whether it was changed now
    :raise Closed: if the session is cancelled or the last day to sign up has passed
    """
    lock(session, course_session)
    if course_session.is_cancelled or today > course_session.signup_deadline:
        raise Closed(course_session.id)
    seat = seat_of(session, course_session, person.id)
    if seat is not None and seat.is_open:
        return seat, False
    if seat is None:
        seat = Seat(session_id=course_session.id, person_id=person.id, person=person)
        session.add(seat)
    seat.course_session = course_session
    seat.state, seat.queued_dt, seat.attendance = "waiting", utcnow(), None
    seat.booked_by_id = booked_by.id if booked_by else None
    seat.consented_dt = None
    session.flush()
    if places_of(session, course_session, today).free_for(person.unit_id) > 0:
        _give_place(session, seat)
    actor = booked_by or person
    audit(session, actor_id=actor.id, action="sessions.signed_up", obj=seat, state=seat.state)
    if booked_by is not None:
        _tell(
            session,
            seat,
            N_("Du er meldt på et kurs: %(title)s. Bekreft at du kan delta."),
            task=("session_consent", seat.id),
        )
    return seat, True


def consent(session: Session, *, seat: Seat) -> bool:
    """The person says yes to a seat a lead booked for them."""
    if not seat.awaits_consent:
        return False
    seat.consented_dt = utcnow()
    close_tasks(session, ("session_consent", seat.id))
    audit(session, actor_id=seat.person_id, action="sessions.consented", obj=seat)
    return True


def cancel_seat(session: Session, *, actor_id: int, seat: Seat, today: date, by_lead: bool) -> bool:
    """Give up a seat or leave the waiting list; a lead may also remove someone. A freed
    place goes to the first on the waiting list at once. A paid seat cancelled by its last
    day to cancel frees what it committed from the kurspott.

    :return: False if the seat was cancelled already (a second click)
    :raise WrongState: if the attendance is marked, or the whole session is cancelled
    :raise PastCancelDeadline: if the person cancels after the last day to cancel
    """
    course_session = seat.course_session
    lock(session, course_session)
    session.refresh(seat)
    if not seat.is_open:
        return False
    if seat.attendance is not None or course_session.is_cancelled:
        raise WrongState(seat.state)
    if not by_lead and today > course_session.cancel_deadline and seat.holds_place:
        raise PastCancelDeadline(course_session.id)
    if today <= course_session.cancel_deadline:
        _release(session, seat, actor_id)
    seat.state = "cancelled"
    close_tasks(session, *_seat_tasks(seat))
    audit(session, actor_id=actor_id, action="sessions.seat_cancelled", obj=seat)
    if actor_id != seat.person_id:
        _tell(session, seat, N_("Plassen din på kurset er tatt bort: %(title)s"))
    promote(session, course_session)
    return True


def promote(session: Session, course_session: CourseSession) -> list[Seat]:
    """Give the free places to the first on the waiting list, and tell them; a place held for
    a unit goes to the first of that unit's people on the list. The session row must be
    locked."""
    places = places_of(session, course_session, calendar_today())
    if places.free <= 0 or course_session.is_cancelled:
        return []
    waiting = session.scalars(
        select(Seat)
        .where(Seat.session_id == course_session.id, Seat.state == "waiting")
        .order_by(Seat.queued_dt, Seat.id)
        .options(selectinload(Seat.person))
    )
    given = []
    for seat in waiting:
        if places.free <= 0:
            break
        if places.free_for(seat.person.unit_id) <= 0:
            continue
        _give_place(session, seat)
        places.take(seat.person.unit_id)
        given.append(seat)
        audit(session, actor_id=None, action="sessions.promoted", obj=seat, state=seat.state)
        _tell(session, seat, N_("Du har fått plass på kurset: %(title)s"))
    return given


@dataclass
class Places:
    """A session's free places, and those of them held for units (reserved, less what the
    unit's own people have taken)."""

    free: int
    held: dict[int, int]

    def free_for(self, unit_id: int | None) -> int:
        """The places a person of ``unit_id`` may take: the free ones not held for others."""
        return self.free - sum(n for unit, n in self.held.items() if unit != unit_id)

    def take(self, unit_id: int | None) -> None:
        self.free -= 1
        if unit_id is not None and self.held.get(unit_id, 0) > 0:
            self.held[unit_id] -= 1


def places_of(session: Session, course_session: CourseSession, today: date) -> Places:
    """What is free on ``course_session`` on ``today``: places held for a unit are held
    until the last day to sign up, and free for anyone after it."""
    taken_by_unit: dict[int | None, int] = {
        unit_id: taken
        for unit_id, taken in session.execute(
            select(Person.unit_id, func.count(Seat.id))
            .join(Person, Person.id == Seat.person_id)
            .where(Seat.session_id == course_session.id, Seat.state.in_(HOLDS_PLACE))
            .group_by(Person.unit_id)
        )
    }
    held = {}
    if today <= course_session.signup_deadline:
        held = {
            r.unit_id: max(0, r.places - taken_by_unit.get(r.unit_id, 0))
            for r in reservations_of(session, course_session)
        }
    return Places(course_session.capacity - sum(taken_by_unit.values()), held)


def reservations_of(session: Session, course_session: CourseSession) -> list[Reservation]:
    return list(
        session.scalars(
            select(Reservation)
            .where(Reservation.session_id == course_session.id)
            .options(selectinload(Reservation.unit))
            .order_by(Reservation.id)
        )
    )


def hold_places(
    session: Session, *, actor_id: int, course_session: CourseSession, unit_id: int, places: int
) -> Reservation:
    """Hold ``places`` of the session for the people of ``unit_id`` (replacing what was held
    for it before) until the last day to sign up.

    :raise TooManyHeld: if all units together would hold more places than the session has
    """
    lock(session, course_session)
    held = reservations_of(session, course_session)
    others = sum(r.places for r in held if r.unit_id != unit_id)
    if others + places > course_session.capacity:
        raise TooManyHeld(course_session.id)
    reservation = next((r for r in held if r.unit_id == unit_id), None)
    if reservation is None:
        reservation = Reservation(session_id=course_session.id, unit_id=unit_id)
        session.add(reservation)
    reservation.places, reservation.created_by_id = places, actor_id
    session.flush()
    audit(
        session,
        actor_id=actor_id,
        action="sessions.places_held",
        obj=course_session,
        unit_id=unit_id,
        places=places,
    )
    return reservation


def release_places(session: Session, *, actor_id: int, reservation: Reservation) -> None:
    """No longer hold places for the unit: they go to the waiting list at once."""
    course_session = session.get_one(CourseSession, reservation.session_id)
    lock(session, course_session)
    session.delete(reservation)
    session.flush()
    audit(
        session,
        actor_id=actor_id,
        action="sessions.places_released",
        obj=course_session,
        unit_id=reservation.unit_id,
    )
    promote(session, course_session)


def approve(session: Session, *, actor_id: int, seat: Seat) -> bool:
    """Approve a seat on a paid session: its cost is committed to the kurspott of the
    person's unit, as an approved application is.

    :return: False if it was approved already (a second click)
    :raise WrongState: if the seat is not waiting for approval, or the session is cancelled
    :raise funds.NoBudget: if the unit has no kurspott for the session's year
    :raise funds.OverBudget: if the cost would pass what remains of it
    """
    course_session = seat.course_session
    lock(session, course_session)
    session.refresh(seat)
    if seat.state == "booked" and seat.application_id is not None:
        return False
    if seat.state != "awaiting_approval" or course_session.is_cancelled:
        raise WrongState(seat.state)
    seat.application = funds.approve_at_once(
        session,
        actor_id=actor_id,
        person=seat.person,
        data=_application_data(course_session),
        reason=_("Plass på kurs i Kompetanseportalen."),
    )
    seat.state = "booked"
    close_tasks(session, ("session_booking", seat.id))  # for every lead who was asked
    audit(session, actor_id=actor_id, action="sessions.approved", obj=seat)
    _tell(session, seat, N_("Plassen din på kurset er godkjent: %(title)s"))
    return True


def reject(session: Session, *, actor_id: int, seat: Seat) -> bool:
    """Turn down a seat on a paid session; the place goes to the next on the list."""
    course_session = seat.course_session
    lock(session, course_session)
    session.refresh(seat)
    if seat.state == "cancelled":
        return False
    if seat.state != "awaiting_approval" or course_session.is_cancelled:
        raise WrongState(seat.state)
    seat.state = "cancelled"
    close_tasks(session, *_seat_tasks(seat))
    audit(session, actor_id=actor_id, action="sessions.rejected", obj=seat)
    _tell(session, seat, N_("Plassen din på kurset er ikke godkjent: %(title)s"))
    promote(session, course_session)
    return True


def cancel_session(
    session: Session, *, actor_id: int, course_session: CourseSession, message: str
) -> bool:
    """Cancel the whole session: everyone on it is told with ``message``, and every paid
    seat's commitment is freed, since the course is not held.

    :return: False if it was cancelled already
    """
    lock(session, course_session)
    if course_session.is_cancelled:
        return False
    course_session.is_cancelled, course_session.cancel_message = True, message.strip()
    course_session.sequence += 1
    seats = open_seats(session, course_session)
    close_tasks(session, *(task for seat in seats for task in _seat_tasks(seat)))
    for seat in seats:
        _release(session, seat, actor_id)
        _tell(session, seat, N_("Kurset er avlyst: %(title)s"), note=course_session.cancel_message)
    audit(
        session,
        actor_id=actor_id,
        action="sessions.cancelled",
        obj=course_session,
        message=course_session.cancel_message,
    )
    return True


def open_seats(session: Session, course_session: CourseSession) -> list[Seat]:
    return list(
        session.scalars(
            select(Seat).where(Seat.session_id == course_session.id, Seat.state != "cancelled")
        )
    )


def _give_place(session: Session, seat: Seat) -> None:
    """A place for a seat on the list: booked, or on a paid session waiting for approval."""
    course_session = seat.course_session
    if course_session.cost_ore > 0:
        seat.state = "awaiting_approval"
        for lead in _approvers(session, seat.person):
            notify(
                session,
                person=lead,
                subject=N_("%(name)s venter på godkjenning av plass på kurs: %(title)s"),
                body=N_("Godkjenn eller avslå plassen."),
                params={"name": seat.person.name, "title": title_of(course_session)},
                link=link_to(course_session),
                task=("session_booking", seat.id),
            )
    else:
        seat.state = "booked"
    session.flush()


def _approvers(session: Session, person: Person) -> list[Person]:
    return [lead for lead in funds.leads_of(session, person.unit_id) if lead.id != person.id]


def _release(session: Session, seat: Seat, actor_id: int) -> None:
    if seat.application is not None:
        funds.cancel(session, actor_id=actor_id, application=seat.application, tell_person=False)


def _seat_tasks(seat: Seat) -> list[Task]:
    """What a seat may ask of people: the leads' approval and the person's yes."""
    return [("session_booking", seat.id), ("session_consent", seat.id)]


def _tell(
    session: Session, seat: Seat, subject: str, note: str = "", task: Task | None = None
) -> None:
    course_session = seat.course_session
    notify(
        session,
        person=seat.person,
        subject=subject,
        note=note,
        params={"title": title_of(course_session)},
        link=link_to(course_session),
        task=task,
    )


def _application_data(course_session: CourseSession) -> funds.ApplicationData:
    return funds.ApplicationData(
        title=course_session.competence.name,
        provider=course_session.place,
        start_date=course_session.first_day,
        end_date=course_session.last_day,
        fee_ore=course_session.cost_ore,
        travel_ore=0,
        accommodation_ore=0,
        justification=_("Plass på kurs: %(title)s", title=title_of(course_session)),
        competence_id=course_session.competence_id,
    )
