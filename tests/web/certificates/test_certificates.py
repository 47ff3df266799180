"""Certificates: who may download them, /verify for anyone, and my own competence page."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from portal.certificates.operations import issue_certificate
from portal.competence import records
from portal.competence.models import CompetenceRecord
from tests.factories import pdf_text


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
    text = pdf_text(client.get(f"/certificates/{certificate_id}.pdf").data)
    assert b"Kursversjon:" in text
    assert b"1,5 timer" in text
    assert b"Intern godkjenning" in text
