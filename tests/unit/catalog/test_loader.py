"""The content loader: the real content is valid; every kind of problem names file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal import content

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the real courses/ and quizzes/ to break."""
    for folder in ("courses", "quizzes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def test_the_real_content_is_valid():
    loaded = content.load(ROOT)
    assert loaded.problems == ()
    assert len(loaded.courses) >= 5
    for course in loaded.courses:
        assert 3 <= len(course.lessons) <= 8
        assert all(lesson.sources and lesson.reviewed_on for lesson in course.lessons)
        assert len(loaded.banks[course.slug].questions) >= 15
        assert [lesson.number for lesson in course.lessons] == list(
            range(1, len(course.lessons) + 1)
        )


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


BANK = "quizzes/taushetsplikt.yaml"
COURSE = "courses/taushetsplikt/course.md"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (BANK, "pass_mark: 0.8", "pass_mark: 1.5", f"{BANK}:1: 'pass_mark' must be"),
        (BANK, "pass_mark: 0.8", "pass_mark: 0", f"{BANK}:1: 'pass_mark' must be"),
        (BANK, "draw: 10", "draw: 99", f"{BANK}:2: 'draw' is 99, but the bank has only 41"),
        (
            BANK,
            "  - id: tp-02\n",
            "  - id: tp-01\n",
            f"{BANK}:16: question id 'tp-01' is already used on line 4",
        ),
        (BANK, "    type: single\n", "    type: essay\n", f"{BANK}:5: 'type' must be one of"),
        (
            BANK,
            '      - text: "At du aldri sier noe om hvem som er pasienter hos dere."\n'
            "        correct: true\n",
            '      - text: "At du aldri sier noe om hvem som er pasienter hos dere."\n',
            f"{BANK}:8: no option is marked 'correct: true'",
        ),
        (
            BANK,
            '      - text: "At Ola var der, men at du ikke kan si noe om hvorfor han kom."\n',
            '      - text: "At Ola var der, men at du ikke kan si noe om hvorfor han kom."\n'
            "        correct: true\n",
            f"{BANK}:8: a 'single' question has exactly one correct option, not 2",
        ),
        (BANK, '      - text: "Sant"\n', '      - text: "Ja"\n', f"{BANK}:20: a 'truefalse'"),
        (
            BANK,
            '    explanation: "Selv det',
            '    explain: "Selv det',
            f"{BANK}:14: unknown key 'explain'",
        ),
        (BANK, "questions:\n", "questions: [\n", f"{BANK}:"),
        (
            COURSE,
            "validity_months: 24",
            "validity_months: to år",
            f"{COURSE}:4: 'validity_months' must be a whole number",
        ),
        (COURSE, "minutes: 60\n", "", f"{COURSE}:2: 'minutes' is required"),
        (COURSE, "test_out: true", "test_out: kanskje", f"{COURSE}:7: 'test_out' must be true"),
        (
            COURSE,
            "test_out: true",
            "test_out: [expired, nykommer]",
            f"{COURSE}:7: 'test_out' must be true, false, or one or a list of: expiring",
        ),
        (
            COURSE,
            "title: Taushetsplikt\n",
            "title: Taushetsplikt\ntitle: To\n",
            f"{COURSE}:3: duplicate key 'title'",
        ),
    ],
)
def test_a_broken_file_is_reported_with_file_and_line(tree, file, old, new, expected):
    replace(tree / file, old, new)
    problems = content.load(tree).problems
    assert any(problem.startswith(expected) for problem in problems), problems


def test_lesson_numbering_and_names_are_checked(tree):
    lessons = tree / "courses" / "taushetsplikt"
    (lessons / "02-snokeforbudet.md").rename(lessons / "07-snokeforbudet.md")
    (lessons / "notater.md").write_text("---\ntitle: x\n---\ntekst\n")
    problems = content.load(tree).problems
    assert any("numbered 01, 02" in p for p in problems), problems
    assert (
        "courses/taushetsplikt/notater.md:1: a lesson file is named NN-name.md "
        "(two digits, then lower-case letters, digits and '-')" in problems
    )


def test_a_lesson_without_title_names_its_front_matter(tree):
    replace(
        tree / "courses/taushetsplikt/01-hovedregelen.md",
        "title: Hovedregelen",
        "tittel: Hovedregelen",
    )
    problems = content.load(tree).problems
    assert (
        "courses/taushetsplikt/01-hovedregelen.md:2: unknown key 'tittel' "
        "(allowed: reviewed_on, sources, title)" in problems
    )
    assert any(
        p.startswith("courses/taushetsplikt/01-hovedregelen.md:2: 'title' is required")
        for p in problems
    )


def test_course_and_bank_must_come_in_pairs(tree):
    (tree / BANK).unlink()
    shutil.copy(tree / "quizzes/etikk-for-helsesekretaerer.yaml", tree / "quizzes/ukjent.yaml")
    problems = content.load(tree).problems
    assert f"{COURSE}:1: no question bank: quizzes/taushetsplikt.yaml is missing" in problems
    assert "quizzes/ukjent.yaml:1: no course courses/ukjent/ for this bank" in problems


def test_two_courses_cannot_grant_one_competence(tree):
    replace(
        tree / "courses/etikk-for-helsesekretaerer/course.md",
        "competence: etikk",
        "competence: taushetsplikt",
    )
    problems = content.load(tree).problems
    assert any("already granted by course" in p for p in problems), problems


def test_an_alias_that_refers_to_itself_is_a_line_problem_not_a_crash():
    from portal.content.yamltext import YamlProblem, parse

    with pytest.raises(YamlProblem) as problem:
        parse("pass_mark: 0.8\nquestions: &a\n  - *a\n")
    assert problem.value.line == 2  # where the node the alias repeats begins
    assert "refers to itself" in problem.value.message


def test_a_shared_anchor_is_fine():
    from portal.content.yamltext import parse

    assert parse("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


LESSON = "courses/taushetsplikt/05-politi-og-barnevern.md"


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (LESSON, "sources:\n", "kilder:\n", f"{LESSON}:2: 'sources' is required"),
        (LESSON, "reviewed_on: 2026-12-01", "reviewed_on: i fjor", f"{LESSON}:"),
        (
            BANK,
            "    lesson: hovedregelen\n",
            "    lesson: finnes-ikke\n",
            f"{BANK}:6: question 'tp-01' names lesson 'finnes-ikke'",
        ),
        (BANK, "    lesson: hovedregelen\n", "", f"{BANK}:4: 'lesson' is required"),
    ],
)
def test_sources_review_dates_and_lessons_are_checked(tree, file, old, new, expected):
    replace(tree / file, old, new)
    problems = content.load(tree).problems
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_bank_needs_fifteen_questions(tree):
    bank = tree / BANK
    head, *questions = bank.read_text().split("\n  - id: ")
    bank.write_text("\n  - id: ".join([head, *questions[:14]]) + "\n")
    problems = content.load(tree).problems
    assert f"{BANK}:1: the bank has 14 questions; a course needs at least 15" in problems


def test_a_review_older_than_a_year_is_warned_about_not_refused():
    from datetime import date

    loaded = content.load(ROOT, today=date(2028, 1, 1))
    assert loaded.problems == ()
    assert f"{LESSON}: review due (last reviewed 2026-12-01)" in loaded.warnings
    assert content.load(ROOT, today=date(2027, 11, 30)).warnings == ()


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        ("hours: 7.3", f"{COURSE}:8: 'hours' must be whole or half hours"),
        ("hours: sju", f"{COURSE}:8: 'hours' must be whole or half hours"),
        ("hours: 0", f"{COURSE}:8: 'hours' must be whole or half hours"),
        ("hours: true", f"{COURSE}:8: 'hours' must be whole or half hours"),
        ("hours_approval: Godkjent", f"{COURSE}:8: 'hours_approval' needs the 'hours'"),
    ],
)
def test_hours_must_be_whole_or_half_and_an_approval_needs_them(tree, new, expected):
    path = tree / COURSE
    text = path.read_text()
    front, rest = text.split("hours: 1\n", 1)
    rest = rest.split("\n", 1)[1]  # drop the approval line too
    path.write_text(f"{front}{new}\n{rest}")
    problems = content.load(tree).problems
    assert any(problem.startswith(expected) for problem in problems), problems


def test_hours_are_read_as_minutes():
    courses = {course.slug: course for course in content.load(ROOT).courses}
    assert courses["taushetsplikt"].credit_minutes == 60
    assert courses["digitale-systemer"].credit_minutes == 90
    assert courses["digitale-systemer"].credit_reference
    assert courses["etikk-for-helsesekretaerer"].credit_minutes is None


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("test_out: true\n", {"expiring", "expired"}),
        ("", {"expiring", "expired"}),  # omitted: the default lets a holder renew by test
        ("test_out: false\n", set()),
        ("test_out: first_time\n", {"first_time"}),
        ("test_out: [expiring, expired, first_time]\n", {"expiring", "expired", "first_time"}),
    ],
)
def test_test_out_is_a_word_a_list_or_a_yes(tree, written, rule):
    replace(tree / COURSE, "test_out: true\n", written)
    loaded = content.load(tree)
    assert loaded.problems == ()
    course = next(course for course in loaded.courses if course.slug == "taushetsplikt")
    assert course.test_out == rule
