"""Stand-ins (stedfortredere): a deputy acts as the lead in the lent units from the first to
the last day, not a day before or after, every act logged as on the lead's behalf; a lead's
own access ends with their lead job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.org.models import Deputyship, Person, Unit
from portal.reports.reminders import due as expiry_reminders

FIRST, LAST = date(2026, 12, 10), date(2026, 12, 20)


@dataclass
class Office:
    lent: Unit  # the lead's unit handed to the deputy
    kept: Unit  # the lead's unit not handed on
    lead: Person
    deputy: Person
    in_lent: Person
    in_kept: Person
    admin: Person
    position_id: int


@pytest.fixture
def office(make_unit, make_person, make_position, make_deputyship) -> Office:
    lent, kept, elsewhere = make_unit("Leknes"), make_unit("Lofotleger"), make_unit("Legevakt")
    position = make_position("Helsesekretær")
    lead = make_person(unit=lent, access="lead", leads=(lent, kept), name="Hanne Johansen")
    deputy = make_person(unit=elsewhere, name="Anders Haug")
    office = Office(
        lent=lent,
        kept=kept,
        lead=lead,
        deputy=deputy,
        in_lent=make_person(unit=lent, name="Kari Nilsen", position=position),
        in_kept=make_person(unit=kept, name="Eva Moe", position=position),
        admin=make_person(unit=elsewhere, access="admin"),
        position_id=position.id,
    )
    make_deputyship(lead, deputy, FIRST, LAST, units=(lent,))
    return office


def on(app, day: date) -> None:
    app.config["TODAY"] = day


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2026, 12, 9), 403),
        (FIRST, 200),
        (date(2026, 12, 15), 200),
        (LAST, 200),
        (date(2026, 12, 21), 403),
    ],
)
def test_the_deputy_acts_as_lead_from_the_first_to_the_last_day(
    app, client, auth, office, day, status
):
    on(app, day)
    auth.login(office.deputy)
    assert client.get(f"/people/{office.in_lent.id}").status_code == status
    assert client.get("/people/").status_code == status
    assert client.get("/reports/gaps").status_code == status


def test_the_deputy_sees_the_lent_unit_only(app, client, auth, office):
    on(app, FIRST)
    auth.login(office.deputy)
    people = client.get("/people/").get_data(as_text=True)
    assert "Kari Nilsen" in people
    assert "Eva Moe" not in people
    assert client.get(f"/people/{office.in_kept.id}").status_code == 403
    answer = client.post(
        f"/people/{office.in_kept.id}/edit", data=edit_form(office, office.in_kept)
    )
    assert answer.status_code == 403


def test_the_deputy_does_not_manage_the_lead_they_stand_in_for(app, client, auth, office):
    on(app, FIRST)
    auth.login(office.deputy)
    assert client.get(f"/people/{office.lead.id}").status_code == 200
    assert client.get(f"/people/{office.lead.id}/edit").status_code == 403
    assert client.get(f"/people/{office.in_lent.id}/edit").status_code == 200


def test_the_deputy_is_told_whom_they_stand_in_for_and_until_when(app, client, auth, office):
    on(app, FIRST)
    auth.login(office.deputy)
    page = client.get("/").get_data(as_text=True)
    assert "Du er stedfortreder for Hanne Johansen til 20.12.2026." in page
    on(app, date(2026, 12, 21))
    assert "stedfortreder for" not in client.get("/").get_data(as_text=True)


def edit_form(office: Office, person: Person, **changes) -> dict:
    form = {
        "name": person.name,
        "email": person.email,
        "unit_id": str(person.unit_id),
        "position_id": str(office.position_id),
        "start_date": "2020-01-01",
        "employment_percent": "80",
        "is_active": "y",
    }
    return {**form, **changes}


def test_an_act_of_the_deputy_is_logged_as_done_on_behalf_of_the_lead(
    app, client, auth, db, office
):
    on(app, FIRST)
    auth.login(office.deputy)
    answer = client.post(
        f"/people/{office.in_lent.id}/edit", data=edit_form(office, office.in_lent)
    )
    assert answer.status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert (event.actor_id, event.on_behalf_of) == (office.deputy.id, office.lead.id)
    auth.logout()
    auth.login(office.admin)
    log = client.get("/admin/audit/").get_data(as_text=True)
    assert "på vegne av Hanne Johansen" in log
    csv = client.get("/admin/audit/log.csv").get_data(as_text=True)
    assert "Anders Haug på vegne av Hanne Johansen" in csv


def test_the_leads_own_acts_are_their_own(app, client, auth, db, office):
    on(app, FIRST)
    auth.login(office.lead)
    answer = client.post(
        f"/people/{office.in_lent.id}/edit", data=edit_form(office, office.in_lent)
    )
    assert answer.status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert (event.actor_id, event.on_behalf_of) == (office.lead.id, None)


def test_a_leads_access_ends_after_the_last_day_of_their_lead_job(
    app, client, auth, office, end_lead_job
):
    end_lead_job(office.lead, office.lent, date(2026, 12, 15))
    on(app, date(2026, 12, 15))
    auth.login(office.lead)
    assert client.get(f"/people/{office.in_lent.id}").status_code == 200
    on(app, date(2026, 12, 16))
    assert client.get(f"/people/{office.in_lent.id}").status_code == 403
    assert client.get(f"/people/{office.in_kept.id}").status_code == 200  # still leads that
    auth.logout()
    auth.login(office.deputy)  # nor does the deputy act for the lead there any longer
    assert client.get(f"/people/{office.in_lent.id}").status_code == 403


def deputy_form(office: Office, **changes) -> dict:
    form = {
        "deputy_email": office.deputy.email,
        "unit_ids": [str(office.lent.id)],
        "starts_on": "2026-11-22",
        "ends_on": "2026-11-30",
    }
    return {**form, **changes}


def deputyships(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(Deputyship.id)))


def test_a_lead_names_a_deputy_who_then_acts_for_them(app, client, auth, db, office):
    auth.login(office.lead)
    page = client.get("/deputies/").get_data(as_text=True)
    assert "Oppnevn en stedfortreder" in page
    answer = client.post("/deputies/", data=deputy_form(office))
    assert answer.status_code == 302
    assert deputyships(db) == 2
    page = client.get("/deputies/").get_data(as_text=True)
    assert "Anders Haug" in page
    assert "22.11.2026–30.11.2026" in page
    auth.logout()
    auth.login(office.deputy)
    assert client.get(f"/people/{office.in_lent.id}").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2026-11-21"}, "Siste dag kan ikke være før første dag."),
        (
            {"starts_on": "2026-11-01", "ends_on": "2026-11-21"},
            "Siste dag har allerede vært.",
        ),
        ({"deputy_email": "nobody@example.test"}, "Fant ingen aktiv person"),
        ({"unit_ids": []}, "Velg minst én enhet."),
        ({"unit_ids": ["999999"]}, "Velg bare enheter som lederen selv leder."),
    ],
)
def test_a_bad_deputyship_is_refused_with_a_reason_and_nothing_kept(
    app, client, auth, db, office, changes, message
):
    auth.login(office.lead)
    answer = client.post("/deputies/", data=deputy_form(office, **changes))
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert deputyships(db) == 1


def test_a_lead_cannot_be_their_own_deputy(app, client, auth, db, office):
    auth.login(office.lead)
    answer = client.post("/deputies/", data=deputy_form(office, deputy_email=office.lead.email))
    assert answer.status_code == 422
    assert "En leder kan ikke være sin egen stedfortreder." in answer.get_data(as_text=True)
    assert deputyships(db) == 1


def test_a_lead_hands_on_only_units_they_lead(app, client, auth, db, office, make_unit):
    other = make_unit("Ikke min")
    auth.login(office.admin)  # the administrator's form offers every unit
    answer = client.post(
        "/deputies/",
        data=deputy_form(office, lead_email=office.lead.email, unit_ids=[str(other.id)]),
    )
    assert answer.status_code == 422
    assert "Velg bare enheter som lederen selv leder." in answer.get_data(as_text=True)
    assert deputyships(db) == 1


def test_the_errors_read_in_english_too(app, client, auth, db, office):
    auth.login(office.lead)
    client.post("/language", data={"language": "en", "next": "/"})
    answer = client.post("/deputies/", data=deputy_form(office, ends_on="2026-11-21"))
    assert answer.status_code == 422
    assert "The last day cannot be earlier than the first day." in answer.get_data(as_text=True)


def test_a_lead_ends_a_running_deputyship_at_once(app, client, auth, db, office):
    on(app, date(2026, 12, 12))
    deputyship = db.scalar(select(Deputyship))
    auth.login(office.lead)
    answer = client.post(f"/deputies/{deputyship.id}/end")
    assert answer.status_code == 302
    db.rollback()
    assert db.get(Deputyship, deputyship.id).ends_on == date(2026, 12, 11)
    auth.logout()
    auth.login(office.deputy)
    assert client.get(f"/people/{office.in_lent.id}").status_code == 403


def test_a_deputyship_not_begun_is_removed(app, client, auth, db, office):
    deputyship = db.scalar(select(Deputyship))
    auth.login(office.lead)
    assert client.post(f"/deputies/{deputyship.id}/end").status_code == 302
    assert deputyships(db) == 0
    assert db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())) == (
        "deputyship.removed"
    )


def test_only_the_lead_or_an_administrator_changes_a_deputyship(
    app, client, auth, db, office, make_person, make_unit
):
    deputyship = db.scalar(select(Deputyship))
    unit = make_unit()
    other_lead = make_person(unit=unit, access="lead", leads=(unit,))
    auth.login(other_lead)
    assert client.post(f"/deputies/{deputyship.id}/end").status_code == 403
    assert office.deputy.name not in client.get("/deputies/").get_data(as_text=True)
    auth.logout()
    on(app, FIRST)
    auth.login(office.deputy)  # a stand-in hands nothing on
    assert client.get("/deputies/").status_code == 403
    assert client.post(f"/deputies/{deputyship.id}/end").status_code == 403
    auth.logout()
    auth.login(office.admin)
    page = client.get("/deputies/").get_data(as_text=True)
    assert "Hanne Johansen" in page
    assert "Anders Haug" in page
    assert client.post(f"/deputies/{deputyship.id}/end").status_code == 302


def test_the_expiry_digest_goes_to_the_deputy_while_they_stand_in(
    app, db, gap_org, make_person, make_deputyship
):
    deputy = make_person(unit=gap_org.b, name="Stedfortreder")
    make_deputyship(gap_org.lead_a, deputy, FIRST, LAST)
    assert office_digests(app, db, FIRST) == {gap_org.lead_a.id, deputy.id}
    assert office_digests(app, db, date(2026, 12, 21)) == {gap_org.lead_a.id}


def office_digests(app, db, day: date) -> set[int]:
    on(app, day)
    with app.app_context():
        found = expiry_reminders(db, day, timedelta(days=60))
        return {r.person_id for r in found if r.key.startswith("competence:digest:")}
