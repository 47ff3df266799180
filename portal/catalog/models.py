"""Courses, lessons and question banks as loaded from ``courses/`` and ``quizzes/`` by
``portal content sync``, and who has read which lesson."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.competence.models import Competence
from portal.db import Base, UtcDateTime, utcnow


class Course(Base):
    """A course: its text is rendered once at sync; ``content_hash`` tells what was loaded."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    competence_id: Mapped[int] = mapped_column(ForeignKey("competences.id"), index=True)
    validity_months: Mapped[int | None]
    minutes: Mapped[int]
    version: Mapped[int]
    # Who may go straight to the test (``test_out:`` in course.md), words split by spaces.
    test_out: Mapped[str] = mapped_column(
        String(60), default="expiring expired", server_default="expiring expired"
    )
    credit_minutes: Mapped[int | None]  # approved hours toward the career ladder
    credit_reference: Mapped[str | None] = mapped_column(String(200))
    description_html: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # A course whose folder was removed stays (attempts and progress refer to it), hidden.
    is_active: Mapped[bool] = mapped_column(default=True)
    synced_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    competence: Mapped[Competence] = relationship()
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.number", cascade="all, delete-orphan"
    )

    @property
    def test_out_rule(self) -> frozenset[str]:
        return frozenset(self.test_out.split())

    @property
    def reference(self) -> str:
        """What a completion of this version records as its reference."""
        return version_reference(self.slug, self.version)

    def __repr__(self) -> str:
        return f"<Course {self.slug} v{self.version}>"


def version_reference(slug: str, version: int) -> str:
    return f"{slug} v{version}"


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    number: Mapped[int]
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # What the lesson rests on (laws with their sections, guides) and when someone last
    # checked it against them: the front matter's ``sources`` and ``reviewed_on``.
    sources: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    reviewed_on: Mapped[date | None]

    course: Mapped[Course] = relationship(back_populates="lessons")


class LessonView(Base):
    """A person marked a lesson as read (saved by a POST from the lesson page)."""

    __tablename__ = "lesson_views"
    __table_args__ = (UniqueConstraint("person_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    viewed_dt: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class QuestionBank(Base):
    """A course's bank: ``questions`` as in the YAML file, options with their ``correct``."""

    __tablename__ = "question_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), unique=True)
    pass_mark: Mapped[float]
    draw: Mapped[int]
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))

    course: Mapped[Course] = relationship()
