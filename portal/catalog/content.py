"""All course content at once: ``courses/`` and ``quizzes/``, checked against each other. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from portal.catalog.loader import CourseDef, load_courses
from portal.catalog.yamltext import Problems
from portal.quiz.bank import BankDef, load_banks


@dataclass(frozen=True)
class Content:
    courses: tuple[CourseDef, ...]
    banks: dict[str, BankDef]
    problems: tuple[str, ...]


def load(root: Path) -> Content:
    """Read and validate ``root/courses`` and ``root/quizzes``; nothing is loaded on problems."""
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
    return Content(courses=tuple(courses), banks=banks, problems=tuple(problems.items))
