"""Telling people things: a notification on their start page, and a mail once the change
that caused it is committed (a rolled-back change sends nothing)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.links import absolute
from portal.notify.mail import Mail, send_all
from portal.notify.models import Notification

if TYPE_CHECKING:
    from portal.org.models import Person

logger = logging.getLogger(__name__)
_PENDING = "portal.pending_mail"


def notify(
    session: Session, *, person: Person, subject: str, body: str = "", link: str | None = None
) -> Notification:
    """Show ``subject`` on the person's start page and mail it to them after commit.

    :param link: a path in the portal (``/funds/``); the mail makes it absolute from
        ``PORTAL_BASE_URL``
    """
    notification = Notification(person_id=person.id, subject=subject, body=body, link=link)
    session.add(notification)
    mail_link = absolute(link) if link and has_app_context() else link or ""
    session.info.setdefault(_PENDING, []).append(
        Mail(to=person.email, subject=subject, body=f"{body}\n\n{mail_link}".strip())
    )
    return notification


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
