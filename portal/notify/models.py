"""Messages to people: notifications on their start page, and the reminders already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UtcDateTime, utcnow


class Notification(Base):
    """Something a person should see: shown on their start page until they dismiss it."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(500))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)


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
