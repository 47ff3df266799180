"""Reminders of a session some days ahead, for ``portal reminders send``: once per seat and
session date (the key says so), so a session moved to a new date is reminded of again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from flask_babel import gettext as _

from portal.formatting import format_datetime
from portal.notify.reminders import Reminder
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
            subject=_("Snart kurs: %(title)s", title=title_of(course_session)),
            body=_(
                "Du har plass på %(title)s. Kurset begynner %(start)s. Se Kurs og samlinger i "
                "Kompetanseportalen.",
                title=title_of(course_session),
                start=format_datetime(course_session.starts_dt),
            ),
        )
