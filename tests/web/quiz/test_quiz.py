"""The quiz: attempts stored server-side, graded once, records and certificates on a pass."""

from __future__ import annotations

import re
from datetime import date

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.catalog.models import Course, LessonView, QuestionBank
from portal.certificates.models import Certificate
from portal.competence.models import Competence, CompetenceRecord
from portal.quiz.models import QuizAttempt
from tests.factories import quiz_form

URL = "/courses/taushetsplikt/quiz"


@pytest.fixture
def learner(courses, make_person, db):
    return make_person(email="laerling@example.test")


def read_all(client, db, slug="taushetsplikt"):
    course = db.scalar(select(Course).where(Course.slug == slug))
    slugs = [lesson.slug for lesson in course.lessons]
    db.commit()  # end the read: SQLite lets nobody write while it lasts
    for lesson in slugs:
        assert client.post(f"/courses/{slug}/{lesson}/read").status_code == 302
    return course


def open_attempt(client, db, person) -> QuizAttempt:
    response = client.get(URL)
    assert response.status_code == 200
    db.expire_all()
    attempt = db.scalar(
        select(QuizAttempt).where(
            QuizAttempt.person_id == person.id, QuizAttempt.open_key.is_not(None)
        )
    )
    db.commit()
    return attempt


def submit(client, attempt, *, right=True, **extra):
    return client.post(
        URL, data={"attempt": attempt.id, **quiz_form(attempt.questions, right=right), **extra}
    )


def count(db, model):
    db.expire_all()
    number = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return number


def test_anonymous_is_sent_to_login(client, courses):
    assert client.get(URL).headers["Location"].startswith("/login")
    assert client.post(URL).headers["Location"].startswith("/login")


def test_a_first_timer_reads_the_lessons_first_and_is_told_why(client, auth, learner, db):
    auth.login(learner)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Første gang du tar dette kurset, leser du alle leksjonene" in response.text
    assert "Les: Hovedregelen" in response.text  # the way on, not a dead end
    assert "<fieldset" not in response.text
    assert count(db, QuizAttempt) == 0
    overview = client.get("/courses/taushetsplikt/").text
    locked = overview.split('id="test-locked"')[1].split("</li>")[0]
    assert "Første gang du tar dette kurset" in locked
    assert "/quiz" not in locked


def test_the_quiz_gate_speaks_english_in_english(client, auth, learner):
    auth.login(learner)
    client.post("/language", data={"language": "en"})
    assert "The first time you take this course, you read all the lessons" in client.get(URL).text


def test_the_quiz_page_is_a_plain_form_without_the_answers(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    html = client.get(URL).text
    attempt = open_attempt(client, db, learner)
    assert html.count("<fieldset") == len(attempt.questions) == 10
    for question in attempt.questions:
        assert f"<legend>{escape(question['text'])}</legend>" in html
        kind = "checkbox" if question["type"] == "multiple" else "radio"
        for index, _option in enumerate(question["options"]):
            field_id = f"q-{question['id']}-{index}"
            assert f'type="{kind}" id="{field_id}"' in html
            assert re.search(rf'<label for="{field_id}">[^<]+</label>', html)
    assert "correct" not in html
    assert "explanation" not in html
    for question in attempt.questions:
        assert question["explanation"] not in html


def test_a_reload_shows_the_same_attempt(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    first = open_attempt(client, db, learner)
    again = open_attempt(client, db, learner)
    assert first.id == again.id
    assert first.questions == again.questions
    assert count(db, QuizAttempt) == 1


def test_passing_records_the_competence_with_a_certificate(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    response = submit(client, attempt)
    assert response.headers["Location"] == f"{URL}/{attempt.id}"
    db.expire_all()
    rec = db.scalar(select(CompetenceRecord).where(CompetenceRecord.person_id == learner.id))
    assert (rec.achieved_on, rec.expires_on) == (date(2026, 11, 22), date(2028, 11, 22))
    assert (rec.source, rec.reference) == ("course", "taushetsplikt v1")
    certificate = db.scalar(select(Certificate).where(Certificate.record_id == rec.id))
    assert len(certificate.code) >= 24
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "competence.recorded"))
    result = client.get(response.headers["Location"])
    assert "Bestått" in result.text
    assert certificate.code in result.text
    assert "Forklaring" in result.text
    # the gap status follows at once
    assert "Utløper 22.11.2028" in client.get("/courses/").text


def test_a_second_submission_changes_nothing(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    submit(client, attempt)
    response = submit(client, attempt, right=False)
    assert response.headers["Location"] == f"{URL}/{attempt.id}"
    assert count(db, CompetenceRecord) == 1
    assert count(db, Certificate) == 1
    db.refresh(attempt)
    db.commit()
    assert attempt.score == 10


def test_a_failed_attempt_records_nothing(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    result = client.get(submit(client, attempt, right=False).headers["Location"])
    assert "Ikke bestått" in result.text
    assert "Feil" in result.text
    assert count(db, CompetenceRecord) == 0
    assert count(db, Certificate) == 0
    db.refresh(attempt)
    db.commit()
    assert (attempt.score, attempt.is_passed, attempt.open_key) == (0, False, None)


@pytest.mark.parametrize(
    "forge",
    [
        lambda form, q: form.pop(f"q-{q['id']}"),
        lambda form, q: form.__setitem__(f"q-{q['id']}", ["99"]),
        lambda form, q: form.__setitem__(f"q-{q['id']}", ["<script>"]),
        lambda form, q: form.__setitem__(f"q-{q['id']}", ["0", "1"]),
    ],
)
def test_forged_or_missing_answers_are_a_clear_422(client, auth, learner, db, forge):
    auth.login(learner)
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    single = next(q for q in attempt.questions if q["type"] != "multiple")
    form = quiz_form(attempt.questions)
    forge(form, single)
    response = client.post(URL, data={"attempt": attempt.id, **form})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert count(db, CompetenceRecord) == 0
    db.refresh(attempt)
    db.commit()
    assert attempt.submitted_dt is None


@pytest.mark.parametrize("attempt_id", ["", "x", "999999"])
def test_an_unknown_attempt_is_a_422_not_a_500(client, auth, learner, db, attempt_id):
    auth.login(learner)
    assert client.post(URL, data={"attempt": attempt_id}).status_code == 422


def test_the_quiz_refusals_speak_english_in_english(client, auth, learner, db):
    auth.login(learner)
    client.post("/language", data={"language": "en"})
    unknown = client.post(URL, data={"attempt": "999999"}).text
    assert "The attempt does not exist. Open the test again." in unknown
    assert "Forsøket finnes ikke" not in unknown
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    single = next(q for q in attempt.questions if q["type"] != "multiple")
    form = quiz_form(attempt.questions)
    form[f"q-{single['id']}"] = ["99"]
    forged = client.post(URL, data={"attempt": attempt.id, **form}).text
    assert "The answer to a question was not one of the options." in forged
    assert "Svaret på et spørsmål" not in forged


def test_someone_elses_attempt_cannot_be_submitted_or_seen(client, auth, learner, db, make_person):
    auth.login(learner)
    read_all(client, db)
    attempt = open_attempt(client, db, learner)
    auth.logout()
    auth.login(make_person())
    assert submit(client, attempt).status_code == 422
    assert client.get(f"{URL}/{attempt.id}").status_code == 404
    assert count(db, CompetenceRecord) == 0


def test_attempts_per_day_are_limited(app, client, auth, learner, db):
    app.config["QUIZ_ATTEMPTS_PER_DAY"] = 2
    auth.login(learner)
    read_all(client, db)
    for _ in range(2):
        submit(client, open_attempt(client, db, learner), right=False)
    response = client.get(URL)
    assert "alle 2 forsøkene" in response.text
    assert "<fieldset" not in response.text
    app.config["TODAY"] = date(2026, 11, 23)
    assert "<fieldset" in client.get(URL).text


def test_test_out_lets_a_holder_renew_without_rereading(client, auth, learner, db, make_record):
    competence = db.scalar(select(Competence).where(Competence.code == "taushetsplikt"))
    db.commit()
    make_record(learner, competence, date(2024, 12, 1))  # expires 01.12.2026: expiring
    auth.login(learner)
    attempt = open_attempt(client, db, learner)
    assert attempt is not None
    submit(client, attempt)
    db.expire_all()
    newest = db.scalar(
        select(CompetenceRecord)
        .where(CompetenceRecord.person_id == learner.id)
        .order_by(CompetenceRecord.id.desc())
    )
    # renewed inside the window: runs on from the old expiry
    assert newest.expires_on == date(2028, 12, 1)


def test_an_expired_holder_renews_by_test(client, auth, learner, db, make_record):
    competence = db.scalar(select(Competence).where(Competence.code == "taushetsplikt"))
    db.commit()
    make_record(learner, competence, date(2022, 1, 1))  # expired 01.01.2024
    auth.login(learner)
    assert "Forny ved å ta testen direkte" in client.get("/courses/taushetsplikt/").text
    submit(client, open_attempt(client, db, learner))
    db.expire_all()
    newest = db.scalar(
        select(CompetenceRecord)
        .where(CompetenceRecord.person_id == learner.id)
        .order_by(CompetenceRecord.id.desc())
    )
    assert newest.expires_on == date(2028, 11, 22)  # from today: the old one had run out
    assert count(db, LessonView) == 0


def test_test_out_needs_a_course_that_allows_it(client, auth, learner, db, make_record):
    competence = db.scalar(select(Competence).where(Competence.code == "taushetsplikt"))
    course = db.scalar(select(Course).where(Course.slug == "taushetsplikt"))
    course.test_out = "expiring"  # as `test_out: expiring` in course.md
    db.commit()
    make_record(learner, competence, date(2022, 1, 1))
    auth.login(learner)
    response = client.get(URL)
    assert "Kompetansen din har utløpt, og dette kurset krever da" in response.text
    assert "<fieldset" not in response.text


def test_lesson_progress_is_saved_by_post_only(client, auth, learner, db):
    auth.login(learner)
    assert client.get("/courses/taushetsplikt/hovedregelen").status_code == 200
    assert count(db, LessonView) == 0
    lesson = client.get("/courses/taushetsplikt/hovedregelen").text
    assert ">Neste leksjon</button>" in lesson
    assert 'name="_once"' in lesson
    response = client.post("/courses/taushetsplikt/hovedregelen/read")
    assert response.headers["Location"] == "/courses/taushetsplikt/snokeforbudet"
    client.post("/courses/taushetsplikt/hovedregelen/read")  # twice: still one
    assert count(db, LessonView) == 1
    overview = client.get("/courses/taushetsplikt/").text
    assert "1 av 8 leksjoner lest" in overview
    assert "Fortsett: Snokeforbudet" in overview or "Fortsett:" in overview


@pytest.mark.parametrize("attempt", ["²", "9" * 30, "-1", ""])
def test_a_forged_attempt_number_is_a_clear_error(client, auth, courses, make_person, attempt):
    auth.login(make_person())
    response = client.post("/courses/taushetsplikt/quiz", data={"attempt": attempt})
    assert response.status_code == 422


def test_a_failed_attempt_names_the_lessons_to_read_and_keeps_the_answers(
    client, auth, learner, db
):
    auth.login(learner)
    course = read_all(client, db)
    attempt = open_attempt(client, db, learner)
    result = client.get(submit(client, attempt, right=False).headers["Location"]).text
    assert "Ikke bestått" in result
    assert "riktig svar" not in result
    assert "Forklaring" not in result
    titles = {lesson.slug: lesson.title for lesson in course.lessons}
    named = {q["lesson"] for q in attempt.questions if q.get("lesson")}
    assert named
    assert all(str(escape(titles[slug])) in result for slug in named)
    assert result.count("Les igjen:") == sum(1 for q in attempt.questions if q.get("lesson"))


def test_a_retake_draws_questions_the_failed_attempt_did_not_show(client, auth, learner, db):
    auth.login(learner)
    read_all(client, db)
    first = open_attempt(client, db, learner)
    submit(client, first, right=False)
    second = open_attempt(client, db, learner)
    bank_size = len(
        db.scalar(select(QuestionBank.questions).join(Course).where(Course.slug == "taushetsplikt"))
    )
    db.rollback()
    repeated = {q["id"] for q in first.questions} & {q["id"] for q in second.questions}
    assert len(repeated) == max(0, 2 * len(first.questions) - bank_size)
