"""Content sync, the catalogue, course and lesson pages, the start page, new versions."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.catalog.models import Course, Lesson, QuestionBank
from portal.competence.models import Competence, CompetenceRecord

ROOT = Path(__file__).resolve().parents[3]


def count(db, model):
    number = db.scalar(select(func.count()).select_from(model))
    db.commit()
    return number


def test_sync_loads_everything_and_creates_missing_competences(app, db, courses):
    assert count(db, Course) == 5
    on_disk = sum(
        len(list((ROOT / "courses" / slug).glob("[0-9][0-9]-*.md")))
        for slug in (
            "taushetsplikt",
            "delegering-og-forsvarlighet",
            "etikk-for-helsesekretaerer",
            "digitale-systemer",
            "rolle-og-autorisasjon",
        )
    )
    assert count(db, Lesson) == on_disk == 30
    assert count(db, QuestionBank) == 5
    competence = db.scalar(select(Competence).where(Competence.code == "taushetsplikt"))
    assert (competence.name, competence.validity_months) == ("Taushetsplikt", 24)
    lesson = db.scalar(select(Lesson).where(Lesson.slug == "hovedregelen"))
    assert "<h2>" in lesson.body_html
    assert len(lesson.content_hash) == 64
    db.commit()
    again = app.test_cli_runner().invoke(args=["content", "sync"])
    assert "(0 changed)" in again.output


def test_sync_updates_an_existing_competence_validity(app, db, make_competence):
    make_competence(code="etikk", validity_months=12, name="Etikk")
    app.test_cli_runner().invoke(args=["content", "sync"])
    competence = db.scalar(select(Competence).where(Competence.code == "etikk"))
    assert (competence.name, competence.validity_months) == ("Etikk", 36)


@pytest.fixture
def broken_root(app, tmp_path) -> Path:
    for folder in ("courses", "quizzes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    bank = tmp_path / "quizzes" / "taushetsplikt.yaml"
    bank.write_text(bank.read_text().replace("draw: 10", "draw: 99"))
    app.config["CONTENT_ROOT"] = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize("args", [["content", "sync"], ["content", "sync", "--check"]])
def test_bad_content_names_file_and_line_and_loads_nothing(app, db, broken_root, args):
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1
    assert "quizzes/taushetsplikt.yaml:2: 'draw' is 99" in result.output
    assert "nothing loaded" in result.output
    assert count(db, Course) == 0
    assert count(db, Competence) == 0


def test_check_loads_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["content", "sync", "--check"])
    assert result.exit_code == 0, result.output
    assert count(db, Course) == 0


PAGES = [
    "/courses/",
    "/courses/taushetsplikt/",
    "/courses/taushetsplikt/hovedregelen",
    "/me/competence",
    "/verify/",
]


@pytest.mark.parametrize(
    "url",
    PAGES[:4]
    + [
        "/courses/taushetsplikt/quiz",
        "/courses/taushetsplikt/version",
        "/me/export.json",
        "/me/portfolio.pdf",
    ],
)
def test_anonymous_is_sent_to_login(client, courses, url):
    assert client.get(url).headers["Location"].startswith("/login")


@pytest.mark.parametrize("access", ["employee", "lead", "admin"])
@pytest.mark.parametrize("url", PAGES)
def test_everyone_logged_in_sees_the_course_pages(client, auth, courses, make_person, access, url):
    auth.login(make_person(access=access))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/courses/ukjent/",
        "/courses/taushetsplikt/ukjent",
        "/courses/ukjent/quiz",
        "/courses/taushetsplikt/quiz/999",
        "/courses/taushetsplikt/ukjent/read",
    ],
)
def test_unknown_courses_and_lessons_are_404(client, auth, courses, make_person, url):
    auth.login(make_person())
    response = client.post(url) if url.endswith("/read") else client.get(url)
    assert response.status_code == 404


def test_catalogue_groups_by_my_position(
    client, auth, courses, make_person, make_position, make_requirement, make_record, db
):
    position = make_position()
    competences = {c.code: c for c in db.scalars(select(Competence))}
    db.commit()
    make_requirement(position, competences["taushetsplikt"], due_days=14)
    make_requirement(position, competences["etikk"], mandatory=False)
    person = make_person(position=position, start_date=date(2026, 11, 1))
    make_record(person, competences["etikk"], date(2023, 1, 1))
    auth.login(person)
    html = client.get("/courses/").text
    required = html.index("Påkrevd i stillingen din")
    recommended = html.index("Anbefalt for deg")
    other = html.index("Andre kurs")
    assert required < html.index("Taushetsplikt") < recommended
    assert "15.11.2026" in html[required:recommended]
    assert recommended < html.index("Etikk for helsesekretærer") < other
    assert "Utløpt 01.01.2026" in html[recommended:other]
    assert "Ikke startet" in html
    assert "Digitale systemer" in html[other:]


def test_start_page_lists_what_to_do_with_links_to_courses(
    client, auth, courses, make_person, make_position, make_requirement, db
):
    position = make_position()
    competences = {c.code: c for c in db.scalars(select(Competence))}
    db.commit()
    make_requirement(position, competences["taushetsplikt"], due_days=14)
    make_requirement(position, competences["etikk"], due_days=300)
    auth.login(make_person(position=position, start_date=date(2026, 1, 1)))
    html = client.get("/").text
    assert "Hva må jeg gjøre nå" in html
    missing = html.index('href="/courses/taushetsplikt/"')
    assert missing < html.index('href="/courses/etikk-for-helsesekretaerer/"')


def test_an_admin_requires_the_new_version_by_a_date(
    app, client, auth, courses, make_person, make_record, db
):
    competence = db.scalar(select(Competence).where(Competence.code == "taushetsplikt"))
    db.commit()
    person = make_person()
    old = make_record(person, competence, date(2026, 1, 10))  # valid to 10.01.2028
    early = make_record(make_person(), competence, date(2024, 12, 1))  # to 01.12.2026
    admin = make_person(access="admin")
    course_md = ROOT / "courses" / "taushetsplikt" / "course.md"
    root = Path(app.instance_path).parent / "content-copy"
    shutil.copytree(ROOT / "courses", root / "courses")
    shutil.copytree(ROOT / "quizzes", root / "quizzes")
    (root / "courses/taushetsplikt/course.md").write_text(
        course_md.read_text().replace("version: 1", "version: 2")
    )
    app.config["CONTENT_ROOT"] = str(root)
    assert app.test_cli_runner().invoke(args=["content", "sync"]).exit_code == 0
    auth.login(admin)
    page = client.get("/courses/taushetsplikt/version")
    assert "2 gjeldende registreringer" in page.text
    assert (
        client.post("/courses/taushetsplikt/version", data={"by": "2020-01-01"}).status_code == 422
    )
    response = client.post("/courses/taushetsplikt/version", data={"by": "2027-03-01"})
    assert response.status_code == 302
    corrections = list(
        db.scalars(select(CompetenceRecord).where(CompetenceRecord.source == "correction"))
    )
    db.commit()
    assert [(c.supersedes_id, c.expires_on) for c in corrections] == [(old.id, date(2027, 3, 1))]
    assert early.id not in {c.supersedes_id for c in corrections}
    shutil.rmtree(root)


@pytest.mark.parametrize("access", ["employee", "lead"])
def test_only_admins_require_versions(client, auth, courses, make_person, access):
    auth.login(make_person(access=access))
    assert client.get("/courses/taushetsplikt/version").status_code == 403
    assert (
        client.post("/courses/taushetsplikt/version", data={"by": "2027-03-01"}).status_code == 403
    )
