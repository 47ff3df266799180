"""Telling people things: a notification on their start page, and a mail once the change
that caused it is committed (a rolled-back change sends nothing)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import current_app, has_app_context
from flask_babel import force_locale
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.links import absolute
from portal.notify.mail import Mail, send_all
from portal.notify.messages import render
from portal.notify.models import Notification

if TYPE_CHECKING:
    from portal.org.models import Person

logger = logging.getLogger(__name__)
_PENDING = "portal.pending_mail"


Task = tuple[str, int]
"""What a task asks to be done: ``("submission", 17)``."""

DEFAULT_LANGUAGE = "nb"


def notify(
    session: Session,
    *,
    person: Person,
    subject: str,
    body: str = "",
    note: str = "",
    params: Mapping[str, Any] | None = None,
    link: str | None = None,
    task: Task | None = None,
) -> Notification:
    """Tell the person ``subject`` (or, with ``task``, ask them to do something) on their
    start page and by mail after commit, each in the reader's language; a person who has left
    (inactive) gets no mail.

    :param subject: a message key, marked with :func:`portal.notify.messages.N_`
    :param body: a message key too, or empty
    :param note: instead of ``body``, what a person wrote (a reason), shown as written
    :param params: what the keys' ``%(name)s`` stand for: plain text and numbers
    :param link: a path in the portal (``/funds/``); the mail makes it absolute from
        ``PORTAL_BASE_URL``
    :param task: what is asked; the task closes with :func:`close_tasks` once it is done
    """
    values = dict(params or {})
    with force_locale(DEFAULT_LANGUAGE):
        as_written = render(subject, values), render(body, values) if body else ""
    notification = Notification(
        person_id=person.id,
        subject=as_written[0][:300],
        body=note.strip() if note.strip() else as_written[1],
        subject_key=subject,
        body_key=None if note.strip() else body or None,
        params=values or None,
        link=link,
        task=f"{task[0]}:{task[1]}" if task else None,
    )
    session.add(notification)
    mail_link = absolute(link) if link and has_app_context() else link or ""
    with force_locale(getattr(person, "language", None) or DEFAULT_LANGUAGE):
        mail_subject = notification.shown_subject
        mail_body = f"{notification.shown_body}\n\n{mail_link}".strip()
    if getattr(person, "is_active", True):  # who has left gets no mail
        session.info.setdefault(_PENDING, []).append(
            Mail(to=person.email, subject=mail_subject, body=mail_body)
        )
    return notification


def close_tasks(session: Session, *tasks: Task, person_id: int | None = None) -> None:
    """Close every open task that asks for one of ``tasks``, whoever got it (the act is
    done, by whichever of them did it); with ``person_id``, only that person's."""
    if not tasks:
        return
    statement = update(Notification).where(
        Notification.task.in_([f"{kind}:{id_}" for kind, id_ in tasks]),
        Notification.closed_dt.is_(None),
    )
    if person_id is not None:
        statement = statement.where(Notification.person_id == person_id)
    session.execute(
        statement.values(closed_dt=utcnow()), execution_options={"synchronize_session": False}
    )


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    mails = session.info.pop(_PENDING, [])
    if mails and has_app_context():
        try:
            send_all(mails, current_app.config, echo=logger.info)
        except OSError:
            # The change itself is saved and the notification is on the start page;
            # a mail server that is down must not turn that into an error.
            logger.exception("could not send %d mail(s)", len(mails))


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
