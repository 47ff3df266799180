"""Courses in a room: a session of a competence, its days, the units it is for, and its seats.

A seat is one person's place on one session, from signing up to attendance. The seat count is
only ever read and changed with the session row locked (see :mod:`portal.sessions.operations`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence, CompetenceRecord
from portal.db import Base, UtcDateTime, utcnow
from portal.formatting import OSLO
from portal.funds.models import Application
from portal.org.models import Person, Unit

#: A seat that takes one of the session's places: booked, or waiting for the lead's approval.
HOLDS_PLACE = ("booked", "awaiting_approval")
#: waiting (on the list) → booked, or awaiting_approval (a paid session) → booked;
#: any of them → cancelled (by the person, a lead, a rejection or the session's cancellation).
SEAT_STATES = ("waiting", "awaiting_approval", "booked", "cancelled")
#: What the trainer or lead marks for a booked seat.
ATTENDANCE = ("passed", "failed", "no_show")

session_units = Table(
    "course_session_units",
    Base.metadata,
    Column("session_id", ForeignKey("course_sessions.id"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True),
)


class CourseSession(Base):
    """A course held in a room for a competence, on one or more days."""

    __tablename__ = "course_sessions"
    __table_args__ = (
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("cost_ore >= 0", name="cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    place: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int]
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    signup_deadline: Mapped[date]
    cancel_deadline: Mapped[date]
    cost_ore: Mapped[int] = mapped_column(default=0)
    credit_minutes: Mapped[int | None]  # approved hours toward the career ladder
    credit_reference: Mapped[str | None] = mapped_column(String(200))
    is_cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_message: Mapped[str | None] = mapped_column(Text)
    # Raised on every change a calendar must hear of (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    competence: Mapped[Competence] = relationship()
    trainer: Mapped[Person | None] = relationship(foreign_keys=[trainer_id])
    units: Mapped[list[Unit]] = relationship(secondary=session_units, order_by=Unit.name)
    days: Mapped[list[SessionDay]] = relationship(
        order_by="SessionDay.starts_dt", cascade="all, delete-orphan"
    )

    @property
    def first_day(self) -> date:
        """The first day, in Norway."""
        return self.days[0].starts_dt.astimezone(OSLO).date()

    @property
    def last_day(self) -> date:
        """The last day, in Norway: the day a passed participant achieved the competence."""
        return self.days[-1].starts_dt.astimezone(OSLO).date()

    @property
    def starts_dt(self) -> datetime:
        return self.days[0].starts_dt

    @property
    def ends_dt(self) -> datetime:
        return self.days[-1].ends_dt

    @property
    def unit_ids(self) -> list[int]:
        return [unit.id for unit in self.units]


class SessionDay(Base):
    """One day of a session, from its start to its end (UTC)."""

    __tablename__ = "course_session_days"
    __table_args__ = (CheckConstraint("ends_dt > starts_dt", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), index=True)
    starts_dt: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_dt: Mapped[datetime] = mapped_column(UtcDateTime)


class Seat(Base):
    """One person's place on a session: on the waiting list, booked, or cancelled; then their
    attendance. One row per person and session, reused if they sign up again."""

    __tablename__ = "course_session_seats"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    # The order of the waiting list: the earliest first.
    queued_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Booked by a lead: the person has still to say yes (None: they signed up themselves).
    booked_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    consented_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A paid seat's approval: the kurspott application its cost is committed by.
    application_id: Mapped[int | None] = mapped_column(ForeignKey("course_applications.id"))
    attendance: Mapped[str | None] = mapped_column(String(20))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    marked_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("competence_records.id"))
    updated_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    course_session: Mapped[CourseSession] = relationship()
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    booked_by: Mapped[Person | None] = relationship(foreign_keys=[booked_by_id])
    application: Mapped[Application | None] = relationship()
    record: Mapped[CompetenceRecord | None] = relationship()

    @property
    def holds_place(self) -> bool:
        return self.state in HOLDS_PLACE

    @property
    def awaits_consent(self) -> bool:
        return self.booked_by_id is not None and self.consented_dt is None and self.is_open

    @property
    def is_open(self) -> bool:
        return self.state != "cancelled"


class Reservation(Base):
    """Places held for the people of one unit: others take them only when the unit's people
    have, or once the last day to sign up has passed."""

    __tablename__ = "course_session_reservations"
    __table_args__ = (
        UniqueConstraint("session_id", "unit_id"),
        CheckConstraint("places > 0", name="places_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("course_sessions.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    places: Mapped[int]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))

    unit: Mapped[Unit] = relationship()
