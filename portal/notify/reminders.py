"""``portal reminders send``: every feature's due reminders, each sent once.

A feature registers a *source*: a function ``(session, today, window) -> reminders``. A source
returns every reminder that is due today whether or not it went out before; this module drops
those already sent (by key) and records the rest, so that running it twice sends nothing new.

A reminder's subject and body are :class:`~portal.notify.messages.Message` (keys marked with
``N_`` and their parameters), written in the recipient's language only as the mail is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask, has_app_context
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.links import absolute
from portal.notify.mail import Mail, send_all
from portal.notify.messages import Message
from portal.notify.models import SentReminder
from portal.notify.operations import DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Reminder:
    key: str  # names this reminder exactly; the same key is never sent twice
    person_id: int
    email: str
    subject: Message
    body: Message
    language: str | None = None  # the recipient's (``Person.language``); None: bokmål
    link: str | None = None  # a path in the portal; the mail makes it absolute

    def mail(self) -> Mail:
        """The mail, written in the recipient's language, ending with the link."""
        with force_locale(self.language or DEFAULT_LANGUAGE):
            subject, body = str(self.subject), str(self.body)
        if self.link:
            body = f"{body}\n\n{absolute(self.link) if has_app_context() else self.link}"
        return Mail(self.email, subject, body)


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
    send_all((reminder.mail() for reminder in reminders), config, echo=echo)
    return len(reminders)
