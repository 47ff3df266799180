"""Tasks close themselves when what they ask is done, by anyone entitled to do it; notifications
that only inform are marked read one by one or all at once; each shows in the reader's
language (issue 11, "Tasks, not just messages")."""

from __future__ import annotations

import io
import secrets

import pytest
from sqlalchemy import select

from portal.competence.models import Submission
from portal.funds.models import Application
from portal.needs.models import NeedsRound
from portal.notify.models import Notification
from portal.notify.operations import notify
from portal.org.models import Person

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def key() -> str:
    return secrets.token_urlsafe(32)


def mine(db, person) -> list[Notification]:
    db.rollback()
    rows = list(
        db.scalars(
            select(Notification)
            .where(Notification.person_id == person.id)
            .order_by(Notification.id)
        )
    )
    db.expunge_all()
    return rows


def open_tasks(client) -> str:
    """The part of the notifications page that lists the open tasks."""
    page = client.get("/notifications/").get_data(as_text=True)
    return page[page.index('id="tasks-heading"') : page.index('id="notifications-heading"')]


@pytest.fixture
def second_lead(make_person, gap_org):
    """Another lead of unit A, asked for the same things as Leder A."""
    return make_person(
        unit=gap_org.a, access="lead", leads=(gap_org.a,), email="lead2@a.test", name="Leder To"
    )


def submit_evidence(client, gap_org):
    return client.post(
        "/competence/submissions/new",
        data={
            "competence_id": gap_org.hlr.id,
            "achieved_on": "2026-11-20",
            "reference": "Norsk Folkehjelp",
            "evidence": (io.BytesIO(PDF), "kursbevis.pdf"),
        },
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    "decision", [{"decision": "approve"}, {"decision": "reject", "reason": "Uleselig."}]
)
def test_a_submission_task_closes_for_every_lead_when_one_decides(
    client, auth, db, gap_org, second_lead, decision
):
    auth.login(gap_org.employee)
    assert submit_evidence(client, gap_org).status_code == 302
    auth.login(gap_org.lead_a)
    assert "Ansatt A har sendt inn dokumentasjon: HLR" in open_tasks(client)
    assert "Oppgaver til deg" in client.get("/").get_data(as_text=True)

    auth.login(second_lead)
    submission_id = db.scalar(select(Submission.id))
    db.rollback()
    response = client.post(f"/competence/submissions/{submission_id}", data=decision)
    assert response.status_code == 302

    auth.login(gap_org.lead_a)
    assert "Ansatt A har sendt inn dokumentasjon" not in open_tasks(client)
    assert "Ansatt A har sendt inn dokumentasjon" not in client.get("/").get_data(as_text=True)
    for lead in (gap_org.lead_a, second_lead):
        [task] = mine(db, lead)
        assert task.task == f"submission:{submission_id}"
        assert task.closed_dt is not None
    # the employee is told, and that only informs
    [told] = mine(db, gap_org.employee)
    assert told.task is None


def test_an_application_task_closes_when_another_lead_decides(
    client, auth, db, gap_org, second_lead, make_budget
):
    make_budget(gap_org.a, 1_000_000)
    auth.login(gap_org.employee)
    form = {
        "title": "HLR-kurs",
        "provider": "Røde Kors",
        "start_date": "2026-12-01",
        "end_date": "2026-12-02",
        "fee": "1 500",
        "travel": "",
        "accommodation": "",
        "justification": "Kravet i stillingen.",
        "need_id": "0",
        "competence_id": "0",
    }
    assert client.post("/funds/applications/new", data=form).status_code == 302
    application_id = db.scalar(select(Application.id))
    db.rollback()
    auth.login(second_lead)
    assert "Ny kurssøknad fra Ansatt A: HLR-kurs" in open_tasks(client)
    auth.login(gap_org.lead_a)
    response = client.post(
        f"/funds/applications/{application_id}/decision",
        data={"decision": "full", "reason": "Ja", "_once": key()},
    )
    assert response.status_code == 302
    auth.login(second_lead)
    assert "Ny kurssøknad" not in open_tasks(client)
    assert all(n.closed_dt is not None for n in mine(db, second_lead) + mine(db, gap_org.lead_a))


def test_the_self_assessment_task_closes_when_it_is_submitted(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    response = client.post(
        "/needs/rounds/new",
        data={"title": "Høst 2026", "deadline": "2026-12-15", "unit_ids": [str(gap_org.a.id)]},
    )
    assert response.status_code == 302
    round_id = db.scalar(select(NeedsRound.id))
    db.rollback()
    auth.login(gap_org.employee)
    assert "Fyll ut egenvurderingen innen 15.12.2026." in open_tasks(client)
    response = client.post(
        f"/needs/rounds/{round_id}/self",
        data={
            f"c{gap_org.hlr.id}": "1",
            f"c{gap_org.secrecy.id}": "3",
            "wishes": "HLR snart.",
        },
    )
    assert response.status_code == 302
    assert "Fyll ut egenvurderingen" not in open_tasks(client)
    [task] = mine(db, gap_org.employee)
    assert (task.task, task.closed_dt is not None) == (f"self_assessment:{round_id}", True)


# Informing notifications: read one by one and all at once -----------------------------------


@pytest.fixture
def told(app, gap_org):
    """Three notifications for the employee and one for somebody else."""
    with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
        employee = session.get(Person, gap_org.employee.id)
        for title in ("Første", "Andre", "Tredje"):
            notify(session, person=employee, subject=f"Melding: {title}")
        notify(session, person=session.get(Person, gap_org.other.id), subject="Til en annen")
        session.commit()


def test_one_notification_is_marked_read_and_leaves_the_list(client, auth, db, gap_org, told):
    auth.login(gap_org.employee)
    first = mine(db, gap_org.employee)[0]
    response = client.post(
        f"/notifications/{first.id}/read", data={"next": "/notifications/", "_once": key()}
    )
    assert response.location == "/notifications/"
    page = client.get("/notifications/").get_data(as_text=True)
    unread = page[page.index('id="notifications-heading"') : page.index('id="done-heading"')]
    assert "Melding: Første" not in unread
    assert "Melding: Andre" in unread
    assert "Melding: Første" in page[page.index('id="done-heading"') :]
    assert [n.read_dt is not None for n in mine(db, gap_org.employee)] == [True, False, False]


def test_mark_all_read_clears_my_notifications_but_no_task(
    client, auth, db, gap_org, second_lead, told
):
    auth.login(gap_org.employee)
    assert submit_evidence(client, gap_org).status_code == 302
    auth.login(gap_org.lead_a)
    client.post("/notifications/read-all", data={"_once": key()})
    # a task is not read away: it stays until the submission is decided
    assert "Ansatt A har sendt inn dokumentasjon" in open_tasks(client)
    auth.login(gap_org.employee)
    page = client.get("/").get_data(as_text=True)
    assert "Merk alle som lest" in page
    assert "Melding: Tredje" in page
    response = client.post("/notifications/read-all", data={"_once": key()})
    assert response.location == "/"
    assert "Melding:" not in client.get("/").get_data(as_text=True)
    assert all(n.read_dt is not None for n in mine(db, gap_org.employee))
    assert mine(db, gap_org.other)[0].read_dt is None


def test_a_task_cannot_be_marked_read_and_another_s_notification_is_not_found(
    client, auth, db, gap_org, second_lead, told
):
    auth.login(gap_org.employee)
    submit_evidence(client, gap_org)
    [task] = mine(db, gap_org.lead_a)
    auth.login(gap_org.lead_a)
    assert client.post(f"/notifications/{task.id}/read").status_code == 302
    assert mine(db, gap_org.lead_a)[0].read_dt is None
    [other] = mine(db, gap_org.other)
    assert client.post(f"/notifications/{other.id}/read").status_code == 404
    assert client.post("/notifications/999999/read").status_code == 404


def test_the_notification_forms_carry_a_once_key(client, auth, gap_org, told):
    auth.login(gap_org.employee)
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('name="_once"') == 4  # three notifications and «Merk alle som lest»


# The reader's language ------------------------------------------------------------------------


def test_a_notification_sent_in_bokmaal_shows_in_english_to_an_english_reader(
    client, auth, db, gap_org, second_lead
):
    auth.login(gap_org.employee)  # the sender writes in bokmål
    submit_evidence(client, gap_org)
    [task] = mine(db, gap_org.lead_a)
    assert task.subject == "Ansatt A har sendt inn dokumentasjon: HLR"  # as written, kept
    auth.login(gap_org.lead_a)
    client.post("/language", data={"language": "en"})
    tasks = open_tasks(client)
    assert "Ansatt A has submitted evidence: HLR" in tasks
    assert "Approve or reject the submission." in tasks
    assert "har sendt inn" not in tasks
    home = client.get("/").get_data(as_text=True)
    assert "Tasks for you" in home
    assert "Ansatt A has submitted evidence: HLR" in home
    client.post("/language", data={"language": "nb"})
    assert "Ansatt A har sendt inn dokumentasjon: HLR" in open_tasks(client)


def test_mail_is_written_in_the_language_the_recipient_chose(
    app, client, auth, db, gap_org, second_lead, caplog
):
    auth.login(gap_org.lead_a)
    client.post("/language", data={"language": "en"})
    db.rollback()
    assert db.get(Person, gap_org.lead_a.id).language == "en"
    db.rollback()
    auth.login(gap_org.employee)
    with caplog.at_level("INFO", logger="portal.notify.operations"):
        submit_evidence(client, gap_org)
    mail = "\n".join(r.getMessage() for r in caplog.records)
    assert "To: lead@a.test\nSubject: Ansatt A has submitted evidence: HLR" in mail
    assert "To: lead2@a.test\nSubject: Ansatt A har sendt inn dokumentasjon: HLR" in mail


def test_a_row_from_before_keys_shows_the_text_it_was_sent_with(client, auth, db, gap_org, app):
    with app.extensions["portal.sessionmaker"]() as session:
        session.add(
            Notification(person_id=gap_org.employee.id, subject="Gammel melding", body="Tekst")
        )
        session.commit()
    auth.login(gap_org.employee)
    client.post("/language", data={"language": "en"})
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Gammel melding" in page
    assert "Tekst" in page


def test_the_language_chosen_before_logging_in_is_kept_for_mail(client, auth, db, gap_org):
    client.post("/language", data={"language": "en"})
    auth.login(gap_org.lead_b)
    db.rollback()
    assert db.get(Person, gap_org.lead_b.id).language == "en"
