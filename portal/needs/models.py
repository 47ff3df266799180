"""Needs-assessment rounds, the self-assessments people fill in, and the needs a lead records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence
from portal.db import Base, UtcDateTime, utcnow
from portal.org.models import Person, Unit

PRIORITIES = ("high", "medium", "low")
ACTIONS = ("internal_course", "external_course", "mentoring", "practice")
NEED_STATUSES = ("open", "done", "dropped")
#: Confidence in a competence, from 1 (I need training) to 4 (I could teach it).
CONFIDENCE_LEVELS = (1, 2, 3, 4)

round_units = Table(
    "needs_round_units",
    Base.metadata,
    Column("round_id", ForeignKey("needs_rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class NeedsRound(Base):
    """A round of needs assessment (kartlegging) for some units, open until its deadline."""

    __tablename__ = "needs_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    deadline: Mapped[date]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    units: Mapped[list[Unit]] = relationship(secondary=round_units, order_by=Unit.name)
    opened_by: Mapped[Person | None] = relationship()

    def is_open(self, today: date) -> bool:
        """Self-assessments can be filled in through the deadline day."""
        return today <= self.deadline


class SelfAssessment(Base):
    """One person's self-assessment in one round: their confidence and their wishes."""

    __tablename__ = "self_assessments"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("needs_rounds.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    wishes: Mapped[str] = mapped_column(Text, default="")
    submitted_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    round: Mapped[NeedsRound] = relationship()
    person: Mapped[Person] = relationship()
    ratings: Mapped[list[SelfRating]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )


class SelfRating(Base):
    """How confident a person is in one competence, on the four-step scale."""

    __tablename__ = "self_ratings"
    __table_args__ = (
        UniqueConstraint("assessment_id", "competence_id"),
        CheckConstraint("confidence BETWEEN 1 AND 4", name="confidence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessments.id", ondelete="CASCADE"), index=True
    )
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    confidence: Mapped[int]

    assessment: Mapped[SelfAssessment] = relationship(back_populates="ratings")
    competence: Mapped[Competence] = relationship()


class TrainingNeed(Base):
    """A need the lead has recorded for a person: what, how urgent, how, by when, what cost."""

    __tablename__ = "training_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    round_id: Mapped[int | None] = mapped_column(ForeignKey("needs_rounds.id"), index=True)
    competence_id: Mapped[int | None] = mapped_column(ForeignKey("competences.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    priority: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(20))
    target_date: Mapped[date]
    estimated_cost_ore: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    created_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    round: Mapped[NeedsRound | None] = relationship()
    competence: Mapped[Competence | None] = relationship()
    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])
