"""The same form sent twice at once, as a double click or two tabs send it, against a live
server on each database: carried out once, both answers a redirect to the same result, no 5xx.

Each form is read from its page as a browser reads it, so it carries the CSRF token and the
one-time key the server put in it (portal/once.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import Competence, CompetenceRecord, Submission
from portal.funds.models import Application
from portal.needs.models import NeedsRound, TrainingNeed
from portal.org.models import Deputyship, Person, Unit
from tests.factories import PASSWORD
from tests.live import Visitor

pytestmark = pytest.mark.usefixtures("live_app")

APPLICATION = {
    "title": "HLR-kurs",
    "provider": "Røde Kors",
    "start_date": "2026-12-01",
    "end_date": "2026-12-02",
    "fee": "1 500",
    "travel": "0",
    "justification": "Kravet i stillingen.",
}
"""An application for the kurspott, as an employee fills it in."""


@dataclass
class Office:
    unit: Unit
    lead: Person
    employee: Person
    admin: Person


@pytest.fixture
def office(make_unit, make_position, make_person, make_budget) -> Office:
    unit = make_unit("Leknes")
    make_position("Helsesekretær")
    make_budget(unit, 1_000_000)
    return Office(
        unit=unit,
        lead=make_person(unit=unit, access="lead", leads=(unit,)),
        employee=make_person(unit=unit),
        admin=make_person(unit=unit, access="admin"),
    )


def visitor(live_app: str, who: Person) -> Visitor:
    browser = Visitor(live_app)
    browser.login(who.email, PASSWORD)
    return browser


def count(db, query) -> int:
    db.rollback()  # read what the requests committed, and hold no lock
    return db.scalar(select(func.count()).select_from(query.subquery()))


def assert_carried_out_once(answers) -> None:
    statuses = sorted(answer.status_code for answer in answers)
    assert all(status < 500 for status in statuses), statuses
    assert statuses in ([302, 303], [302, 302]), statuses
    assert len({answer.headers["Location"] for answer in answers}) == 1


def test_an_application_sent_twice_is_made_once(live_app, db, office):
    browser = visitor(live_app, office.employee)
    form = {**browser.form("/funds/applications/new"), **APPLICATION}
    assert_carried_out_once(browser.post_twice_at_once("/funds/applications/new", form))
    assert count(db, select(Application).where(Application.person_id == office.employee.id)) == 1


def test_a_decision_sent_twice_is_made_once(live_app, db, office, make_application):
    application = make_application(office.employee, fee_ore=300_000)
    action = f"/funds/applications/{application.id}/decision"
    browser = visitor(live_app, office.lead)
    form = browser.form(f"/funds/applications/{application.id}", action)
    form.update(decision="full", reason="Innenfor rammen.")
    assert_carried_out_once(browser.post_twice_at_once(action, form))
    decided = select(AuditEvent).where(AuditEvent.action == "funds.application_decided")
    assert count(db, decided) == 1


def test_a_new_person_sent_twice_is_made_once(live_app, db, office):
    browser = visitor(live_app, office.admin)
    form = browser.form("/people/new")
    form.update(
        name="Kari Dobbeltklikk",
        email="kari.dobbel@example.test",
        unit_id=str(office.unit.id),
        start_date="2026-11-01",
        employment_percent="100",
        access="employee",
    )
    assert_carried_out_once(browser.post_twice_at_once("/people/new", form))
    assert count(db, select(Person).where(Person.email == "kari.dobbel@example.test")) == 1


def test_a_training_need_sent_twice_is_noted_once(live_app, db, office, make_round):
    needs_round = make_round(office.unit)
    action = f"/needs/rounds/{needs_round.id}/people/{office.employee.id}/needs"
    browser = visitor(live_app, office.lead)
    form = browser.form(f"/needs/rounds/{needs_round.id}/people/{office.employee.id}", action)
    form.update(
        title="Kurs i journalføring",
        competence_id="0",
        priority="high",
        action="internal_course",
        target_date="2027-02-01",
        estimated_cost="",
    )
    assert_carried_out_once(browser.post_twice_at_once(action, form))
    assert count(db, select(TrainingNeed).where(TrainingNeed.person_id == office.employee.id)) == 1


def test_a_correction_sent_twice_forks_nothing(live_app, db, office, make_competence, make_record):
    competence = make_competence()
    record = make_record(office.employee, competence, date(2026, 1, 10))
    action = f"/competence/records/{record.id}/correct"
    browser = visitor(live_app, office.lead)
    form = browser.form(action)
    form.update(achieved_on="2026-01-12", reference="Rettet dato")
    assert_carried_out_once(browser.post_twice_at_once(action, form))
    corrections = select(CompetenceRecord).where(CompetenceRecord.supersedes_id == record.id)
    assert count(db, corrections) == 1


def test_a_submission_approved_twice_makes_one_record(live_app, db, office, make_competence):
    competence = make_competence()
    employee = visitor(live_app, office.employee)
    form = employee.form("/competence/submissions/new")
    form.update(competence_id=str(competence.id), achieved_on="2026-11-01", reference="HLR")
    assert employee.post("/competence/submissions/new", form).status_code == 302
    db.rollback()
    submission = db.scalars(select(Submission)).one()
    action = f"/competence/submissions/{submission.id}"
    lead = visitor(live_app, office.lead)
    form = lead.form(action)
    form.update(decision="approve", reason="")
    assert_carried_out_once(lead.post_twice_at_once(action, form))
    made = select(CompetenceRecord).where(CompetenceRecord.submission_id == submission.id)
    assert count(db, made) == 1


def test_a_needs_round_sent_twice_is_opened_once(live_app, db, office):
    browser = visitor(live_app, office.lead)
    form = browser.form("/needs/rounds/new")
    form.update(title="Vår 2027", deadline="2027-03-01", unit_ids=str(office.unit.id))
    assert_carried_out_once(browser.post_twice_at_once("/needs/rounds/new", form))
    assert count(db, select(NeedsRound).where(NeedsRound.title == "Vår 2027")) == 1


def test_a_competence_sent_twice_is_made_once(live_app, db, office):
    browser = visitor(live_app, office.admin)
    form = browser.form("/competence/new")
    form.update(code="brannvern", name="Brannvern", validity_months="12")
    assert_carried_out_once(browser.post_twice_at_once("/competence/new", form))
    assert count(db, select(Competence).where(Competence.code == "brannvern")) == 1


def test_a_records_import_sent_twice_imports_once(live_app, db, office, make_competence):
    competence = make_competence("hlr", validity_months=12)
    browser = visitor(live_app, office.admin)
    form = browser.form("/competence/records/import")
    form.pop("file")  # sent as a file; the dry run's box is left unticked: import
    csv = (
        "employee_email,competence,achieved_on,expires_on,source,reference\n"
        f"{office.employee.email},hlr,2026-03-01,,KS Læring,KS-1\n"
        f"{office.lead.email},hlr,2026-03-02,,KS Læring,KS-2\n"
    )
    files = {"file": ("ks.csv", csv.encode())}
    answers = browser.post_twice_at_once("/competence/records/import", form, files=files)
    assert_carried_out_once(answers)
    made = select(CompetenceRecord).where(CompetenceRecord.competence_id == competence.id)
    assert count(db, made) == 2
    imported = select(AuditEvent).where(AuditEvent.action == "competence_record.imported")
    assert count(db, imported) == 2


def test_the_same_records_imported_from_two_tabs_at_once_are_imported_once(
    live_app, db, office, make_competence
):
    competence = make_competence("hlr", validity_months=12)
    browser = visitor(live_app, office.admin)
    forms = []
    for _tab in range(2):  # each tab has its own form key
        form = browser.form("/competence/records/import")
        form.pop("file")
        forms.append(("/competence/records/import", form))
    csv = (
        "employee_email,competence,achieved_on,expires_on,source,reference\n"
        f"{office.employee.email},hlr,2026-03-01,,KS Læring,KS-1\n"
    )
    answers = browser.post_all_at_once(forms, files={"file": ("ks.csv", csv.encode())})
    assert sorted(answer.status_code for answer in answers) == [302, 302]
    made = select(CompetenceRecord).where(CompetenceRecord.competence_id == competence.id)
    assert count(db, made) == 1


def approvals(browser: Visitor, applications) -> list[tuple[str, dict[str, str]]]:
    """The lead's filled-in approval of each application, ready to send."""
    forms = []
    for application in applications:
        action = f"/funds/applications/{application.id}/decision"
        form = browser.form(f"/funds/applications/{application.id}", action)
        forms.append((action, {**form, "decision": "full", "reason": "Kravet i stillingen."}))
    return forms


def test_ten_approvals_at_once_fill_a_budget_with_room_for_five(
    live_app, db, make_unit, make_person, make_budget, make_application
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    budget = make_budget(unit, 500_000)
    applications = [make_application(make_person(unit=unit), fee_ore=100_000) for _ in range(10)]
    browser = visitor(live_app, lead)
    forms = approvals(browser, applications)
    statuses = sorted(answer.status_code for answer in browser.post_all_at_once(forms))
    assert statuses == [302] * 5 + [409] * 5
    db.rollback()
    approved = db.scalars(
        select(Application.approved_ore).where(
            Application.budget_id == budget.id, Application.status == "approved"
        )
    ).all()
    assert approved == [100_000] * 5


def test_a_budget_cut_racing_approvals_never_overspends(
    live_app, db, make_unit, make_person, make_budget, make_application
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    budget = make_budget(unit, 1_000_000)
    applications = [make_application(make_person(unit=unit), fee_ore=200_000) for _ in range(4)]
    browser = visitor(live_app, lead)
    forms = approvals(browser, applications)
    cut = f"/funds/units/{unit.id}/budget?year=2026"
    forms.append((cut, {**browser.form(f"/funds/units/{unit.id}", cut), "amount": "4 000"}))
    statuses = [answer.status_code for answer in browser.post_all_at_once(forms)]
    assert all(status < 500 for status in statuses), statuses
    db.rollback()
    amount = db.get(type(budget), budget.id).amount_ore
    approved = db.scalars(
        select(Application.approved_ore).where(
            Application.budget_id == budget.id, Application.status == "approved"
        )
    ).all()
    # The cut is refused if approvals got there first; either way nothing is overspent.
    assert amount in (400_000, 1_000_000)
    assert sum(approved) <= amount


def test_mark_all_read_sent_twice_at_once_is_no_error(app, live_app, db, office):
    from portal.notify.models import Notification
    from portal.notify.operations import notify

    with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
        for number in range(3):
            notify(session, person=session.get(Person, office.employee.id), subject=f"Nr. {number}")
        session.commit()
    browser = visitor(live_app, office.employee)
    form = browser.form("/", "/notifications/read-all")
    assert_carried_out_once(browser.post_twice_at_once("/notifications/read-all", form))
    unread = select(Notification).where(Notification.read_dt.is_(None))
    assert count(db, unread) == 0


def test_a_deputy_named_twice_is_named_once(live_app, db, office):
    browser = visitor(live_app, office.lead)
    form = browser.form("/deputies/", "/deputies/")
    form.update(
        deputy_email=office.employee.email,
        unit_ids=str(office.unit.id),
        starts_on="2026-11-22",
        ends_on="2026-11-30",
    )
    assert_carried_out_once(browser.post_twice_at_once("/deputies/", form))
    assert count(db, select(Deputyship).where(Deputyship.deputy_id == office.employee.id)) == 1


def test_an_hr_sync_applied_twice_at_once_is_applied_once(live_app, db, office):
    from portal.org import sync

    browser = visitor(live_app, office.admin)
    form = browser.form("/people/sync", "/people/sync")
    form.pop("file")
    header = "email,name,unit,role,start_date,employment_percent,access,employee_number,end_date\n"
    csv = header + "".join(
        f"{p.email},{p.name}{' Berg' if p is office.employee else ''},Leknes,Helsesekretær,"
        f",100,{p.access},,\n"
        for p in (office.lead, office.employee, office.admin)
    )
    # The digest the preview shows, as the page puts it in the form that applies.
    digest = sync.plan(db, csv, today=date(2026, 11, 22)).digest()
    db.rollback()
    form = {**form, "digest": digest}
    answers = browser.post_twice_at_once(
        "/people/sync/apply", form, files={"file": ("hr.csv", csv.encode())}
    )
    assert_carried_out_once(answers)
    updated = select(AuditEvent).where(
        AuditEvent.action == "person.updated", AuditEvent.subject_id == office.employee.id
    )
    assert count(db, updated) == 1
