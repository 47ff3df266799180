"""Loading validated content into the database, and saving a learner's progress."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.audit.operations import record
from portal.catalog.models import Course, Lesson, LessonView, QuestionBank
from portal.competence import records
from portal.competence.models import Competence, CompetenceRecord
from portal.competence.operations import granted_by_content
from portal.competence.queries import other_version_records
from portal.content import Content
from portal.content.banks import BankDef
from portal.content.courses import CourseDef
from portal.content.render import render
from portal.formatting import format_date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    courses: int
    changed: int
    lessons: int
    questions: int
    created_competences: tuple[str, ...]


def sync_content(session: Session, content: Content, *, actor_id: int | None = None) -> SyncResult:
    """Bring the courses, lessons and banks in the database in line with ``content``.

    Only valid content may be passed (``content.problems`` empty); the caller commits once, so
    everything is loaded or nothing. A course's competence is created when missing, and takes
    the course's validity. Courses no longer on disk are hidden, not deleted.
    """
    if content.problems:
        raise ValueError("content with problems cannot be synced")
    created: list[str] = []
    changed = 0
    existing = {course.slug: course for course in session.scalars(select(Course))}
    for definition in content.courses:
        competence, is_new = granted_by_content(
            session,
            code=definition.competence,
            name=definition.title,
            kind="course",
            validity_months=definition.validity_months,
        )
        if is_new:
            created.append(definition.competence)
        course = existing.pop(definition.slug, None)
        if course is None or _out_of_date(course, definition):
            course = _store_course(session, course, definition, competence)
            changed += 1
            record(
                session,
                actor_id=actor_id,
                action="course.synced",
                obj=course,
                slug=course.slug,
                version=course.version,
                content_hash=course.content_hash,
            )
        _store_bank(session, course, content.banks[definition.slug])
    for course in existing.values():
        if course.is_active:
            course.is_active = False
            record(
                session, actor_id=actor_id, action="course.withdrawn", obj=course, slug=course.slug
            )
    session.flush()
    logger.info("content synced: %d courses, %d changed", len(content.courses), changed)
    return SyncResult(
        courses=len(content.courses),
        changed=changed,
        lessons=sum(len(c.lessons) for c in content.courses),
        questions=sum(len(b.questions) for b in content.banks.values()),
        created_competences=tuple(created),
    )


def _out_of_date(course: Course, definition: CourseDef) -> bool:
    """Whether the stored course differs from its files. A lesson without a review date was
    stored before lessons kept their sources and review dates, whatever its hash says."""
    return (
        course.content_hash != definition.content_hash
        or not course.is_active
        or any(lesson.reviewed_on is None for lesson in course.lessons)
    )


def _store_course(
    session: Session, course: Course | None, definition: CourseDef, competence: Competence
) -> Course:
    if course is None:
        course = Course(slug=definition.slug)
        session.add(course)
    course.title = definition.title
    course.competence = competence
    course.validity_months = definition.validity_months
    course.minutes = definition.minutes
    course.version = definition.version
    course.test_out = " ".join(sorted(definition.test_out))
    course.credit_minutes = definition.credit_minutes
    course.credit_reference = definition.credit_reference
    course.description_html = render(definition.description)
    course.content_hash = definition.content_hash
    course.is_active = True
    lessons = {lesson.slug: lesson for lesson in course.lessons}
    wanted = []
    for lesson_def in definition.lessons:
        lesson = lessons.get(lesson_def.slug) or Lesson(slug=lesson_def.slug)
        lesson.number = lesson_def.number
        lesson.title = lesson_def.title
        lesson.sources = list(lesson_def.sources)
        lesson.reviewed_on = lesson_def.reviewed_on
        if lesson.content_hash != lesson_def.content_hash:
            lesson.body_html = render(lesson_def.body)
            lesson.content_hash = lesson_def.content_hash
        wanted.append(lesson)
    # A removed lesson goes, with who read it (the database cascades lesson_views).
    course.lessons = wanted
    return course


def _store_bank(session: Session, course: Course, definition: BankDef) -> None:
    bank = session.scalar(select(QuestionBank).where(QuestionBank.course_id == course.id))
    if bank is None:
        session.flush()  # the course needs its id
        bank = QuestionBank(course_id=course.id)
        session.add(bank)
    if bank.content_hash == definition.content_hash:
        return
    bank.pass_mark = definition.pass_mark
    bank.draw = definition.draw
    bank.questions = [question.as_dict() for question in definition.questions]
    bank.content_hash = definition.content_hash


def mark_read(session: Session, *, person_id: int, lesson: Lesson) -> bool:
    """Record that the person has read ``lesson``; False if they had already."""
    exists = session.scalar(
        select(LessonView.id).where(
            LessonView.person_id == person_id, LessonView.lesson_id == lesson.id
        )
    )
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(LessonView(person_id=person_id, lesson_id=lesson.id))
    except IntegrityError:
        return False  # a double click got there first
    return True


def older_version_records(session: Session, course: Course) -> list[CompetenceRecord]:
    """Records of the course's competence that count now and are not of its current version."""
    return other_version_records(session, course.competence_id, course.reference)


def require_version(
    session: Session, *, actor_id: int, course: Course, by: date
) -> list[CompetenceRecord]:
    """Everyone must take the course's current version by ``by``
    (see :func:`portal.competence.records.require_by`)."""
    corrections = records.require_by(
        session,
        actor_id=actor_id,
        older=older_version_records(session, course),
        by=by,
        note=(
            f"Versjon {course.version} av kurset «{course.title}» kreves innen {format_date(by)}."
        ),
    )
    record(
        session,
        actor_id=actor_id,
        action="course.version_required",
        obj=course,
        version=course.version,
        by=by.isoformat(),
        corrected_record_ids=[c.supersedes_id for c in corrections],
    )
    return corrections
