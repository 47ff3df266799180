"""Certificates: who may download them, /verify for anyone, and my own competence page."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.catalog.models import Course
from portal.certificates.models import Certificate
from portal.certificates.operations import issue_certificate
from portal.competence import records
from portal.competence.models import CompetenceRecord
from tests.factories import pdf_lines


@pytest.fixture
def holder(make_person, make_unit):
    unit = make_unit()
    return make_person(unit=unit, name="Åse Ørnebakk"), unit


@pytest.fixture
def certificate(app, holder, make_competence, make_record):
    person, _unit = holder
    competence = make_competence(code="taushetsplikt", name="Taushetsplikt")
    rec = make_record(person, competence, date(2025, 3, 1), expires_on=date(2027, 3, 1))
    with app.extensions["portal.sessionmaker"]() as session:
        certificate = issue_certificate(session, record=session.get(CompetenceRecord, rec.id))
        session.commit()
        return certificate.id, certificate.code


def test_anonymous_cannot_download(client, certificate):
    assert (
        client.get(f"/certificates/{certificate[0]}.pdf").headers["Location"].startswith("/login")
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("self", 200),
        ("own_lead", 200),
        ("admin", 200),
        ("other_lead", 403),
        ("colleague", 403),
    ],
)
def test_download_for_the_person_their_leads_and_admins(
    client, auth, certificate, holder, make_person, make_unit, who, status
):
    person, unit = holder
    user = {
        "self": lambda: person,
        "own_lead": lambda: make_person(access="lead", leads=(unit,)),
        "admin": lambda: make_person(access="admin"),
        "other_lead": lambda: make_person(access="lead", leads=(make_unit(),)),
        "colleague": lambda: make_person(unit=unit),
    }[who]()
    auth.login(user)
    response = client.get(f"/certificates/{certificate[0]}.pdf")
    assert response.status_code == status
    if status == 200:
        assert response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF")


def test_an_unknown_certificate_is_404(client, auth, make_person):
    auth.login(make_person())
    assert client.get("/certificates/999.pdf").status_code == 404


def test_verify_tells_anyone_genuine_and_valid_and_nothing_more(client, certificate):
    response = client.get(f"/verify/{certificate[1]}")
    assert response.status_code == 200
    html = response.text
    assert "Ekte kursbevis" in html
    assert "Gyldig" in html
    assert "Åse Ørnebakk" in html
    assert "01.03.2025" in html
    assert "01.03.2027" in html
    assert "@" not in html.split("<main")[1]  # no e-mail address or other personal data
    assert client.get(f"/verify/{certificate[1].lower()}").status_code == 200


def test_verify_shows_an_expired_certificate_as_expired(app, client, certificate):
    app.config["TODAY"] = date(2027, 3, 2)
    assert "Utløpt" in client.get(f"/verify/{certificate[1]}").text


@pytest.mark.parametrize("code", ["AAAA-BBBB", "x" * 300, "%3Cscript%3E"])
def test_verify_an_unknown_code_is_404_with_a_message(client, code):
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert "Ukjent kode" in response.text


def test_verify_form_redirects_to_the_code(client):
    assert client.get("/verify/").status_code == 200
    assert client.get("/verify/?code=ABCD").headers["Location"] == "/verify/ABCD"


def test_my_competence_page_and_exports(client, auth, certificate, holder, db):
    person, _unit = holder
    auth.login(person)
    html = client.get("/me/competence").text
    assert "Taushetsplikt" in html
    assert certificate[1] in html
    assert "01.03.2027" in html
    data = json.loads(client.get("/me/export.json").data)
    assert data["person"]["email"] == person.email
    assert "password_hash" not in data["person"]
    assert data["certificates"][0]["code"] == certificate[1]
    assert data["competence_records"][0]["expires_on"] == "2027-03-01"
    pdf = client.get("/me/portfolio.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_history_shows_superseded_records(client, auth, holder, make_competence, make_record, app):
    person, _unit = holder
    competence = make_competence(name="HLR")
    old = make_record(person, competence, date(2024, 1, 1))
    with app.extensions["portal.sessionmaker"]() as session:
        records.add(
            session,
            CompetenceRecord(
                person_id=person.id,
                competence_id=competence.id,
                achieved_on=date(2024, 1, 1),
                expires_on=date(2026, 1, 1),
                source="correction",
                supersedes_id=old.id,
            ),
        )
        session.commit()
    auth.login(person)
    html = client.get("/me/competence").text
    assert "Erstattet av en nyere registrering" in html
    assert "Gjelder" in html


def test_a_corrected_certificate_verifies_with_the_corrected_expiry(app, client, certificate, db):
    rec = db.scalar(select(CompetenceRecord))
    db.commit()
    with app.extensions["portal.sessionmaker"]() as session:
        records.add(
            session,
            CompetenceRecord(
                person_id=rec.person_id,
                competence_id=rec.competence_id,
                achieved_on=rec.achieved_on,
                expires_on=date(2026, 6, 1),
                source="correction",
                supersedes_id=rec.id,
            ),
        )
        session.commit()
    html = client.get(f"/verify/{certificate[1]}").text
    assert "01.06.2026" in html
    assert "Utløpt" in html


def test_the_certificate_names_the_course_version_and_its_hours(
    app, client, auth, holder, make_competence
):
    person, _unit = holder
    competence = make_competence(code="digitale", name="Digitale systemer")
    with app.extensions["portal.sessionmaker"]() as session:
        rec = CompetenceRecord(
            person_id=person.id,
            competence_id=competence.id,
            achieved_on=date(2026, 11, 1),
            source="course",
            reference="digitale-systemer v2",
        )
        records.add(
            session, records.give_credit(rec, records.Credit(90, "Intern godkjenning"), None)
        )
        certificate = issue_certificate(session, record=rec)
        session.commit()
        certificate_id = certificate.id
    auth.login(person)
    text = "\n".join(pdf_lines(client.get(f"/certificates/{certificate_id}.pdf").data))
    assert re.search(r"Kursversjon:\s+2\n", text)
    assert re.search(r"Tellende timer:\s+1,5 \(Intern godkjenning\)", text)


def certificate_of_course(app, person, slug: str) -> int:
    """A certificate for passing the synced course ``slug`` as it stands."""
    with app.extensions["portal.sessionmaker"]() as session:
        course = session.scalar(select(Course).where(Course.slug == slug))
        rec = CompetenceRecord(
            person_id=person.id,
            competence_id=course.competence_id,
            achieved_on=date(2026, 12, 1),
            source="course",
            reference=course.reference,
        )
        records.add(session, rec)
        certificate = issue_certificate(session, record=rec)
        session.commit()
        return certificate.id


def test_the_certificate_names_issuer_version_length_and_lessons_in_the_readers_language(
    app, client, auth, courses, make_person, make_unit
):
    top = make_unit("Enhet Allmennlegetjenester")
    person = make_person(unit=make_unit("Leknes legesenter", parent=top), name="Siri Olsen")
    certificate_id = certificate_of_course(app, person, "taushetsplikt")
    auth.login(person)
    lines = pdf_lines(client.get(f"/certificates/{certificate_id}.pdf").data)
    text = "\n".join(lines)
    assert "Enhet Allmennlegetjenester bekrefter at" in lines
    assert re.search(r"Utstedt av:\s+Enhet Allmennlegetjenester", text)
    assert re.search(r"Kursversjon:\s+1\n", text)
    assert re.search(r"Omfang:\s+ca\. 60 minutter", text)
    assert "Kurset omfattet" in lines
    assert re.search(r"\n1\.\s+Hovedregelen om taushetsplikt\n", text)
    assert re.search(r"\n4\.\s+Pårørende og telefonen\n", text)

    client.post("/language", data={"language": "en", "next": "/"})
    lines = pdf_lines(client.get(f"/certificates/{certificate_id}.pdf").data)
    text = "\n".join(lines)
    assert "Course certificate" in lines
    assert "Enhet Allmennlegetjenester confirms that" in lines
    assert re.search(r"Issued by:\s+Enhet Allmennlegetjenester", text)
    assert re.search(r"Course version:\s+1\n", text)
    assert re.search(r"Length:\s+about 60 minutes", text)
    assert "The course covered" in lines


def test_the_configured_organisation_issues_the_certificate(
    app, client, auth, courses, make_person
):
    app.config["ORGANISATION_NAME"] = "Vestvågøy kommune"
    person = make_person()
    certificate_id = certificate_of_course(app, person, "taushetsplikt")
    auth.login(person)
    lines = pdf_lines(client.get(f"/certificates/{certificate_id}.pdf").data)
    assert "Vestvågøy kommune bekrefter at" in lines


def test_an_older_version_names_itself_and_not_the_lessons_of_the_new_one(
    app, client, auth, courses, make_person
):
    person = make_person()
    certificate_id = certificate_of_course(app, person, "taushetsplikt")
    with app.extensions["portal.sessionmaker"]() as session:
        session.get(Certificate, certificate_id).record.reference = "taushetsplikt v0"
        session.commit()
    auth.login(person)
    text = "\n".join(pdf_lines(client.get(f"/certificates/{certificate_id}.pdf").data))
    assert re.search(r"Kursversjon:\s+0\n", text)
    assert "Kurset omfattet" not in text
    assert "Hovedregelen om taushetsplikt" not in text


def test_the_portfolio_keeps_each_control_code_on_one_line(app, client, auth, courses, make_person):
    person = make_person()
    ids = [
        certificate_of_course(app, person, slug) for slug in ("taushetsplikt", "digitale-systemer")
    ]
    with app.extensions["portal.sessionmaker"]() as session:
        codes = [session.get(Certificate, i).code for i in ids]
    auth.login(person)
    lines = pdf_lines(client.get("/me/portfolio.pdf").data)
    for code in codes:
        assert len(code) == 29
        assert any(code in line for line in lines), codes
    assert any("Digitale systemer og informasjonssikkerhet" in line for line in lines)
