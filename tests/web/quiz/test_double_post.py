"""A quiz sent twice at once (a double click) to a live server is graded once: one record,
one certificate, and both answers lead to the same result page."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.catalog.models import Course
from portal.certificates.models import Certificate
from portal.competence.models import CompetenceRecord
from portal.quiz.models import QuizAttempt
from tests.factories import PASSWORD, quiz_form
from tests.live import Visitor

SLUG = "taushetsplikt"


def count(db, model) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(model))


def test_a_quiz_sent_twice_is_graded_once(live_app, db, courses, make_person):
    learner = make_person()
    browser = Visitor(live_app)
    browser.login(learner.email, PASSWORD)
    lessons = [
        lesson.slug for lesson in db.scalar(select(Course).where(Course.slug == SLUG)).lessons
    ]
    db.rollback()
    for lesson in lessons:
        read = f"/courses/{SLUG}/{lesson}/read"
        assert (
            browser.post(read, browser.form(f"/courses/{SLUG}/{lesson}", read)).status_code == 302
        )
    action = f"/courses/{SLUG}/quiz"
    form = browser.form(action, action)
    attempt = db.scalars(select(QuizAttempt).where(QuizAttempt.person_id == learner.id)).one()
    db.rollback()
    answers = browser.post_twice_at_once(action, {**form, **quiz_form(attempt.questions)})
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    assert len({answer.headers["Location"] for answer in answers}) == 1
    assert count(db, CompetenceRecord) == 1
    assert count(db, Certificate) == 1
