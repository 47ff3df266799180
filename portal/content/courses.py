"""Loading ``courses/``: course front matter, lessons and their order. Pure: no Flask, no SQL.

Layout (CONTRACT.md, "Content formats")::

    courses/<slug>/course.md        YAML front matter, then the course description
    courses/<slug>/NN-<lesson>.md   one lesson each, ordered by NN, front matter ``title:``

Every problem is reported as ``path:line: message`` and loading goes on, so that one run shows
all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from portal.content.files import SLUG, digest, entries, parse_or_report, read_text
from portal.content.yamltext import Fields, Located, Problems, mapping_or_report

LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
#: Lesson slugs that would collide with the course's own URLs.
RESERVED = {"quiz", "versjon", "version"}
COURSE_KEYS = {
    "title",
    "competence",
    "validity_months",
    "minutes",
    "version",
    "test_out",
    "hours",
    "hours_approval",
}
LESSON_KEYS = {"title", "sources", "reviewed_on"}

#: Who may go straight to a course's test without reading the lessons (``test_out:``):
#: ``expiring`` someone who holds the competence still (renewing before it runs out),
#: ``expired`` someone whose record has run out, ``first_time`` someone who never held it.
TEST_OUT_WORDS = ("expiring", "expired", "first_time")
#: Omitted, or ``true``: a holder renews by test, valid or expired; a first-timer reads.
DEFAULT_TEST_OUT = frozenset({"expiring", "expired"})


@dataclass(frozen=True)
class LessonDef:
    number: int
    slug: str
    title: str
    body: str
    content_hash: str
    sources: tuple[str, ...] = ()
    reviewed_on: date | None = None


@dataclass(frozen=True)
class CourseDef:
    slug: str
    title: str
    competence: str
    validity_months: int | None
    minutes: int
    version: int
    test_out: frozenset[str]
    description: str
    lessons: tuple[LessonDef, ...]
    content_hash: str
    credit_minutes: int | None = None  # ``hours:``, approved hours toward the career ladder
    credit_reference: str | None = None  # ``hours_approval:``, the approval's reference


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """``(yaml, body, body_line)`` of a file that starts with a ``---`` front matter block."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


def read_front_matter(
    path: Path, shown: str, problems: Problems
) -> tuple[dict, Located, str, str] | None:
    """Front matter (with lines), body and raw text of a Markdown file, or None after a report."""
    raw = read_text(path, shown, problems)
    if raw is None:
        return None
    parts = split_front_matter(raw)
    if parts is None:
        problems.add(shown, 1, "must start with YAML front matter between two '---' lines")
        return None
    front, body, _body_line = parts
    located = parse_or_report(front, shown, problems, offset=1)  # it starts on line 2
    if located is None:
        return None
    data = mapping_or_report(located.data, located, (), shown, problems, "the front matter")
    if data is None:
        return None
    return data, located, body, raw


def load_courses(root: Path, problems: Problems, shown_root: str = "courses") -> list[CourseDef]:
    """Every course below ``root`` (the ``courses/`` folder), in slug order."""
    courses = []
    for folder, shown in entries(root, problems, shown_root):
        course = load_course(folder, problems, shown) if folder.is_dir() else None
        if course is not None:
            courses.append(course)
    return courses


def load_course(folder: Path, problems: Problems, shown: str) -> CourseDef | None:
    before = len(problems.items)
    if not SLUG.match(folder.name):
        problems.add(shown, 1, "course folder name must be lower-case letters, digits and '-'")
    course_file = folder / "course.md"
    if not course_file.is_file():
        problems.add(f"{shown}/course.md", 1, "course.md is missing")
        return None
    read = read_front_matter(course_file, f"{shown}/course.md", problems)
    if read is None:
        return None
    data, located, description, raw = read
    fields = Fields(data, located, (), f"{shown}/course.md", problems)
    fields.unknown(COURSE_KEYS)
    title = fields.text("title")
    competence = fields.text("competence")
    if competence is not None and not SLUG.match(competence):
        fields.report(
            "competence", "'competence' must be a code of lower-case letters, digits and '-'"
        )
    validity = fields.integer("validity_months", required=False)
    minutes = fields.integer("minutes")
    version = fields.integer("version")
    test_out = _test_out(fields, data.get("test_out", True))
    credit_minutes = fields.hours("hours")
    credit_reference = fields.text("hours_approval", required=False)
    if credit_reference is not None and credit_minutes is None:
        fields.report("hours_approval", "'hours_approval' needs the 'hours' it approves")
    lessons = _lessons(folder, problems, shown)
    # A required value left None has been reported, so the first test alone decides.
    if (
        len(problems.items) > before
        or title is None
        or competence is None
        or minutes is None
        or version is None
    ):
        return None
    return CourseDef(
        slug=folder.name,
        title=title,
        competence=competence,
        validity_months=validity,
        minutes=minutes,
        version=version,
        test_out=test_out,
        description=description.strip(),
        lessons=tuple(lessons),
        content_hash=digest(raw, *(lesson.content_hash for lesson in lessons)),
        credit_minutes=credit_minutes,
        credit_reference=credit_reference,
    )


def _test_out(fields: Fields, value: object) -> frozenset[str]:
    """``true`` (the default), ``false`` (nobody), one word or a list of words."""
    if isinstance(value, bool):
        return DEFAULT_TEST_OUT if value else frozenset()
    words = [value] if isinstance(value, str) else value
    if (
        not isinstance(words, list)
        or not words
        or not all(isinstance(word, str) and word in TEST_OUT_WORDS for word in words)
    ):
        fields.report(
            "test_out",
            "'test_out' must be true, false, or one or a list of: " + ", ".join(TEST_OUT_WORDS),
        )
        return DEFAULT_TEST_OUT
    return frozenset(words)


def _lessons(folder: Path, problems: Problems, shown: str) -> list[LessonDef]:
    lessons: list[LessonDef] = []
    seen: dict[int, str] = {}
    for path in sorted(folder.iterdir()):
        if path.name == "course.md" or path.name.startswith(".") or path.is_dir():
            continue
        file = f"{shown}/{path.name}"
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.add(
                file,
                1,
                "a lesson file is named NN-name.md (two digits, then "
                "lower-case letters, digits and '-')",
            )
            continue
        number, slug = int(match[1]), match[2]
        if number in seen:
            problems.add(file, 1, f"lesson number {number:02d} is also used by {seen[number]}")
            continue
        seen[number] = path.name
        if slug in RESERVED:
            problems.add(file, 1, f"a lesson may not be called {slug!r}")
            continue
        read = read_front_matter(path, file, problems)
        if read is None:
            continue
        data, located, body, raw = read
        fields = Fields(data, located, (), file, problems)
        fields.unknown(LESSON_KEYS)
        title = fields.text("title")
        sources = fields.text_list("sources")
        reviewed_on = fields.date("reviewed_on")
        if not body.strip():
            problems.add(file, 1, "the lesson has no text after the front matter")
        if title is not None and body.strip():
            lessons.append(
                LessonDef(
                    number=number,
                    slug=slug,
                    title=title,
                    body=body.strip(),
                    content_hash=digest(raw),
                    sources=tuple(sources or ()),
                    reviewed_on=reviewed_on,
                )
            )
    if not seen:
        problems.add(f"{shown}/course.md", 1, "the course has no lessons (NN-name.md files)")
    expected = list(range(1, len(seen) + 1))
    if seen and sorted(seen) != expected:
        problems.add(
            shown + "/" + seen[max(seen)],
            1,
            "lessons must be numbered 01, 02, … without gaps; found "
            + ", ".join(f"{n:02d}" for n in sorted(seen)),
        )
    slugs = [lesson.slug for lesson in lessons]
    for slug in {s for s in slugs if slugs.count(s) > 1}:
        problems.add(shown, 1, f"two lessons are called {slug!r}")
    return lessons
