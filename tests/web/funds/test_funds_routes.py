"""The kurspott over HTTP: who may do what, decisions and their money, bad input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.funds.models import Application, Budget
from portal.notify.models import Notification
from portal.org.models import Person, Unit


@dataclass
class World:
    unit: Unit
    other_unit: Unit
    lead: Person
    employee: Person
    other_lead: Person
    admin: Person
    budget: Budget


@pytest.fixture
def world(make_unit, make_person, make_budget) -> World:
    unit, other = make_unit("Leknes"), make_unit("Lofotleger")
    return World(
        unit=unit,
        other_unit=other,
        lead=make_person(unit=unit, access="lead", leads=(unit,)),
        employee=make_person(unit=unit),
        other_lead=make_person(unit=other, access="lead", leads=(other,)),
        admin=make_person(unit=other, access="admin"),
        budget=make_budget(unit, 1_000_000),
    )


def application_form(**changes) -> dict:
    form = {
        "title": "HLR-kurs",
        "provider": "Røde Kors",
        "start_date": "2026-12-01",
        "end_date": "2026-12-02",
        "fee": "1 500",
        "travel": "300,50",
        "accommodation": "",
        "justification": "Kravet i stillingen.",
        "need_id": "0",
        "competence_id": "0",
    }
    return {**form, **changes}


def usage(db, budget_id: int) -> tuple[int, int]:
    """(committed, spent) of a budget, read fresh; the read transaction ends at once, for
    SQLite lets no request commit while another connection is reading."""
    db.rollback()
    rows = db.scalars(select(Application).where(Application.budget_id == budget_id)).all()
    sums = (
        sum(a.approved_ore for a in rows if a.status == "approved"),
        sum(a.spent_ore for a in rows if a.status == "completed"),
    )
    db.rollback()
    return sums


def audits(db, action: str) -> int:
    return db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    )


# --- who may see what --------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_everywhere(client, world, make_application):
    application = make_application(world.employee)
    for path in (
        "/funds/",
        "/funds/applications/new",
        f"/funds/applications/{application.id}",
        f"/funds/units/{world.unit.id}",
        f"/funds/units/{world.unit.id}/forecast",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/login" in response.location, path
    for path in (
        f"/funds/applications/{application.id}/decision",
        f"/funds/applications/{application.id}/cancel",
        f"/funds/applications/{application.id}/cost",
        f"/funds/units/{world.unit.id}/budget",
    ):
        response = client.post(path)
        assert response.status_code == 302, path
        assert "/login" in response.location, path


def test_employee_sees_only_own_applications(client, auth, world, make_person, make_application):
    mine = make_application(world.employee, title="Mitt kurs")
    colleague = make_application(make_person(unit=world.unit), title="Kollegas kurs")
    auth.login(world.employee)
    page = client.get("/funds/").get_data(as_text=True)
    assert "Mitt kurs" in page
    assert "Kollegas kurs" not in page
    assert client.get(f"/funds/applications/{mine.id}").status_code == 200
    assert client.get(f"/funds/applications/{colleague.id}").status_code == 403
    assert client.get(f"/funds/units/{world.unit.id}").status_code == 403
    assert client.get(f"/funds/units/{world.unit.id}/forecast").status_code == 403
    assert (
        client.post(
            f"/funds/applications/{colleague.id}/decision",
            data={"decision": "reject", "reason": "Nei"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/funds/units/{world.unit.id}/budget", data={"year": "2026", "amount": "1"}
        ).status_code
        == 403
    )
    assert client.get("/funds/applications/999999").status_code == 404


def test_employee_cannot_decide_own_application_even_as_lead(client, auth, world, make_application):
    own = make_application(world.lead)
    auth.login(world.lead)
    assert (
        client.post(
            f"/funds/applications/{own.id}/decision", data={"decision": "full", "reason": "Ja"}
        ).status_code
        == 403
    )


def test_other_units_lead_sees_none_of_it(client, auth, world, make_application):
    application = make_application(world.employee, title="Leknes-kurs")
    auth.login(world.other_lead)
    assert "Leknes-kurs" not in client.get("/funds/").get_data(as_text=True)
    assert "Leknes-kurs" not in client.get("/").get_data(as_text=True)
    for path in (
        f"/funds/applications/{application.id}",
        f"/funds/units/{world.unit.id}",
        f"/funds/units/{world.unit.id}/forecast",
    ):
        assert client.get(path).status_code == 403, path
    for path, data in (
        (f"/funds/applications/{application.id}/decision", {"decision": "full", "reason": "Ja"}),
        (f"/funds/applications/{application.id}/cancel", {}),
        (f"/funds/applications/{application.id}/cost", {"spent": "1"}),
        (f"/funds/units/{world.unit.id}/budget", {"year": "2026", "amount": "1"}),
    ):
        assert client.post(path, data=data).status_code == 403, path


def test_lead_and_admin_see_the_unit(client, auth, world, make_application):
    application = make_application(world.employee, title="Leknes-kurs")
    for who in (world.lead, world.admin):
        auth.login(who)
        assert "Leknes-kurs" in client.get("/funds/").get_data(as_text=True)
        assert "Leknes-kurs" in client.get("/").get_data(as_text=True)  # the waiting panel
        overview = client.get(f"/funds/units/{world.unit.id}").get_data(as_text=True)
        assert "10\u00a0000\u00a0kr" in overview
        assert client.get(f"/funds/units/{world.unit.id}?year=abc").status_code == 200
        assert client.get(f"/funds/units/{world.unit.id}?year=99999").status_code == 200
        assert client.get(f"/funds/units/{world.unit.id}/forecast").status_code == 200
        assert client.get(f"/funds/applications/{application.id}").status_code == 200
        assert client.get("/funds/units/999999").status_code == 404
        auth.logout()


# --- applying --------------------------------------------------------------------------------


def test_employee_applies_and_the_lead_is_told(client, auth, db, world):
    auth.login(world.employee)
    response = client.post("/funds/applications/new", data=application_form())
    assert response.status_code == 302
    application = db.scalar(select(Application))
    assert (application.fee_ore, application.travel_ore, application.accommodation_ore) == (
        150_000,
        30_050,
        0,
    )
    assert application.requested_ore == 180_050
    assert (application.status, application.unit_id) == ("pending", world.unit.id)
    assert audits(db, "funds.application_submitted") == 1
    assert db.scalar(select(Notification.person_id)) == world.lead.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fee": "1.500"}, "Bruk komma før øre"),
        ({"fee": "-5"}, "kan ikke være negativt"),
        ({"fee": ""}, "Skriv inn et beløp"),
        ({"fee": "0", "travel": ""}, "større enn 0 kr"),
        ({"travel": "mange"}, "Skriv beløpet med sifre"),
        ({"accommodation": "1,234"}, "Høyst to sifre"),
        ({"end_date": "2026-11-01"}, "Siste dag kan ikke være før første dag"),
        ({"start_date": "i morgen"}, "gyldig dato"),
        ({"title": ""}, "navnet på kurset"),
        ({"need_id": "12345"}, 'class="error"'),
        ({"competence_id": "x"}, 'class="error"'),
    ],
)
def test_bad_application_is_refused_with_a_message(client, auth, db, world, changes, message):
    auth.login(world.employee)
    response = client.post("/funds/applications/new", data=application_form(**changes))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Application)) == 0


def test_apply_from_a_need_prefills_it(client, auth, db, world, make_need):
    need = make_need(world.employee, title="Fornye HLR", action="external_course")
    auth.login(world.employee)
    page = client.get(f"/funds/applications/new?need={need.id}").get_data(as_text=True)
    assert 'value="Fornye HLR"' in page
    client.post("/funds/applications/new", data=application_form(need_id=str(need.id)))
    assert db.scalar(select(Application.need_id)) == need.id


def test_someone_else_s_need_cannot_be_chosen(client, auth, db, world, make_person, make_need):
    need = make_need(make_person(unit=world.unit))
    auth.login(world.employee)
    page = client.get(f"/funds/applications/new?need={need.id}").get_data(as_text=True)
    assert f'value="{need.id}"' not in page
    assert (
        client.post(
            "/funds/applications/new", data=application_form(need_id=str(need.id))
        ).status_code
        == 422
    )


# --- deciding --------------------------------------------------------------------------------


def test_approval_in_part_commits_exactly_that_amount(client, auth, db, world, make_application):
    application = make_application(world.employee, fee_ore=500_000)
    auth.login(world.lead)
    response = client.post(
        f"/funds/applications/{application.id}/decision",
        data={"decision": "partial", "amount": "3 000,50", "reason": "Reisen dekkes ikke."},
    )
    assert response.status_code == 302
    assert usage(db, world.budget.id) == (300_050, 0)
    stored = db.get(Application, application.id)
    assert (stored.status, stored.decision, stored.approved_ore) == ("approved", "partial", 300_050)
    assert stored.decided_by_id == world.lead.id
    assert audits(db, "funds.application_decided") == 1
    told = db.scalar(select(Notification).where(Notification.person_id == world.employee.id))
    assert "delvis innvilget" in told.subject
    assert told.body == "Reisen dekkes ikke."
    page = client.get(f"/funds/units/{world.unit.id}").get_data(as_text=True)
    assert "6\u00a0999,50\u00a0kr" in page  # 10 000 − 3 000,50 remaining


def test_double_click_changes_nothing_the_second_time(client, auth, db, world, make_application):
    application = make_application(world.employee, fee_ore=200_000)
    auth.login(world.lead)
    form = {"decision": "partial", "amount": "1 000", "reason": "Halvparten."}
    client.post(f"/funds/applications/{application.id}/decision", data=form)
    second = client.post(
        f"/funds/applications/{application.id}/decision", data=form, follow_redirects=True
    )
    assert "allerede avgjort slik" in second.get_data(as_text=True)
    assert usage(db, world.budget.id) == (100_000, 0)
    assert audits(db, "funds.application_decided") == 1
    assert (
        db.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.person_id == world.employee.id)
        )
        == 1
    )
    other = client.post(
        f"/funds/applications/{application.id}/decision",
        data={"decision": "reject", "reason": "Nei likevel."},
        follow_redirects=True,
    )
    assert "allerede avgjort" in other.get_data(as_text=True)
    assert db.get(Application, application.id).status == "approved"


def test_approval_above_remaining_is_refused_and_commits_nothing(
    client, auth, db, world, make_application
):
    first = make_application(world.employee, fee_ore=800_000)
    second = make_application(world.employee, fee_ore=300_000)
    auth.login(world.lead)
    client.post(
        f"/funds/applications/{first.id}/decision", data={"decision": "full", "reason": "Ja."}
    )
    response = client.post(
        f"/funds/applications/{second.id}/decision", data={"decision": "full", "reason": "Ja."}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "større enn det som er igjen i kurspotten (2\u00a0000\u00a0kr)" in page
    assert "Ingenting er innvilget" in page
    assert usage(db, world.budget.id) == (800_000, 0)
    assert db.get(Application, second.id).status == "pending"
    assert audits(db, "funds.application_decided") == 1
    db.rollback()
    # What does fit passes: exactly the remainder.
    client.post(
        f"/funds/applications/{second.id}/decision",
        data={"decision": "partial", "amount": "2000", "reason": "Resten."},
    )
    assert usage(db, world.budget.id) == (1_000_000, 0)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"decision": "partial", "amount": "", "reason": "x"}, "Skriv inn beløpet"),
        ({"decision": "partial", "amount": "0", "reason": "x"}, "større enn 0 kr og mindre"),
        ({"decision": "partial", "amount": "1 000", "reason": "x"}, "større enn 0 kr og mindre"),
        ({"decision": "partial", "amount": "1,2,3", "reason": "x"}, "Skriv beløpet med sifre"),
        ({"decision": "full", "reason": ""}, "Skriv en begrunnelse"),
        ({"decision": "maybe", "reason": "x"}, "Ikke et gyldig valg"),
        ({"reason": "x"}, "Velg en avgjørelse"),
    ],
)
def test_bad_decision_is_refused(client, auth, db, world, make_application, form, message):
    application = make_application(world.employee, fee_ore=100_000)
    auth.login(world.lead)
    response = client.post(f"/funds/applications/{application.id}/decision", data=form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.get(Application, application.id).status == "pending"


def test_rejection_commits_nothing(client, auth, db, world, make_application):
    application = make_application(world.employee)
    auth.login(world.admin)
    client.post(
        f"/funds/applications/{application.id}/decision",
        data={"decision": "reject", "reason": "Ikke relevant."},
    )
    assert db.get(Application, application.id).status == "rejected"
    assert usage(db, world.budget.id) == (0, 0)


def test_approval_without_a_budget_for_the_year(client, auth, db, world, make_application):
    application = make_application(world.employee, start_date=date(2027, 2, 1))
    auth.login(world.lead)
    response = client.post(
        f"/funds/applications/{application.id}/decision", data={"decision": "full", "reason": "Ja."}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert page.count("ingen kurspott for 2027") == 1
    assert "Ingenting er innvilget" in page
    assert db.get(Application, application.id).status == "pending"


def test_a_year_without_a_kurspott_is_said_once_with_the_form_to_set_it(
    client, auth, db, world, make_application
):
    application = make_application(world.employee, start_date=date(2027, 2, 1))
    auth.login(world.lead)
    page = client.get(f"/funds/applications/{application.id}").get_data(as_text=True)
    assert page.count("ingen kurspott for 2027") == 1
    assert f'action="/funds/units/{world.unit.id}/budget?year=2027"' in page
    assert "Sett kurspott for 2027" in page

    response = client.post(
        f"/funds/units/{world.unit.id}/budget?year=2027",
        data={"year": "2027", "amount": "5 000", "next": f"/funds/applications/{application.id}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/funds/applications/{application.id}"
    page = client.get(f"/funds/applications/{application.id}").get_data(as_text=True)
    assert "ingen kurspott for 2027" not in page
    assert "Kurspott 2027 for Leknes" in page
    assert (
        db.scalar(
            select(Budget.amount_ore).where(Budget.unit_id == world.unit.id, Budget.year == 2027)
        )
        == 500_000
    )


def test_setting_a_kurspott_never_sends_the_lead_off_site(client, auth, db, world):
    auth.login(world.lead)
    response = client.post(
        f"/funds/units/{world.unit.id}/budget",
        data={"year": "2027", "amount": "5 000", "next": "//evil.example/"},
    )
    assert response.headers["Location"] == f"/funds/units/{world.unit.id}?year=2027"


def test_the_applicant_is_not_offered_the_kurspott_form(client, auth, world, make_application):
    application = make_application(world.employee, start_date=date(2027, 2, 1))
    auth.login(world.employee)
    page = client.get(f"/funds/applications/{application.id}").get_data(as_text=True)
    assert "/budget" not in page


def test_the_budget_list_offers_to_set_a_missing_kurspott(client, auth, world):
    auth.login(world.admin)
    page = client.get("/funds/").get_data(as_text=True)
    assert "Ingen kurspott satt" in page
    assert f'href="/funds/units/{world.other_unit.id}?year=' in page


# --- cancelling and the actual cost -------------------------------------------------------------


def test_cancellation_frees_the_money(client, auth, db, world, make_application):
    application = make_application(
        world.employee, status="approved", approved_ore=400_000, budget=world.budget
    )
    auth.login(world.employee)
    client.post(f"/funds/applications/{application.id}/cancel")
    assert usage(db, world.budget.id) == (0, 0)
    assert audits(db, "funds.application_cancelled") == 1
    client.post(f"/funds/applications/{application.id}/cancel")  # a second click
    assert audits(db, "funds.application_cancelled") == 1


def test_actual_cost_turns_commitment_into_spending(
    client, auth, db, world, make_application, make_competence
):
    hlr = make_competence("hlr")
    application = make_application(
        world.employee, status="approved", approved_ore=400_000, budget=world.budget, competence=hlr
    )
    auth.login(world.employee)
    response = client.post(
        f"/funds/applications/{application.id}/cost", data={"spent": "3 800"}, follow_redirects=True
    )
    assert usage(db, world.budget.id) == (0, 380_000)
    assert "/competence/submissions/new?competence=hlr" in response.get_data(as_text=True)
    assert audits(db, "funds.cost_reported") == 1
    again = client.post(
        f"/funds/applications/{application.id}/cost", data={"spent": "1"}, follow_redirects=True
    )
    assert "bare meldes for en innvilget" in again.get_data(as_text=True)
    assert usage(db, world.budget.id) == (0, 380_000)
    assert client.post(f"/funds/applications/{application.id}/cancel").status_code == 302
    assert db.get(Application, application.id).status == "completed"


def test_applicant_cannot_report_more_than_was_approved(client, auth, db, world, make_application):
    application = make_application(
        world.employee, status="approved", approved_ore=900_000, budget=world.budget
    )
    auth.login(world.employee)
    response = client.post(f"/funds/applications/{application.id}/cost", data={"spent": "9 500"})
    assert response.status_code == 409
    assert "Be lederen din registrere" in response.get_data(as_text=True)
    assert usage(db, world.budget.id) == (900_000, 0)


def test_lead_reports_a_cost_above_approval_that_must_fit_the_budget(
    client, auth, db, world, make_application
):
    application = make_application(
        world.employee, status="approved", approved_ore=900_000, budget=world.budget
    )
    auth.login(world.lead)
    response = client.post(f"/funds/applications/{application.id}/cost", data={"spent": "11 000"})
    assert response.status_code == 409
    assert usage(db, world.budget.id) == (900_000, 0)
    client.post(f"/funds/applications/{application.id}/cost", data={"spent": "10 000"})
    assert usage(db, world.budget.id) == (0, 1_000_000)


def test_bad_actual_cost(client, auth, db, world, make_application):
    application = make_application(
        world.employee, status="approved", approved_ore=1, budget=world.budget
    )
    auth.login(world.employee)
    assert (
        client.post(
            f"/funds/applications/{application.id}/cost", data={"spent": "tusen"}
        ).status_code
        == 422
    )
    assert client.post(f"/funds/applications/{application.id}/cost", data={}).status_code == 422


# --- budgets ---------------------------------------------------------------------------------


def test_lead_sets_a_budget_and_it_is_audited(client, auth, db, world):
    auth.login(world.lead)
    response = client.post(
        f"/funds/units/{world.unit.id}/budget", data={"year": "2027", "amount": "55 000"}
    )
    assert response.status_code == 302
    budget = db.scalar(select(Budget).where(Budget.year == 2027))
    assert (budget.unit_id, budget.amount_ore) == (world.unit.id, 5_500_000)
    db.rollback()
    client.post(f"/funds/units/{world.unit.id}/budget", data={"year": "2027", "amount": "60000"})
    db.expire_all()
    assert db.get(Budget, budget.id).amount_ore == 6_000_000
    assert audits(db, "funds.budget_set") == 2


def test_budget_cannot_go_below_what_is_used(client, auth, db, world, make_application):
    make_application(world.employee, status="approved", approved_ore=600_000, budget=world.budget)
    auth.login(world.admin)
    response = client.post(
        f"/funds/units/{world.unit.id}/budget", data={"year": "2026", "amount": "5 000"}
    )
    assert response.status_code == 409
    assert "bundet og brukt (6\u00a0000\u00a0kr)" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Budget, world.budget.id).amount_ore == 1_000_000


@pytest.mark.parametrize(
    "data",
    [
        {"year": "2026", "amount": "1.000"},
        {"year": "1900", "amount": "1000"},
        {"year": "", "amount": "1000"},
        {},
    ],
)
def test_bad_budget_input(client, auth, db, world, data):
    auth.login(world.lead)
    assert client.post(f"/funds/units/{world.unit.id}/budget", data=data).status_code == 422
    db.expire_all()
    assert db.get(Budget, world.budget.id).amount_ore == 1_000_000


# --- overview and forecast -------------------------------------------------------------------


def test_overview_shows_fair_shares_and_competence_areas(
    client, auth, world, make_application, make_competence
):
    hlr = make_competence("hlr", name="HLR")
    make_application(
        world.employee, status="approved", approved_ore=300_000, budget=world.budget, competence=hlr
    )
    auth.login(world.lead)
    page = client.get(f"/funds/units/{world.unit.id}").get_data(as_text=True)
    assert "Fordeling per person 2024–2026" in page
    assert "+50" in page
    assert "-50" in page
    assert "HLR" in page
    assert "3\u00a0000\u00a0kr" in page


def test_forecast_counts_recertifications_and_high_needs(
    client, auth, db, world, make_record, make_competence, make_need
):
    from portal.competence.models import Competence

    hlr = make_competence("hlr", validity_months=24, name="HLR")
    with db.begin():
        db.get(Competence, hlr.id).typical_cost_ore = 150_000
    make_record(world.employee, hlr, date(2025, 3, 1))  # expires 2027-03-01
    make_need(world.lead, title="Lederkurs", priority="high", cost_ore=1_200_000)
    make_need(world.lead, title="Lavt prioritert", priority="low", cost_ore=99_900)
    auth.login(world.lead)
    page = client.get(f"/funds/units/{world.unit.id}/forecast").get_data(as_text=True)
    assert "Prognose 2027" in page
    assert "01.03.2027" in page
    assert "Lederkurs" in page
    assert "Lavt prioritert" not in page
    assert "Foreslått kurspott: 13\u00a0500\u00a0kr" in page


def test_lead_cancels_an_approval_but_rejects_rather_than_withdraws(
    client, auth, db, world, make_application
):
    pending = make_application(world.employee)
    approved = make_application(
        world.employee, status="approved", approved_ore=100_000, budget=world.budget
    )
    auth.login(world.lead)
    client.post(f"/funds/applications/{pending.id}/cancel")
    client.post(f"/funds/applications/{approved.id}/cancel")
    db.rollback()
    assert db.get(Application, pending.id).status == "pending"
    assert db.get(Application, approved.id).status == "cancelled"
    db.rollback()
    assert db.scalar(
        select(Notification.subject).where(Notification.person_id == world.employee.id)
    ).startswith("Kurssøknaden din er kansellert")
