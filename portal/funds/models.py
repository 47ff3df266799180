"""Budgets (kurspott) per unit and year, and applications for external courses.

A budget holds only its amount. What is committed and spent is the sum over its applications,
read with the budget row locked, so the numbers cannot drift from the applications behind them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence
from portal.db import Base, UtcDateTime, utcnow
from portal.needs.models import TrainingNeed
from portal.org.models import Person, Unit

#: pending → approved → completed (actual cost reported); pending → rejected;
#: pending or approved → cancelled.
STATUSES = ("pending", "approved", "rejected", "cancelled", "completed")
DECISIONS = ("full", "partial", "reject")


class Budget(Base):
    """A unit's kurspott for one calendar year, in øre."""

    __tablename__ = "budgets"
    __table_args__ = (
        UniqueConstraint("unit_id", "year"),
        CheckConstraint("amount_ore >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int]
    amount_ore: Mapped[int]
    updated_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    unit: Mapped[Unit] = relationship()


class Application(Base):
    """An application for an external course, paid from the kurspott of the applicant's unit in
    the year the course starts."""

    __tablename__ = "course_applications"
    __table_args__ = (
        CheckConstraint(
            "fee_ore >= 0 AND travel_ore >= 0 AND accommodation_ore >= 0", name="costs_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date]
    end_date: Mapped[date]
    fee_ore: Mapped[int]
    travel_ore: Mapped[int] = mapped_column(default=0)
    accommodation_ore: Mapped[int] = mapped_column(default=0)
    justification: Mapped[str] = mapped_column(Text)
    need_id: Mapped[int | None] = mapped_column(ForeignKey("training_needs.id"), index=True)
    competence_id: Mapped[int | None] = mapped_column(ForeignKey("competences.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    decision: Mapped[str | None] = mapped_column(String(10))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    # The money committed, and the budget it is committed from, once approved.
    approved_ore: Mapped[int | None]
    budget_id: Mapped[int | None] = mapped_column(ForeignKey("budgets.id"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    decided_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    spent_ore: Mapped[int | None]
    spent_reported_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    unit: Mapped[Unit] = relationship()
    need: Mapped[TrainingNeed | None] = relationship()
    competence: Mapped[Competence | None] = relationship()
    budget: Mapped[Budget | None] = relationship()
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def requested_ore(self) -> int:
        return self.fee_ore + self.travel_ore + self.accommodation_ore

    @property
    def allocated_ore(self) -> int:
        """What this application takes from its budget now: the approval, then the actual cost."""
        if self.status == "approved":
            return self.approved_ore or 0
        if self.status == "completed":
            return self.spent_ore or 0
        return 0
