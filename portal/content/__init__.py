"""All content at once: ``courses/``, ``quizzes/`` and ``documents/``, checked against each
other. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.content.banks import BankDef, load_banks
from portal.content.courses import CourseDef, load_courses
from portal.content.documents import DocumentDef, load_documents
from portal.content.yamltext import Problems
from portal.dates import add_months


@dataclass(frozen=True)
class Content:
    courses: tuple[CourseDef, ...]
    banks: dict[str, BankDef]
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    documents: tuple[DocumentDef, ...] = ()


class Refused(Exception):
    """The database holds something the content may not change (a loaded version's text);
    ``problems`` are ``path:line: message`` lines, and nothing is loaded."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


#: A lesson is reviewed against the law at least this often.
REVIEW_EVERY_MONTHS = 12
#: Enough questions that a retake draws questions the learner has not just seen.
MIN_QUESTIONS = 15


def load(root: Path, today: date | None = None) -> Content:
    """Read and validate ``root/courses``, ``root/quizzes`` and ``root/documents``; nothing is
    loaded on problems.
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
    documents = load_documents(root / "documents", problems)
    _check_competences_granted_once(courses, documents, problems)
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
    warnings = _reviews_due(courses, documents, today) if today is not None else []
    return Content(
        courses=tuple(courses),
        banks=banks,
        problems=tuple(problems.items),
        warnings=tuple(warnings),
        documents=tuple(documents),
    )


def _check_competences_granted_once(
    courses: list[CourseDef], documents: list[DocumentDef], problems: Problems
) -> None:
    """A competence comes from one course or one document, never from two."""
    granted: dict[str, str] = {}
    sources = [(c.competence, f"course {c.slug!r}", f"courses/{c.slug}/course.md") for c in courses]
    sources += [(d.competence, f"document {d.slug!r}", d.path) for d in documents]
    for competence, name, path in sources:
        other = granted.setdefault(competence, name)
        if other != name:
            problems.add(
                path,
                1,
                f"competence {competence!r} is already granted by {other}; a competence comes "
                "from one course or document",
            )


def review_due(reviewed_on: date | None, today: date) -> bool:
    """Whether a text last reviewed on ``reviewed_on`` is more than a year past its review."""
    return reviewed_on is not None and add_months(reviewed_on, REVIEW_EVERY_MONTHS) < today


def _reviews_due(courses: list[CourseDef], documents: list[DocumentDef], today: date) -> list[str]:
    """``path: review due`` for each lesson and document last reviewed more than a year ago."""
    texts = [
        (f"courses/{course.slug}/{lesson.number:02d}-{lesson.slug}.md", lesson.reviewed_on)
        for course in courses
        for lesson in course.lessons
    ]
    texts += [(document.path, document.reviewed_on) for document in documents]
    return [
        f"{path}: review due (last reviewed {reviewed_on})"
        for path, reviewed_on in texts
        if review_due(reviewed_on, today)
    ]


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
