"""Opening, submitting and grading quiz attempts; a pass records the competence."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.catalog.models import Course, QuestionBank
from portal.catalog.progress import may_skip_lessons, test_out_case
from portal.catalog.queries import lessons_required_reason, read_lesson_ids
from portal.certificates.operations import complete_course
from portal.competence.queries import counting_records, held_of
from portal.db import utcnow
from portal.org.models import Person
from portal.quiz import grading
from portal.quiz.models import QuizAttempt

logger = logging.getLogger(__name__)


class QuizError(Exception):
    """The quiz cannot go on as asked; the message is for the learner."""


class NotEligible(QuizError):
    """The lessons are not all read, and the course does not let this person test out."""


class AttemptLimitReached(QuizError):
    """No more attempts at this course today."""


class AlreadySubmitted(QuizError):
    """The attempt was graded before (double click, back button); nothing changes."""


def open_key(person_id: int, course_id: int) -> str:
    return f"{person_id}:{course_id}"


def may_take(session: Session, person: Person, course: Course, today: date) -> bool:
    """All lessons read, or the course's ``test_out`` rule lets this person skip them."""
    read = read_lesson_ids(session, person.id, course.id)
    if {lesson.id for lesson in course.lessons} <= read:
        return True
    held = held_of(counting_records(session, person.id).get(course.competence_id))
    return may_skip_lessons(course.test_out_rule, held, today)


def why_lessons_first(session: Session, person: Person, course: Course, today: date) -> str:
    """The learner's reason the lessons come before the test: who the course lets skip them."""
    held = held_of(counting_records(session, person.id).get(course.competence_id))
    return lessons_required_reason(test_out_case(held, today))


def current_attempt(session: Session, person_id: int, course_id: int) -> QuizAttempt | None:
    return session.scalar(
        select(QuizAttempt).where(QuizAttempt.open_key == open_key(person_id, course_id))
    )


def attempts_today(session: Session, person_id: int, course_id: int, today: date) -> int:
    return (
        session.scalar(
            select(func.count(QuizAttempt.id)).where(
                QuizAttempt.person_id == person_id,
                QuizAttempt.course_id == course_id,
                QuizAttempt.started_on == today,
            )
        )
        or 0
    )


def shown_last_time(session: Session, person_id: int, course_id: int) -> set[str]:
    """The ids of the questions the person's latest submitted attempt at the course showed."""
    latest = session.scalar(
        select(QuizAttempt)
        .where(
            QuizAttempt.person_id == person_id,
            QuizAttempt.course_id == course_id,
            QuizAttempt.submitted_dt.is_not(None),
        )
        .order_by(QuizAttempt.id.desc())
        .limit(1)
    )
    return {question["id"] for question in latest.questions} if latest else set()


def open_attempt(
    session: Session,
    *,
    person: Person,
    course: Course,
    today: date,
    per_day: int,
    rng: random.Random | None = None,
) -> QuizAttempt:
    """The person's open attempt at the course, drawn now if there is none.

    :raise NotEligible: if the person may not take the quiz yet
    :raise AttemptLimitReached: if ``per_day`` attempts were started today
    """
    attempt = current_attempt(session, person.id, course.id)
    if attempt is not None:
        return attempt
    if not may_take(session, person, course, today):
        raise NotEligible(why_lessons_first(session, person, course, today))
    if attempts_today(session, person.id, course.id, today) >= per_day:
        raise AttemptLimitReached(
            _(
                "Du har brukt alle %(count)d forsøkene for dette kurset i dag. "
                "Prøv igjen i morgen.",
                count=per_day,
            )
        )
    # Content sync loads no course without its question bank.
    bank = session.scalars(select(QuestionBank).where(QuestionBank.course_id == course.id)).one()
    questions = grading.draw(
        bank.questions,
        bank.draw,
        rng or random.SystemRandom(),
        shown_last=shown_last_time(session, person.id, course.id),
    )
    attempt = QuizAttempt(
        person_id=person.id,
        course_id=course.id,
        course_version=course.version,
        pass_mark=bank.pass_mark,
        questions=questions,
        open_key=open_key(person.id, course.id),
        started_on=today,
    )
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # Another request of the same person opened one a moment ago: show that one.
        opened = current_attempt(session, person.id, course.id)
        assert opened is not None  # it holds the open key that refused ours
        return opened
    return attempt


def submit_attempt(
    session: Session,
    *,
    person: Person,
    attempt: QuizAttempt,
    form: Mapping[str, Sequence[str]],
    today: date,
    window: timedelta,
) -> grading.Outcome:
    """Grade ``attempt`` once; a pass records the competence and issues a certificate.

    :raise AlreadySubmitted: if the attempt was graded before (nothing changes)
    :raise grading.AnswerError: if an answer is missing or forged (nothing changes)
    :raise NotEligible: if the person may no longer take the quiz
    """
    if attempt.is_submitted:
        raise AlreadySubmitted(_("Dette forsøket er allerede levert."))
    answers = grading.parse_answers(attempt.questions, form)
    course = attempt.course
    if not may_take(session, person, course, today):
        raise NotEligible(why_lessons_first(session, person, course, today))
    outcome = grading.grade(attempt.questions, answers, attempt.pass_mark)
    # Claim the attempt in the database: of two submissions racing, only one updates a row.
    claim = (
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_dt.is_(None))
        .values(
            submitted_dt=utcnow(),
            open_key=None,
            answers=answers,
            score=outcome.score,
            is_passed=outcome.is_passed,
        )
        .execution_options(synchronize_session=False)
    )
    # Session.execute is typed as returning a Result; an UPDATE gives a CursorResult.
    claimed = cast(CursorResult, session.execute(claim)).rowcount
    if claimed != 1:
        raise AlreadySubmitted(_("Dette forsøket er allerede levert."))
    session.refresh(attempt)
    if outcome.is_passed:
        attempt.record_id = complete_course(
            session,
            person=person,
            course=course,
            version=attempt.course_version,
            today=today,
            window=window,
        ).id
    session.flush()
    logger.info("quiz attempt %s by %s: %d/%d", attempt.id, person.id, outcome.score, outcome.total)
    return outcome
