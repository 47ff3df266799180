"""Absolute links come from PORTAL_BASE_URL, never from the Host a request claims."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.certificates.operations import issue_certificate
from portal.competence.models import CompetenceRecord
from portal.notify import operations as notify_operations
from portal.notify.models import Notification
from tests.factories import PASSWORD, pdf_lines

BASE = "https://kompetanse.example.no"
EVIL = "http://evil.example"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BASE_URL": BASE}


@pytest.fixture
def mails(monkeypatch):
    sent = []
    monkeypatch.setattr(
        notify_operations, "send_all", lambda mails, config, echo: sent.extend(mails)
    )
    return sent


def login_at_evil(client, person) -> None:
    """Log in through a forged Host, so the cookie belongs to it and goes along."""
    response = client.post(
        "/login", base_url=EVIL, data={"email": person.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_a_submission_with_a_forged_host_tells_the_lead_with_the_configured_link(
    client, db, gap_org, mails
):
    login_at_evil(client, gap_org.employee)
    response = client.post(
        "/competence/submissions/new",
        base_url=EVIL,
        data={"competence_id": gap_org.hlr.id, "achieved_on": "2026-11-20", "reference": "Kurs"},
    )
    assert response.status_code == 302
    link = db.scalar(select(Notification.link))
    assert link.startswith("/competence/")
    assert mails
    assert all("evil.example" not in mail.body for mail in mails)
    assert f"{BASE}/competence/" in mails[0].body


def test_a_certificate_pdf_verifies_at_the_configured_address(
    client, app, make_person, make_competence, make_record
):
    person = make_person()
    record = make_record(person, make_competence(), date(2026, 1, 1))
    with app.extensions["portal.sessionmaker"]() as session:
        certificate = issue_certificate(session, record=session.get(CompetenceRecord, record.id))
        session.commit()
        certificate_id, code = certificate.id, certificate.code
    login_at_evil(client, person)
    response = client.get(f"/certificates/{certificate_id}.pdf", base_url=EVIL)
    assert response.status_code == 200
    text = "\n".join(pdf_lines(response.data))
    assert "evil.example" not in text
    assert f"{BASE}/verify/{code}" in text
