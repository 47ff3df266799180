"""A session as an iCalendar file (RFC 5545, with the ``icalendar`` library): one event per
day, in Europe/Oslo time with its time zone, so a calendar shows the time the course is held.

A change or a cancellation raises the session's ``sequence``; the same UIDs with a higher
SEQUENCE (and STATUS:CANCELLED) tell a calendar to update the events it has.
"""

from __future__ import annotations

from icalendar import Calendar, Event

from portal.db import utcnow
from portal.formatting import OSLO
from portal.sessions.models import CourseSession


def ics(course_session: CourseSession, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Kompetanseportalen//kurs//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for number, day in enumerate(course_session.days, start=1):
        calendar.add_component(_event(course_session, number, day.starts_dt, day.ends_dt, url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(course_session: CourseSession, number: int, starts, ends, url: str) -> Event:
    event = Event()
    event.add("uid", f"session-{course_session.id}-day-{number}@kompetanseportalen")
    event.add("summary", course_session.competence.name)
    event.add("location", course_session.place)
    event.add("dtstart", starts.astimezone(OSLO))
    event.add("dtend", ends.astimezone(OSLO))
    event.add("dtstamp", utcnow())
    event.add("sequence", course_session.sequence)
    event.add("status", "CANCELLED" if course_session.is_cancelled else "CONFIRMED")
    event.add("url", url)
    if course_session.cancel_message:
        event.add("description", course_session.cancel_message)
    return event
