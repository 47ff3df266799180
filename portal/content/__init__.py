"""All course content at once: ``courses/`` and ``quizzes/``, checked against each other. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.content.banks import BankDef, load_banks
from portal.content.courses import CourseDef, load_courses
from portal.content.yamltext import Problems
from portal.dates import add_months


@dataclass(frozen=True)
class Content:
    courses: tuple[CourseDef, ...]
    banks: dict[str, BankDef]
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()


#: A lesson is reviewed against the law at least this often.
REVIEW_EVERY_MONTHS = 12
#: Enough questions that a retake draws questions the learner has not just seen.
MIN_QUESTIONS = 15


def load(root: Path, today: date | None = None) -> Content:
    """Read and validate ``root/courses`` and ``root/quizzes``; nothing is loaded on problems.
    With ``today``, lessons whose review is more than a year old are warned about."""
    problems = Problems()
    courses = load_courses(root / "courses", problems)
    banks = {bank.slug: bank for bank in load_banks(root / "quizzes", problems)}
    course_slugs = {course.slug for course in courses}
    for course in courses:
        if course.slug not in banks and not (root / "quizzes" / f"{course.slug}.yaml").exists():
            problems.add(
                f"courses/{course.slug}/course.md",
                1,
                f"no question bank: quizzes/{course.slug}.yaml is missing",
            )
    for slug in banks:
        if slug not in course_slugs and not (root / "courses" / slug).is_dir():
            problems.add(f"quizzes/{slug}.yaml", 1, f"no course courses/{slug}/ for this bank")
    granted: dict[str, str] = {}
    for course in courses:
        other = granted.setdefault(course.competence, course.slug)
        if other != course.slug:
            problems.add(
                f"courses/{course.slug}/course.md",
                1,
                f"competence {course.competence!r} is already granted by course "
                f"{other!r}; a competence comes from one course",
            )
    for course in courses:
        if course.slug in banks:
            _check_lessons_named(course, banks[course.slug], problems)
            if len(banks[course.slug].questions) < MIN_QUESTIONS:
                problems.add(
                    f"quizzes/{course.slug}.yaml",
                    1,
                    f"the bank has {len(banks[course.slug].questions)} questions; a course needs "
                    f"at least {MIN_QUESTIONS}",
                )
    warnings = _reviews_due(courses, today) if today is not None else []
    return Content(
        courses=tuple(courses),
        banks=banks,
        problems=tuple(problems.items),
        warnings=tuple(warnings),
    )


def review_due(reviewed_on: date | None, today: date) -> bool:
    """Whether a text last reviewed on ``reviewed_on`` is more than a year past its review."""
    return reviewed_on is not None and add_months(reviewed_on, REVIEW_EVERY_MONTHS) < today


def _reviews_due(courses: list[CourseDef], today: date) -> list[str]:
    """``path: review due`` for each lesson last reviewed more than a year ago."""
    due = []
    for course in courses:
        for lesson in course.lessons:
            if review_due(lesson.reviewed_on, today):
                path = f"courses/{course.slug}/{lesson.number:02d}-{lesson.slug}.md"
                due.append(f"{path}: review due (last reviewed {lesson.reviewed_on})")
    return due


def _check_lessons_named(course: CourseDef, bank: BankDef, problems: Problems) -> None:
    """A question that names its lesson must name one of its course's lessons."""
    slugs = {lesson.slug for lesson in course.lessons}
    for question in bank.questions:
        if question.lesson is not None and question.lesson not in slugs:
            problems.add(
                f"quizzes/{bank.slug}.yaml",
                question.line,
                f"question {question.id!r} names lesson {question.lesson!r}, which "
                f"courses/{course.slug}/ does not have",
            )
