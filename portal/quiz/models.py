"""Quiz attempts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.catalog.models import Course
from portal.db import Base, UtcDateTime, utcnow


class QuizAttempt(Base):
    """One attempt: the questions drawn and their shuffled options, graded once on submission.

    ``questions`` is a snapshot of the drawn questions with their options in the order shown,
    so a reload shows the same attempt and a bank changed meanwhile cannot change its grading.
    ``open_key`` is set while the attempt is open and unique, so a person has at most one open
    attempt per course even when two requests race; it is cleared on submission.
    """

    __tablename__ = "quiz_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    course_version: Mapped[int]
    pass_mark: Mapped[float]
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    open_key: Mapped[str | None] = mapped_column(String(60), unique=True)
    started_on: Mapped[date]
    started_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    answers: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    score: Mapped[int | None]
    is_passed: Mapped[bool | None]
    submitted_dt: Mapped[datetime | None] = mapped_column(UtcDateTime)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("competence_records.id"))

    course: Mapped[Course] = relationship()

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_dt is not None
