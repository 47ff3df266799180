"""The needs assessment over HTTP: rounds, self-assessments, needs, the training plan."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import Competence
from portal.needs.models import NeedsRound, SelfAssessment, TrainingNeed
from portal.notify.models import Notification
from portal.org.models import Person, Position, Unit
from tests.factories import pdf_lines


@dataclass
class World:
    unit: Unit
    other_unit: Unit
    position: Position
    hlr: Competence
    secrecy: Competence
    lead: Person
    employee: Person
    other_lead: Person
    admin: Person


@pytest.fixture
def world(
    make_unit, make_person, make_position, make_competence, make_requirement, make_record
) -> World:
    unit, other = make_unit("Leknes"), make_unit("Lofotleger")
    position = make_position("Helsesekretær")
    hlr = make_competence("hlr", name="HLR", kind="external")
    secrecy = make_competence("taushetsplikt", name="Taushetsplikt")
    make_requirement(position, hlr)
    make_requirement(position, secrecy)
    employee = make_person(unit=unit, position=position, name="Siri Olsen")
    make_record(employee, hlr, date(2023, 1, 1))  # expired 2025-01-01
    return World(
        unit=unit,
        other_unit=other,
        position=position,
        hlr=hlr,
        secrecy=secrecy,
        lead=make_person(unit=unit, access="lead", leads=(unit,)),
        employee=employee,
        other_lead=make_person(unit=other, access="lead", leads=(other,)),
        admin=make_person(unit=other, access="admin"),
    )


def self_form(world, **changes):
    return {
        f"c{world.hlr.id}": "1",
        f"c{world.secrecy.id}": "3",
        "wishes": "Jeg ønsker HLR-kurs snart.",
        **changes,
    }


def need_form(**changes):
    return {
        "title": "Fornye HLR",
        "competence_id": "0",
        "priority": "high",
        "action": "external_course",
        "target_date": "2027-01-15",
        "estimated_cost": "1 500",
        **changes,
    }


def count(db, model, *where) -> int:
    db.rollback()
    n = db.scalar(select(func.count()).select_from(model).where(*where))
    db.rollback()
    return n


def test_anonymous_is_sent_to_login(client, world, make_round, make_need):
    needs_round = make_round(world.unit)
    need = make_need(world.employee)
    rid, pid, uid = needs_round.id, world.employee.id, world.unit.id
    for path in (
        "/needs/",
        "/needs/rounds/new",
        f"/needs/rounds/{rid}",
        f"/needs/rounds/{rid}/self",
        f"/needs/rounds/{rid}/people/{pid}",
        f"/needs/units/{uid}/plan",
        f"/needs/units/{uid}/plan.csv",
        f"/needs/units/{uid}/plan.pdf",
    ):
        assert "/login" in client.get(path).location, path
    for path in (
        f"/needs/rounds/{rid}/people/{pid}/needs",
        f"/needs/needs/{need.id}/status",
        "/needs/rounds/new",
        f"/needs/rounds/{rid}/self",
    ):
        assert "/login" in client.post(path).location, path


def test_lead_opens_a_round_and_employees_are_told(client, auth, db, world):
    auth.login(world.lead)
    assert client.get("/needs/rounds/new").status_code == 200
    response = client.post(
        "/needs/rounds/new",
        data={"title": "Høst 2026", "deadline": "2026-12-15", "unit_ids": [str(world.unit.id)]},
    )
    assert response.status_code == 302
    needs_round = db.scalar(select(NeedsRound))
    assert (needs_round.title, needs_round.deadline) == ("Høst 2026", date(2026, 12, 15))
    assert [u.id for u in needs_round.units] == [world.unit.id]
    assert count(db, Notification, Notification.person_id == world.employee.id) == 1
    assert count(db, AuditEvent, AuditEvent.action == "needs.round_opened") == 1


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "deadline": "2026-12-15"},
        {"title": "Høst", "deadline": "2026-11-01"},
        {"title": "Høst", "deadline": "snart"},
        {"title": "Høst", "deadline": "2026-12-15", "unit_ids": []},
        {"title": "Høst", "deadline": "2026-12-15", "unit_ids": ["other"]},
    ],
)
def test_bad_round_is_refused(client, auth, db, world, data):
    auth.login(world.lead)
    data = {"unit_ids": [str(world.unit.id)], **data}
    if data["unit_ids"] == ["other"]:
        data["unit_ids"] = [str(world.other_unit.id)]  # not in the lead's scope
    assert client.post("/needs/rounds/new", data=data).status_code == 422
    assert count(db, NeedsRound) == 0


def test_employee_cannot_open_rounds_or_see_the_lead_s_pages(client, auth, world, make_round):
    needs_round = make_round(world.unit)
    auth.login(world.employee)
    assert client.get("/needs/rounds/new").status_code == 403
    assert client.get(f"/needs/rounds/{needs_round.id}").status_code == 403
    assert (
        client.get(f"/needs/rounds/{needs_round.id}/people/{world.employee.id}").status_code == 403
    )
    assert client.get(f"/needs/units/{world.unit.id}/plan").status_code == 403
    assert client.get(f"/needs/units/{world.unit.id}/plan.csv").status_code == 403


def test_employee_fills_in_and_changes_a_self_assessment(client, auth, db, world, make_round):
    needs_round = make_round(world.unit)
    auth.login(world.employee)
    home = client.get("/").get_data(as_text=True)
    assert "Fyll ut egenvurderingen for Høst 2026" in home
    page = client.get(f"/needs/rounds/{needs_round.id}/self").get_data(as_text=True)
    assert "Trygg – jeg klarer dette på egen hånd" in page
    response = client.post(f"/needs/rounds/{needs_round.id}/self", data=self_form(world))
    assert response.status_code == 302
    client.post(
        f"/needs/rounds/{needs_round.id}/self", data=self_form(world, **{f"c{world.hlr.id}": "2"})
    )
    db.rollback()
    assessment = db.scalar(select(SelfAssessment))
    assert assessment.wishes == "Jeg ønsker HLR-kurs snart."
    assert {r.competence_id: r.confidence for r in assessment.ratings} == {
        world.hlr.id: 2,
        world.secrecy.id: 3,
    }
    db.rollback()
    assert count(db, SelfAssessment) == 1
    assert count(db, AuditEvent, AuditEvent.action == "needs.self_assessment_saved") == 2
    assert "Fyll ut egenvurderingen" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "changes", [{"c{hlr}": ""}, {"c{hlr}": "5"}, {"c{hlr}": "x"}, {"wishes": "x" * 4001}]
)
def test_bad_self_assessment_is_refused(client, auth, db, world, make_round, changes):
    needs_round = make_round(world.unit)
    changes = {k.format(hlr=world.hlr.id): v for k, v in changes.items()}
    auth.login(world.employee)
    response = client.post(f"/needs/rounds/{needs_round.id}/self", data=self_form(world, **changes))
    assert response.status_code == 422
    assert count(db, SelfAssessment) == 0


def test_self_assessment_after_the_deadline_changes_nothing(client, auth, db, world, make_round):
    needs_round = make_round(world.unit, deadline=date(2026, 11, 21))
    auth.login(world.employee)
    assert "Fristen er passert" in client.get(f"/needs/rounds/{needs_round.id}/self").get_data(
        as_text=True
    )
    client.post(f"/needs/rounds/{needs_round.id}/self", data=self_form(world))
    assert count(db, SelfAssessment) == 0


def test_only_the_round_s_people_fill_it_in(client, auth, world, make_person, make_round):
    needs_round = make_round(world.unit)
    auth.login(make_person(unit=world.other_unit))
    assert client.get(f"/needs/rounds/{needs_round.id}/self").status_code == 403
    assert client.get("/needs/rounds/999999/self").status_code == 404


def test_lead_sees_gap_and_wish_side_by_side_and_records_a_need(
    client, auth, db, world, make_round
):
    needs_round = make_round(world.unit)
    auth.login(world.employee)
    client.post(f"/needs/rounds/{needs_round.id}/self", data=self_form(world))
    auth.logout()
    auth.login(world.lead)
    overview = client.get(f"/needs/rounds/{needs_round.id}").get_data(as_text=True)
    assert "Siri Olsen" in overview
    assert "Utløpt" in overview
    page = client.get(f"/needs/rounds/{needs_round.id}/people/{world.employee.id}").get_data(
        as_text=True
    )
    assert "Utløpt" in page
    assert "1 – Trenger opplæring" in page
    assert "Jeg ønsker HLR-kurs snart." in page
    response = client.post(
        f"/needs/rounds/{needs_round.id}/people/{world.employee.id}/needs",
        data=need_form(competence_id=str(world.hlr.id)),
    )
    assert response.status_code == 302
    db.rollback()
    need = db.scalar(select(TrainingNeed))
    assert (need.person_id, need.round_id, need.competence_id) == (
        world.employee.id,
        needs_round.id,
        world.hlr.id,
    )
    assert (need.priority, need.action, need.estimated_cost_ore) == (
        "high",
        "external_course",
        150_000,
    )
    assert need.recorded_by_id == world.lead.id
    db.rollback()
    assert count(db, AuditEvent, AuditEvent.action == "needs.need_recorded") == 1
    # The employee sees it, with a way to apply for the course.
    auth.logout()
    auth.login(world.employee)
    mine = client.get("/needs/").get_data(as_text=True)
    assert "Fornye HLR" in mine
    assert f"/funds/applications/new?need={need.id}" in mine


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"priority": "urgent"},
        {"action": "holiday"},
        {"target_date": "snart"},
        {"estimated_cost": "1.500"},
        {"estimated_cost": "-1"},
        {"competence_id": "999999"},
    ],
)
def test_bad_need_is_refused(client, auth, db, world, make_round, changes):
    needs_round = make_round(world.unit)
    auth.login(world.lead)
    response = client.post(
        f"/needs/rounds/{needs_round.id}/people/{world.employee.id}/needs",
        data=need_form(**changes),
    )
    assert response.status_code == 422
    assert count(db, TrainingNeed) == 0


def test_other_unit_s_lead_sees_none_of_it(client, auth, db, world, make_round, make_need):
    needs_round = make_round(world.unit)
    need = make_need(world.employee, title="Hemmelig behov")
    auth.login(world.other_lead)
    assert "Høst 2026" not in client.get("/needs/").get_data(as_text=True)
    rid, pid, uid = needs_round.id, world.employee.id, world.unit.id
    for path in (
        f"/needs/rounds/{rid}",
        f"/needs/rounds/{rid}/people/{pid}",
        f"/needs/units/{uid}/plan",
        f"/needs/units/{uid}/plan.csv",
        f"/needs/units/{uid}/plan.pdf",
    ):
        assert client.get(path).status_code == 403, path
    assert (
        client.post(f"/needs/rounds/{rid}/people/{pid}/needs", data=need_form()).status_code == 403
    )
    assert client.post(f"/needs/needs/{need.id}/status", data={"status": "done"}).status_code == 403
    assert count(db, TrainingNeed, TrainingNeed.status == "open") == 1


def test_the_lead_s_own_row_in_a_round_is_not_a_link_to_a_refusal(client, auth, world, make_round):
    needs_round = make_round(world.unit)
    auth.login(world.lead)
    html = client.get(f"/needs/rounds/{needs_round.id}").get_data(as_text=True)
    own = f"/needs/rounds/{needs_round.id}/people/{world.lead.id}"
    assert world.lead.name in html
    assert own not in html
    assert client.get(own).status_code == 403
    assert f"/needs/rounds/{needs_round.id}/people/{world.employee.id}" in html


def test_person_outside_the_round_is_not_found(client, auth, world, make_person, make_round):
    needs_round = make_round(world.other_unit)
    auth.login(world.admin)
    assert (
        client.get(f"/needs/rounds/{needs_round.id}/people/{world.employee.id}").status_code == 404
    )
    assert client.get("/needs/rounds/999999").status_code == 404


def test_need_status_changes_are_audited(client, auth, db, world, make_round, make_need):
    needs_round = make_round(world.unit)
    need = make_need(world.employee, round_id=needs_round.id)
    auth.login(world.lead)
    client.post(f"/needs/needs/{need.id}/status", data={"status": "done"})
    client.post(f"/needs/needs/{need.id}/status", data={"status": "done"})
    client.post(f"/needs/needs/{need.id}/status", data={"status": "bogus"})
    db.rollback()
    assert db.get(TrainingNeed, need.id).status == "done"
    db.rollback()
    assert count(db, AuditEvent, AuditEvent.action == "needs.need_status_changed") == 1
    assert client.post("/needs/needs/999999/status", data={"status": "done"}).status_code == 404


def test_training_plan_page_csv_and_pdf(client, auth, world, make_person, make_need):
    colleague = make_person(unit=world.unit, name="Berit")
    make_need(
        world.employee, title="Lav", priority="low", target_date=date(2027, 1, 1), cost_ore=10_000
    )
    make_need(
        colleague,
        title="Høy senere",
        priority="high",
        target_date=date(2027, 6, 1),
        cost_ore=150_050,
    )
    make_need(
        world.employee,
        title="Høy først",
        priority="high",
        target_date=date(2027, 2, 1),
        cost_ore=600_000,
    )
    make_need(world.employee, title="Droppet", status="dropped", cost_ore=999_900)
    make_need(make_person(unit=world.other_unit), title="Annen enhet")
    for who in (world.lead, world.admin):
        auth.login(who)
        page = client.get(f"/needs/units/{world.unit.id}/plan").get_data(as_text=True)
        assert page.index("Høy først") < page.index("Høy senere") < page.index("Lav")
        assert "Droppet" not in page
        assert "Annen enhet" not in page
        assert "7\u00a0600,50\u00a0kr" in page
        csv = client.get(f"/needs/units/{world.unit.id}/plan.csv")
        assert csv.mimetype == "text/csv"
        lines = csv.get_data(as_text=True).splitlines()
        assert lines[0].startswith("employee_email,employee_name,need")
        assert [line.split(",")[2] for line in lines[1:]] == ["Høy først", "Høy senere", "Lav"]
        pdf = client.get(f"/needs/units/{world.unit.id}/plan.pdf")
        assert pdf.mimetype == "application/pdf"
        assert pdf.data.startswith(b"%PDF")
        assert client.get("/needs/units/999999/plan").status_code == 404
        auth.logout()


def test_round_overview_reads_in_bulk(client, auth, app, world, make_person, make_round):
    """The number of queries does not grow with the number of people in the round."""
    from sqlalchemy import event

    needs_round = make_round(world.unit)
    auth.login(world.lead)
    engine = app.extensions["portal.engine"]
    path = f"/needs/rounds/{needs_round.id}"

    def queries() -> int:
        statements: list[str] = []

        def count_it(*args):
            statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count_it)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count_it)
        return len(statements)

    few = queries()
    for _ in range(6):
        make_person(unit=world.unit, position=world.position)
    assert queries() == few


def test_deadline_reminders_go_to_those_who_have_not_answered(
    app, db, world, make_round, make_person
):
    from portal.needs.reminders import deadline_reminders

    soon = make_round(world.unit, deadline=date(2026, 11, 25))
    make_round(world.unit, deadline=date(2026, 12, 15), title="Senere")
    make_person(unit=world.unit, is_active=False)
    db.add(SelfAssessment(round_id=soon.id, person_id=world.lead.id))
    db.commit()
    reminders = list(deadline_reminders(db, date(2026, 11, 22), None))
    assert sorted(r.person_id for r in reminders) == [world.employee.id]
    assert reminders[0].key == f"needs-self-assessment:{soon.id}:{world.employee.id}"
    with app.app_context():  # as `portal reminders send` runs
        body = reminders[0].mail().body
    assert body.startswith("Fristen for å fylle ut egenvurderingen er 25.11.2026.")
    # A link the mail's reader can follow, not a bare path.
    assert body.endswith(f"\n\n{app.config['BASE_URL']}/needs/rounds/{soon.id}/self")
    assert list(deadline_reminders(db, date(2026, 11, 26), None)) == []


def test_the_plan_pdf_keeps_dashes_and_single_spaces(
    client, auth, world, make_need, make_competence
):
    hlr = make_competence(name="HLR – grunnkurs i hjerte-lungeredning")
    make_need(world.employee, title="Oppfriskning – HLR før sommeren", competence=hlr)
    auth.login(world.lead)
    lines = pdf_lines(client.get(f"/needs/units/{world.unit.id}/plan.pdf").data)
    text = "\n".join(lines)
    assert "Opplæringsplan – " in lines[0]
    assert "HLR – grunnkurs" in text
    assert "Oppfriskning – HLR" in text
    stretched = re.compile(r"HLR\s{2,}[–-]|[–-]\s{2,}grunnkurs|Oppfriskning\s{2,}")
    assert not any(stretched.search(line) for line in lines), text
