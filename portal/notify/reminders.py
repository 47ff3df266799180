"""``portal reminders send``: every feature's due reminders, each sent once.

A feature registers a *source*: a function ``(session, today, window) -> reminders``. A source
returns every reminder that is due today whether or not it went out before; this module drops
those already sent (by key) and records the rest, so that running it twice sends nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.notify.mail import Mail, send_all
from portal.notify.models import SentReminder


@dataclass(frozen=True)
class Reminder:
    key: str  # names this reminder exactly; the same key is never sent twice
    person_id: int
    email: str
    subject: str
    body: str


Source = Callable[[Session, date, timedelta], Iterable[Reminder]]


def register_source(app: Flask, source: Source) -> None:
    app.extensions.setdefault("portal.reminder_sources", []).append(source)


def due(
    session: Session, sources: Iterable[Source], today: date, window: timedelta
) -> list[Reminder]:
    """The reminders due today that have not been sent before."""
    reminders = {r.key: r for source in sources for r in source(session, today, window)}
    sent: set[str] = set()
    keys = list(reminders)
    for start in range(0, len(keys), 500):
        sent.update(
            session.scalars(
                select(SentReminder.key).where(SentReminder.key.in_(keys[start : start + 500]))
            )
        )
    return [reminder for key, reminder in reminders.items() if key not in sent]


def send(
    session: Session,
    reminders: list[Reminder],
    config: dict[str, Any],
    echo: Callable[[str], None] = print,
) -> int:
    """Record and send ``reminders``; the caller commits. Recording first means a failed
    send raises before the commit, so nothing is marked sent that was not."""
    for reminder in reminders:
        session.add(SentReminder(key=reminder.key, person_id=reminder.person_id))
    session.flush()
    send_all((Mail(r.email, r.subject, r.body) for r in reminders), config, echo=echo)
    return len(reminders)
