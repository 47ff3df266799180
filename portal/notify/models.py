"""Messages to people: notifications on their start page, and the reminders already sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utcnow
from portal.notify.messages import render


class Notification(Base):
    """Something a person is told (until they mark it read) or asked to do (a *task*, open
    until the act is done, by them or by anyone else entitled to do it).

    The text is kept as message keys (the bokmål source text) with their parameters, and
    shown in the reader's language; ``subject`` and ``body`` hold the text as it was written
    when sent, which is all that rows from before the keys have.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_task_closed_dt", "task", "closed_dt"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    subject_key: Mapped[str | None] = mapped_column(String(300))
    body_key: Mapped[str | None] = mapped_column(Text)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the task asks to be done, as "kind:id" (``submission:17``); None: it only informs.
    task: Mapped[str | None] = mapped_column(String(100))
    closed_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def is_task(self) -> bool:
        return self.task is not None

    @property
    def shown_subject(self) -> str:
        """The subject in the language of the reader (the current locale)."""
        return render(self.subject_key, self.params, fallback=self.subject)

    @property
    def shown_body(self) -> str:
        return render(self.body_key, self.params, fallback=self.body)


class SentReminder(Base):
    """A reminder that went out, so the same one is never sent twice.

    ``key`` names the reminder exactly, e.g. ``expiry:record:17:expiring``: a new record or a
    new window makes a new key.
    """

    __tablename__ = "sent_reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    sent_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
