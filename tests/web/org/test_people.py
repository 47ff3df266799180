"""People pages for each kind of user, and the lead's boundary at their own units."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.org.models import Person


@pytest.fixture
def org(make_unit, make_position, make_person):
    """Two sibling units under a root, a lead for one, and people in both."""
    root = make_unit("Enhet")
    leknes = make_unit("Leknes", parent=root)
    lofot = make_unit("Lofot", parent=root)
    sub = make_unit("Leknes filial", parent=leknes)
    secretary = make_position("Helsesekretær")
    return {
        "leknes": leknes,
        "lofot": lofot,
        "sub": sub,
        "position": secretary,
        "lead": make_person(unit=leknes, access="lead", leads=(leknes,), name="Lena Leder"),
        "employee": make_person(unit=leknes, position=secretary, name="Eva Ansatt"),
        "in_sub": make_person(unit=sub, position=secretary, name="Siv Filial"),
        "other": make_person(unit=lofot, position=secretary, name="Olav Annen"),
        "other_lead": make_person(unit=lofot, access="lead", leads=(lofot,)),
        "admin": make_person(unit=root, access="admin"),
    }


def test_lead_lists_people_of_own_units_and_below_only(client, auth, org):
    auth.login(org["lead"])
    html = client.get("/people/").get_data(as_text=True)
    assert "Eva Ansatt" in html
    assert "Siv Filial" in html
    assert "Olav Annen" not in html


def test_admin_lists_everyone(client, auth, org):
    auth.login(org["admin"])
    html = client.get("/people/").get_data(as_text=True)
    assert "Eva Ansatt" in html
    assert "Olav Annen" in html


def test_people_search(client, auth, org):
    auth.login(org["admin"])
    html = client.get("/people/?q=olav").get_data(as_text=True)
    assert "Olav Annen" in html
    assert "Eva Ansatt" not in html


def test_employee_may_not_list_people(client, auth, org):
    auth.login(org["employee"])
    assert client.get("/people/").status_code == 403


@pytest.mark.parametrize(
    ("viewer", "target", "status"),
    [
        ("employee", "employee", 200),
        ("employee", "other", 403),
        ("lead", "employee", 200),
        ("lead", "in_sub", 200),
        ("lead", "other", 403),
        ("other_lead", "employee", 403),
        ("admin", "other", 200),
    ],
)
def test_person_page_visibility(client, auth, org, viewer, target, status):
    auth.login(org[viewer])
    assert client.get(f"/people/{org[target].id}").status_code == status


def test_unknown_person_is_404(client, auth, org):
    auth.login(org["admin"])
    assert client.get("/people/999999").status_code == 404


def form(org, **overrides):
    data = {
        "name": "Ny Person",
        "email": "ny@example.test",
        "unit_id": org["leknes"].id,
        "position_id": org["position"].id,
        "start_date": "2026-12-01",
        "employment_percent": "80",
    }
    data.update(overrides)
    return data


def test_lead_creates_a_person_in_own_unit(client, auth, org, db):
    auth.login(org["lead"])
    response = client.post("/people/new", data=form(org))
    assert response.status_code == 302
    person = db.scalar(select(Person).where(Person.email == "ny@example.test"))
    assert person.unit_id == org["leknes"].id
    assert person.employment_percent == 80
    assert person.start_date == person.position_since == date(2026, 12, 1)
    assert person.access == "employee"
    assert db.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "person.created", AuditEvent.object_id == str(person.id)
        )
    )


def test_lead_cannot_create_a_person_in_another_unit(client, auth, org, db):
    auth.login(org["lead"])
    response = client.post("/people/new", data=form(org, unit_id=org["lofot"].id))
    assert response.status_code == 422
    assert db.scalar(select(Person).where(Person.email == "ny@example.test")) is None


def test_lead_cannot_grant_access(client, auth, org, db):
    auth.login(org["lead"])
    client.post("/people/new", data=form(org, access="admin"))
    assert db.scalar(select(Person.access).where(Person.email == "ny@example.test")) == "employee"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Ugyldig e-postadresse"),
        ("start_date", "31.02.2026", "gyldig dato"),
        ("employment_percent", "150", "mellom 1 og 100"),
        ("name", "", "Skriv inn navnet"),
        ("position_id", "abc", "Ugyldig valg"),
    ],
)
def test_bad_person_input_is_explained_and_changes_nothing(
    client, auth, org, db, field, value, message
):
    auth.login(org["admin"])
    response = client.post("/people/new", data=form(org, **{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalar(select(Person).where(Person.email == "ny@example.test")) is None


def test_duplicate_email_is_refused(client, auth, org):
    auth.login(org["admin"])
    response = client.post("/people/new", data=form(org, email=org["other"].email.upper()))
    assert response.status_code == 422
    assert "finnes allerede" in response.get_data(as_text=True)


def test_admin_creates_a_lead_of_a_unit(client, auth, org, db):
    auth.login(org["admin"])
    client.post("/people/new", data=form(org, access="lead", led_unit_ids=[org["lofot"].id]))
    person = db.scalar(select(Person).where(Person.email == "ny@example.test"))
    assert person.access == "lead"
    assert [u.id for u in person.led_units] == [org["lofot"].id]


def test_position_change_restarts_due_dates_and_is_audited(
    app, client, auth, org, db, make_position
):
    nurse = make_position("Sykepleier")
    auth.login(org["lead"])
    employee = org["employee"]
    response = client.post(
        f"/people/{employee.id}/edit",
        data=form(
            org,
            name=employee.name,
            email=employee.email,
            position_id=nurse.id,
            start_date=employee.start_date.isoformat(),
            is_active="y",
        ),
    )
    assert response.status_code == 302
    stored = db.get(Person, employee.id)
    assert stored.position_id == nurse.id
    assert stored.position_since == app.config["TODAY"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "person.updated"))
    assert event.details["changed"]["position_id"] == [org["position"].id, nurse.id]


def test_lead_cannot_edit_someone_outside_scope(client, auth, org):
    auth.login(org["lead"])
    assert client.get(f"/people/{org['other'].id}/edit").status_code == 403
    response = client.post(f"/people/{org['other'].id}/edit", data=form(org))
    assert response.status_code == 403


def test_deactivated_person_is_logged_out_and_cannot_log_in(client, auth, org, db):
    auth.login(org["admin"])
    employee = org["employee"]
    client.post(
        f"/people/{employee.id}/edit",
        data=form(org, name=employee.name, email=employee.email, start_date="2020-01-01"),
    )
    assert db.get(Person, employee.id).is_active is False


def test_a_lead_sets_a_temporary_password_for_someone_in_their_units(client, auth, org, db):
    employee = org["in_sub"]
    auth.login(org["lead"])
    page = client.get(f"/people/{employee.id}").get_data(as_text=True)
    assert f'href="/people/{employee.id}/password"' in page
    url = f"/people/{employee.id}/password"
    assert "blir Siv Filial logget ut overalt" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"new_password": "short"}).status_code == 422
    response = client.post(url, data={"new_password": "a-temporary-password"})
    assert response.status_code == 302
    assert "Nytt passord er satt for Siv Filial" in client.get(response.location).get_data(
        as_text=True
    )
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "password.reset"))
    assert (event.actor_id, event.object_id) == (org["lead"].id, str(employee.id))
    auth.logout()
    assert auth.login(employee.email, "a-temporary-password").location == "/"


@pytest.mark.parametrize("whom", ["other", "other_lead", "admin", "lead"])
def test_a_lead_sets_no_password_outside_their_units_nor_for_an_administrator(
    client, auth, org, whom
):
    auth.login(org["lead"])
    person = org[whom]
    assert client.get(f"/people/{person.id}/password").status_code == 403
    response = client.post(f"/people/{person.id}/password", data={"new_password": "x" * 12})
    assert response.status_code == 403
    assert f"/people/{person.id}/password" not in client.get(f"/people/{person.id}").get_data(
        as_text=True
    )


def test_a_lead_sets_no_password_for_a_lead_of_a_unit_outside_theirs(
    client, auth, org, make_person
):
    both = make_person(unit=org["leknes"], access="lead", leads=(org["sub"], org["lofot"]))
    inside = make_person(unit=org["leknes"], access="lead", leads=(org["sub"],))
    auth.login(org["lead"])
    assert client.get(f"/people/{both.id}/password").status_code == 403
    assert client.get(f"/people/{inside.id}/password").status_code == 200


def test_an_employee_sets_nobody_a_password(client, auth, org):
    auth.login(org["employee"])
    assert client.get(f"/people/{org['in_sub'].id}/password").status_code == 403


def test_admin_resets_passwords(client, auth, org, db):
    url = f"/people/{org['employee'].id}/password"
    auth.login(org["admin"])
    assert client.post(url, data={"new_password": "short"}).status_code == 422
    assert client.post(url, data={"new_password": "a-fresh-long-password"}).status_code == 302
    auth.logout()
    assert auth.login(org["employee"].email, "a-fresh-long-password").location == "/"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "password.reset"))


def test_people_list_is_paged(client, auth, make_person, make_unit):
    unit = make_unit()
    admin = make_person(unit=unit, access="admin", name="Aaa Admin")
    for n in range(55):
        make_person(unit=unit, name=f"Person {n:02d}")
    auth.login(admin)
    first = client.get("/people/").get_data(as_text=True)
    assert "Side 1 av 2" in first
    assert "/people/?page=2" in first
    second = client.get("/people/?page=2").get_data(as_text=True)
    assert "Person 54" in second
    assert "Person 00" not in second


def test_admin_can_take_away_all_lead_units(client, auth, org, db):
    auth.login(org["admin"])
    lead = org["lead"]
    response = client.post(
        f"/people/{lead.id}/edit",
        data=form(org, name=lead.name, email=lead.email, access="employee", is_active="y"),
    )
    assert response.status_code == 302
    stored = db.get(Person, lead.id)
    assert stored.access == "employee"
    assert stored.led_units == []


def test_lead_cannot_change_an_administrator_in_their_unit(client, auth, org, make_person, db):
    admin_here = make_person(unit=org["leknes"], access="admin")
    auth.login(org["lead"])
    assert client.get(f"/people/{admin_here.id}/edit").status_code == 403
    assert client.post(f"/people/{admin_here.id}/edit", data=form(org)).status_code == 403
    assert db.get(Person, admin_here.id).is_active is True


def test_lead_cannot_edit_themselves(client, auth, org):
    auth.login(org["lead"])
    assert client.get(f"/people/{org['lead'].id}/edit").status_code == 403
