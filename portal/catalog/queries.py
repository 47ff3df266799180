"""Reads for the catalogue, course pages and progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Flask, abort, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.catalog.models import Course, Lesson, LessonView
from portal.catalog.progress import Progress, standing
from portal.competence.gaps import Status
from portal.competence.models import CompetenceRecord
from portal.competence.queries import counting_records, held_of, statuses_for
from portal.content import review_due
from portal.org.models import Person


def course_or_404(session: Session, slug: str) -> Course:
    course = session.scalar(select(Course).where(Course.slug == slug, Course.is_active))
    return course or abort(404)


def lesson_or_404(course: Course, slug: str) -> Lesson:
    return next((lesson for lesson in course.lessons if lesson.slug == slug), None) or abort(404)


def read_lesson_ids(session: Session, person_id: int, course_id: int | None = None) -> set[int]:
    query = select(LessonView.lesson_id).where(LessonView.person_id == person_id)
    if course_id is not None:
        query = query.join(Lesson, Lesson.id == LessonView.lesson_id).where(
            Lesson.course_id == course_id
        )
    return set(session.scalars(query))


def lessons_required_reason(case: str) -> str:
    """Why this learner must read the lessons first; ``case`` is a word of ``test_out``."""
    if case == "first_time":
        return _(
            "Første gang du tar dette kurset, leser du alle leksjonene før testen. "
            "Testen åpner når alle er lest."
        )
    if case == "expired":
        return _(
            "Kompetansen din har utløpt, og dette kurset krever da at du leser alle "
            "leksjonene før testen. Testen åpner når alle er lest."
        )
    return _(
        "Dette kurset krever at du leser alle leksjonene før testen, også når du fornyer. "
        "Testen åpner når alle er lest."
    )


def open_course_ids(session: Session, person_id: int) -> set[int]:
    """The courses where the person has a quiz under way. The quiz, a layer above, answers
    through :func:`answer_open_attempts`; without it, no course has one."""
    finder = current_app.extensions.get(_OPEN_ATTEMPTS)
    return finder(session, person_id) if finder else set()


_OPEN_ATTEMPTS = "portal.open_attempts"


def answer_open_attempts(app: Flask, finder: Callable[[Session, int], set[int]]) -> None:
    app.extensions[_OPEN_ATTEMPTS] = finder


def progress_of(
    session: Session,
    person: Person,
    course: Course,
    today: date,
    record: CompetenceRecord | None = None,
) -> Progress:
    read = read_lesson_ids(session, person.id, course.id)
    has_open = course.id in open_course_ids(session, person.id)
    if record is None:
        record = counting_records(session, person.id).get(course.competence_id)
    return standing(held_of(record), len(read), len(course.lessons), has_open, today)


@dataclass(frozen=True)
class CatalogueRow:
    course: Course
    progress: Progress
    record: CompetenceRecord | None
    #: Whether the person's jobs require it (None: neither require nor recommend it).
    is_mandatory: bool | None
    due_on: date | None
    gap: Status | None


def catalogue(
    session: Session, person: Person, today: date, window
) -> dict[str, list[CatalogueRow]]:
    """Every active course in three groups: ``required`` (by due date), ``recommended``,
    ``other`` (by title), with the person's progress in each."""
    courses = list(session.scalars(select(Course).where(Course.is_active).order_by(Course.title)))
    requirements = {row.competence.id: row for row in statuses_for(session, person, today, window)}
    records = counting_records(session, person.id)
    read_counts = dict(
        session.execute(
            select(Lesson.course_id, func.count(LessonView.id))
            .join(LessonView, LessonView.lesson_id == Lesson.id)
            .where(LessonView.person_id == person.id)
            .group_by(Lesson.course_id)
        ).all()
    )
    lesson_counts = dict(
        session.execute(
            select(Lesson.course_id, func.count(Lesson.id)).group_by(Lesson.course_id)
        ).all()
    )
    open_ids = open_course_ids(session, person.id)
    groups: dict[str, list[CatalogueRow]] = {"required": [], "recommended": [], "other": []}
    for course in courses:
        record = records.get(course.competence_id)
        req = requirements.get(course.competence_id)
        row = CatalogueRow(
            course,
            standing(
                held_of(record),
                read_counts.get(course.id, 0),
                lesson_counts.get(course.id, 0),
                course.id in open_ids,
                today,
            ),
            record,
            req.is_mandatory if req else None,
            req.due_on if req else None,
            req.status if req else None,
        )
        key = "other" if req is None else ("required" if req.is_mandatory else "recommended")
        groups[key].append(row)
    groups["required"].sort(key=lambda row: (row.due_on, row.course.title))
    return groups


def courses_by_competence(session: Session, competence_ids) -> dict[int, Course]:
    return {
        course.competence_id: course
        for course in session.scalars(
            select(Course).where(Course.is_active, Course.competence_id.in_(list(competence_ids)))
        )
    }


@dataclass(frozen=True)
class LessonReview:
    """One lesson on the content owner's review list."""

    course: Course
    lesson: Lesson
    is_due: bool


def lessons_by_review_date(session: Session, today: date) -> list[LessonReview]:
    """Every lesson of the courses in use, the longest unreviewed first."""
    lessons = session.execute(
        select(Lesson, Course)
        .join(Course, Course.id == Lesson.course_id)
        .where(Course.is_active)
        .order_by(Lesson.reviewed_on.is_not(None), Lesson.reviewed_on, Course.title, Lesson.number)
    )
    # A lesson with no review date on record was never checked: it needs review as well.
    return [
        LessonReview(
            course, lesson, lesson.reviewed_on is None or review_due(lesson.reviewed_on, today)
        )
        for lesson, course in lessons
    ]
