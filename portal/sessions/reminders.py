"""Reminders for ``portal reminders send``: a session some days ahead, once per seat and
session date (the key says so); and, to those on a waiting list, a new session of the same
competence with places free, once per waiting place and new session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from portal.authz import subtree_ids
from portal.formatting import format_datetime
from portal.notify.messages import N_, Message
from portal.notify.reminders import Reminder
from portal.org.scope import unit_edges
from portal.sessions import queries
from portal.sessions.operations import title_of

#: How many days before a session its participants are reminded.
DAYS_AHEAD = 7


def upcoming_reminders(session, today: date, _window: timedelta) -> Iterator[Reminder]:
    for seat in queries.upcoming_seats(session, today, today + timedelta(days=DAYS_AHEAD)):
        course_session = seat.course_session
        yield Reminder(
            key=f"sessions:seat:{seat.id}:starts:{course_session.first_day.isoformat()}",
            person_id=seat.person_id,
            email=seat.person.email,
            subject=Message(N_("Snart kurs: %(title)s"), {"title": title_of(course_session)}),
            body=Message(
                N_(
                    "Du har plass på %(title)s. Kurset begynner %(start)s. Se Kurs og samlinger i "
                    "Kompetanseportalen."
                ),
                {
                    "title": title_of(course_session),
                    "start": format_datetime(course_session.starts_dt),
                },
            ),
            language=seat.person.language,
        )


def new_session_reminders(session, today: date, _window: timedelta) -> Iterator[Reminder]:
    """To each person on a waiting list: a newer session of the same competence, for their
    unit, that has places free. Once per waiting place and new session."""
    waiting = queries.waiting_seats(session, today)
    if not waiting:
        return
    candidates = queries.open_for_sign_up(session, today)
    seated = queries.open_seat_keys(session, {seat.person_id for seat in waiting})
    edges = unit_edges(session)
    for seat in waiting:
        for row in candidates:
            other = row.course_session
            if (
                other.competence_id == seat.course_session.competence_id
                and other.created_dt > seat.queued_dt
                and (seat.person_id, other.id) not in seated
                and seat.person.unit_id in subtree_ids(edges, other.unit_ids)
            ):
                yield _new_session_reminder(seat, other)


def _new_session_reminder(seat, other) -> Reminder:
    return Reminder(
        key=f"sessions:waiting:{seat.id}:new:{other.id}",
        person_id=seat.person_id,
        email=seat.person.email,
        subject=Message(N_("Nytt kurs med ledige plasser: %(title)s"), {"title": title_of(other)}),
        body=Message(
            N_(
                "Du står på venteliste til %(waiting)s. Et nytt kurs har ledige plasser: "
                "%(title)s. Se Kurs og samlinger i Kompetanseportalen."
            ),
            {"waiting": title_of(seat.course_session), "title": title_of(other)},
        ),
        language=seat.person.language,
    )
