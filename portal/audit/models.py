"""Audit events: who did what to which object, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UtcDateTime, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    # The lead the actor stood in for (stedfortreder), when the act was done as their deputy.
    on_behalf_of: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    # The person the event is about (the person changed, the holder of the record, the one on
    # the seat), so that the log can show everything that concerns one person.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    action: Mapped[str] = mapped_column(String(100), index=True)
    object_type: Mapped[str] = mapped_column(String(50))
    object_id: Mapped[str] = mapped_column(String(50))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    # The person is named, not imported: audit sits below org, which records its events here.
    actor: Mapped[Base | None] = relationship("Person", foreign_keys=[actor_id])
