"""Reads of quiz attempts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.quiz.models import QuizAttempt


def open_course_ids(session: Session, person_id: int) -> set[int]:
    """The courses where the person has an attempt open (drawn, not yet submitted)."""
    return set(
        session.scalars(
            select(QuizAttempt.course_id).where(
                QuizAttempt.person_id == person_id, QuizAttempt.open_key.is_not(None)
            )
        )
    )
