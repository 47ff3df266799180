"""External records with evidence, submissions and their review, corrections and history."""

from __future__ import annotations

import gc
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import CompetenceRecord, Evidence, Submission
from portal.notify.models import Notification

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def count(db, model) -> int:
    value = db.scalar(select(func.count()).select_from(model))
    db.rollback()
    return value


def record_data(gap_org, **extra):
    return {
        "competence_id": gap_org.hlr.id,
        "achieved_on": "2026-11-20",
        "reference": "Norsk Folkehjelp",
        **extra,
    }


def upload(data: bytes = PDF, name: str = "kursbevis.pdf"):
    return (io.BytesIO(data), name)


def test_lead_registers_an_external_record_with_evidence(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    url = f"/competence/people/{gap_org.employee.id}/records/new"
    assert client.get(f"{url}?competence=hlr").status_code == 200
    response = client.post(
        url, data=record_data(gap_org, evidence=upload()), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    new = db.scalar(select(CompetenceRecord).order_by(CompetenceRecord.id.desc()).limit(1))
    # Renewed inside the window of the record expiring 2027-01-10: runs on from that date.
    assert (new.source, new.achieved_on, new.expires_on) == (
        "external",
        date(2026, 11, 20),
        date(2029, 1, 10),
    )
    evidence = db.scalar(select(Evidence).where(Evidence.record_id == new.id))
    assert (evidence.content_type, evidence.filename, evidence.data) == (
        "application/pdf",
        "kursbevis.pdf",
        PDF,
    )
    assert (
        db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
        == "competence_record.registered"
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "kursbevis.pdf"),
        (b"GIF89a....", "bilde.png"),
        (b"", "tom.pdf"),
    ],
)
def test_wrong_type_is_refused_and_stores_nothing(client, auth, db, gap_org, data, name):
    auth.login(gap_org.lead_a)
    before = (count(db, CompetenceRecord), count(db, Evidence))
    response = client.post(
        f"/competence/people/{gap_org.employee.id}/records/new",
        data=record_data(gap_org, evidence=upload(data, name)),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "PDF, PNG eller JPEG" in response.get_data(as_text=True) or data == b""
    assert (count(db, CompetenceRecord), count(db, Evidence)) == before


# Werkzeug's test client spools a body this large to a temporary file of its own and leaves
# closing it to the garbage collector; collect it here, inside this test.
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_file_over_ten_megabytes_is_refused(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = client.post(
        f"/competence/people/{gap_org.employee.id}/records/new",
        data=record_data(gap_org, evidence=upload(big)),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "10 MB" in response.get_data(as_text=True)
    assert count(db, Evidence) == 0
    del response
    gc.collect()


@pytest.mark.parametrize(
    "data",
    [
        {"achieved_on": "not a date"},
        {"achieved_on": "2026-11-20", "expires_on": "2026-10-01"},
        {"competence_id": "999999"},
        {"competence_id": "abc"},
    ],
)
def test_bad_record_input_is_refused(client, auth, db, gap_org, data):
    auth.login(gap_org.lead_a)
    response = client.post(
        f"/competence/people/{gap_org.employee.id}/records/new", data=record_data(gap_org, **data)
    )
    assert response.status_code == 422
    assert count(db, CompetenceRecord) == 1


def test_other_units_lead_and_employee_may_not_register(client, auth, gap_org):
    auth.login(gap_org.lead_b)
    url = f"/competence/people/{gap_org.employee.id}/records/new"
    assert client.get(url).status_code == 403
    assert client.post(url, data=record_data(gap_org)).status_code == 403
    assert client.get("/competence/people/999999/records/new").status_code == 404


def test_employee_may_not_register(client, auth, gap_org):
    auth.login(gap_org.employee)
    url = f"/competence/people/{gap_org.employee.id}/records/new"
    assert client.get(url).status_code == 403


@pytest.fixture
def evidence_id(app, client, gap_org):
    with app.test_client() as lead:
        lead.post(
            "/login", data={"email": gap_org.lead_a.email, "password": "correct-horse-battery"}
        )
        lead.post(
            f"/competence/people/{gap_org.employee.id}/records/new",
            data=record_data(gap_org, evidence=upload()),
            content_type="multipart/form-data",
        )
    with app.extensions["portal.sessionmaker"]() as session:
        return session.scalar(select(Evidence.id))


@pytest.mark.parametrize(
    ("who", "expected"),
    [("employee", 200), ("lead_a", 200), ("admin", 200), ("lead_b", 403), ("other", 403)],
)
def test_evidence_is_served_only_to_person_leads_and_admins(
    client, auth, gap_org, evidence_id, who, expected
):
    auth.login(getattr(gap_org, who))
    response = client.get(f"/competence/evidence/{evidence_id}")
    assert response.status_code == expected
    if expected == 200:
        assert response.data == PDF
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"] == 'attachment; filename="kursbevis.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_evidence_needs_login_and_an_existing_id(client, auth, gap_org):
    assert "/login" in client.get("/competence/evidence/1").headers["Location"]
    auth.login(gap_org.admin)
    assert client.get("/competence/evidence/999999").status_code == 404


def test_employee_submits_and_the_lead_is_told(client, auth, db, gap_org):
    auth.login(gap_org.employee)
    page = client.get("/competence/submissions/new?competence=hlr").get_data(as_text=True)
    assert f'<option selected value="{gap_org.hlr.id}">' in page
    response = client.post(
        "/competence/submissions/new",
        data=record_data(gap_org, evidence=upload()),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    submission = db.scalar(select(Submission))
    assert (submission.state, submission.person_id) == ("pending", gap_org.employee.id)
    told = db.scalars(select(Notification.person_id)).all()
    assert told == [gap_org.lead_a.id]
    assert count(db, Evidence) == 1
    assert count(db, CompetenceRecord) == 1


def test_submission_with_a_wrong_file_stores_nothing(client, auth, db, gap_org):
    auth.login(gap_org.employee)
    response = client.post(
        "/competence/submissions/new",
        data=record_data(gap_org, evidence=upload(b"MZ\x90", "bevis.pdf")),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert (count(db, Submission), count(db, Evidence), count(db, Notification)) == (0, 0, 0)


@pytest.fixture
def submission_id(app, gap_org):
    with app.test_client() as employee:
        employee.post(
            "/login", data={"email": gap_org.employee.email, "password": "correct-horse-battery"}
        )
        employee.post(
            "/competence/submissions/new",
            data=record_data(gap_org, evidence=upload()),
            content_type="multipart/form-data",
        )
    with app.extensions["portal.sessionmaker"]() as session:
        return session.scalar(select(Submission.id))


def test_lead_approves_a_submission(client, auth, db, gap_org, submission_id):
    auth.login(gap_org.lead_a)
    assert "Ansatt A" in client.get("/competence/submissions/").get_data(as_text=True)
    response = client.post(f"/competence/submissions/{submission_id}", data={"decision": "approve"})
    assert response.status_code == 302
    submission = db.get(Submission, submission_id)
    record = db.get(CompetenceRecord, submission.record_id)
    assert (submission.state, record.expires_on) == ("approved", date(2029, 1, 10))
    evidence = db.scalar(select(Evidence))
    assert evidence.record_id == record.id
    told = db.scalars(select(Notification.person_id).order_by(Notification.id)).all()
    assert told[-1] == gap_org.employee.id
    db.rollback()
    again = client.post(f"/competence/submissions/{submission_id}", data={"decision": "approve"})
    assert again.status_code == 403  # decided already


def test_rejection_needs_a_reason_and_tells_the_employee(client, auth, db, gap_org, submission_id):
    auth.login(gap_org.lead_a)
    url = f"/competence/submissions/{submission_id}"
    assert client.post(url, data={"decision": "reject", "reason": " "}).status_code == 422
    assert (
        client.post(url, data={"decision": "reject", "reason": "Beviset er uleselig."}).status_code
        == 302
    )
    submission = db.get(Submission, submission_id)
    assert (submission.state, submission.reason) == ("rejected", "Beviset er uleselig.")
    notification = db.scalar(select(Notification).order_by(Notification.id.desc()).limit(1))
    assert notification.person_id == gap_org.employee.id
    assert notification.body == "Beviset er uleselig."
    assert count(db, CompetenceRecord) == 1


@pytest.mark.parametrize(
    ("who", "get", "post"),
    [("employee", 200, 403), ("lead_b", 403, 403), ("other", 403, 403), ("admin", 200, 302)],
)
def test_who_may_see_and_decide_a_submission(client, auth, gap_org, submission_id, who, get, post):
    auth.login(getattr(gap_org, who))
    url = f"/competence/submissions/{submission_id}"
    assert client.get(url).status_code == get
    assert client.post(url, data={"decision": "approve"}).status_code == post


def test_submission_pages_need_login(client):
    for url in (
        "/competence/submissions/",
        "/competence/submissions/new",
        "/competence/submissions/1",
    ):
        assert "/login" in client.get(url).headers["Location"]


def test_correction_supersedes_and_history_keeps_both(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    old_id = gap_org.record.id
    response = client.post(
        f"/competence/records/{old_id}/correct",
        data={"achieved_on": "2025-01-20", "expires_on": "", "note": "Feil dato"},
    )
    assert response.status_code == 302
    new = db.scalar(select(CompetenceRecord).where(CompetenceRecord.supersedes_id == old_id))
    assert (new.source, new.achieved_on, new.expires_on) == (
        "correction",
        date(2025, 1, 20),
        date(2027, 1, 20),
    )
    new_id = new.id
    db.rollback()
    page = client.get(f"/competence/people/{gap_org.employee.id}").get_data(as_text=True)
    assert "10.01.2025" in page
    assert "20.01.2025" in page
    assert "erstattet" in page
    # The old record can no longer be corrected; the new one can be voided.
    assert client.get(f"/competence/records/{old_id}/correct").status_code == 404
    assert client.post(f"/competence/records/{new_id}/void", data={"reason": ""}).status_code == 422
    assert (
        client.post(
            f"/competence/records/{new_id}/void", data={"reason": "Registrert på feil person"}
        ).status_code
        == 302
    )
    rows = client.get("/reports/gaps.csv").get_data(as_text=True)
    assert "ansatt@a.test,Ansatt A,Enhet A,Helsesekretær,HLR,mandatory,missing,," in rows
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["competence_record.corrected", "competence_record.voided"]


def test_other_lead_may_not_correct_or_see_history(client, auth, gap_org):
    auth.login(gap_org.lead_b)
    assert client.get(f"/competence/records/{gap_org.record.id}/correct").status_code == 403
    assert (
        client.post(
            f"/competence/records/{gap_org.record.id}/void", data={"reason": "x"}
        ).status_code
        == 403
    )
    assert client.get(f"/competence/people/{gap_org.employee.id}").status_code == 403
    assert client.get("/competence/records/999999/correct").status_code == 404


def test_person_sees_own_history(client, auth, gap_org):
    auth.login(gap_org.employee)
    page = client.get(f"/competence/people/{gap_org.employee.id}")
    assert page.status_code == 200
    assert "10.01.2025" in page.get_data(as_text=True)
    assert client.get(f"/competence/people/{gap_org.other.id}").status_code == 403


def test_lead_may_not_register_or_correct_their_own_competence(
    client, auth, db, gap_org, make_record
):
    auth.login(gap_org.lead_a)
    url = f"/competence/people/{gap_org.lead_a.id}/records/new"
    assert client.post(url, data=record_data(gap_org)).status_code == 403
    own = make_record(gap_org.lead_a, gap_org.hlr, date(2026, 1, 1))
    assert (
        client.post(f"/competence/records/{own.id}/correct", data=record_data(gap_org)).status_code
        == 403
    )
    assert client.post(f"/competence/records/{own.id}/void").status_code == 403
    assert count(db, CompetenceRecord) == 2
