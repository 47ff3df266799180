"""What a lead does from the start page and the checklist (issue 12, "The lead acts from the
start page"): assign a missing mentor or IT contact in place, sign off any sign-off item of
their units (with a reason when it was someone else's), remind the responsible person of an
overdue item at most once a day, and sign off in one click."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.notify.models import Notification
from portal.onboarding.models import Checklist
from portal.onboarding.operations import ItemData
from tests.web.onboarding.conftest import START, item_of, read


def events(db, action: str) -> list[AuditEvent]:
    return read(db, select(AuditEvent).where(AuditEvent.action == action))


def notifications(db, person_id: int) -> list[Notification]:
    return read(db, select(Notification).where(Notification.person_id == person_id))


def checklist(db, checklist_id: int) -> Checklist:
    [found] = read(db, select(Checklist).where(Checklist.id == checklist_id))
    return found


def key() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture
def lone(world, make_person, make_checklist):
    """A second new hire in the lead's unit with neither mentor nor IT contact."""
    person = make_person(
        unit=world.unit, position=world.position, start_date=START, name="Per Alene"
    )
    made = make_checklist(
        person, items=[ItemData("signoff", "Nøkkelkort", 0, responsible_role="mentor")]
    )
    return made.id


# Assigning a missing mentor or IT contact from the start page -------------------------------


def test_the_lead_sees_a_banner_with_the_form_for_a_hire_without_helpers(client, auth, world, lone):
    auth.login(world.lead)
    page = client.get("/").text
    assert "Nyansatte uten fadder eller IT-kontakt" in page
    assert f'action="/onboarding/checklists/{lone}/missing-helpers"' in page
    assert f'id="hire{lone}-mentor_id"' in page
    assert f'id="hire{lone}-it_contact_id"' in page
    assert 'name="_once"' in page
    # the hire with both helpers has no banner; nobody outside the unit is offered
    assert f"/onboarding/checklists/{world.checklist_id}/missing-helpers" not in page
    form = page[page.index(f"hire{lone}-mentor_id") :]
    form = form[: form.index("</select>")]
    assert "Kari Kollega" in form
    assert "Sofie Fremmed" not in form
    assert "Per Alene" not in form


@pytest.mark.parametrize("who", ["other_lead", "colleague", "hire"])
def test_no_banner_for_others(client, auth, world, lone, who):
    auth.login(getattr(world, who))
    assert "Nyansatte uten fadder eller IT-kontakt" not in client.get("/").text


def test_the_lead_assigns_a_mentor_from_the_start_page(client, auth, world, db, lone):
    auth.login(world.lead)
    path = f"/onboarding/checklists/{lone}/missing-helpers"
    response = client.post(
        path, data={f"hire{lone}-mentor_id": str(world.colleague.id), "_once": key()}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").text
    assert "Kari Kollega er tildelt Per Alene, og har fått beskjed." in page
    assert checklist(db, lone).mentor_id == world.colleague.id
    assert checklist(db, lone).it_contact_id is None
    [event] = events(db, "onboarding.helpers_assigned")
    assert event.actor_id == world.lead.id
    assert event.details["changed"] == {"mentor_id": [None, world.colleague.id]}
    assert [n.subject for n in notifications(db, world.colleague.id)] == [
        "Du er fadder for Per Alene"
    ]
    # the banner now asks only for the IT contact
    assert f'id="hire{lone}-mentor_id"' not in page
    assert f'id="hire{lone}-it_contact_id"' in page


def test_assigning_from_the_start_page_keeps_a_helper_already_there(client, auth, world, db, lone):
    auth.login(world.lead)
    path = f"/onboarding/checklists/{lone}/missing-helpers"
    client.post(path, data={f"hire{lone}-mentor_id": str(world.colleague.id)})
    # a second form, opened before the first was sent, names another mentor and an IT contact
    response = client.post(
        path,
        data={
            f"hire{lone}-mentor_id": str(world.mentor.id),
            f"hire{lone}-it_contact_id": str(world.it.id),
        },
    )
    assert response.status_code == 302
    found = checklist(db, lone)
    assert (found.mentor_id, found.it_contact_id) == (world.colleague.id, world.it.id)


@pytest.mark.parametrize(
    "data",
    [
        {},  # nobody chosen
        {"mentor_id": "0", "it_contact_id": "0"},
        {"mentor_id": "abc"},
        {"mentor_id": "stranger"},  # someone outside the lead's units
        {"mentor_id": "hire"},  # the new hire themselves
        {"mentor_id": "999999"},
    ],
)
def test_bad_input_changes_nothing_and_says_why(client, auth, world, db, lone, data):
    auth.login(world.lead)
    sent = {}
    for field, value in data.items():
        if value == "stranger":
            value = str(world.stranger.id)
        elif value == "hire":
            value = str(checklist(db, lone).person_id)
        sent[f"hire{lone}-{field}"] = value
    response = client.post(f"/onboarding/checklists/{lone}/missing-helpers", data=sent)
    assert response.status_code == 302
    page = client.get("/").text
    assert "Ingenting er lagret." in page
    assert checklist(db, lone).mentor_id is None
    assert checklist(db, lone).it_contact_id is None
    assert events(db, "onboarding.helpers_assigned") == []


@pytest.mark.parametrize(("who", "status"), [("colleague", 403), ("other_lead", 403)])
def test_others_may_not_assign(client, auth, world, db, lone, who, status):
    auth.login(getattr(world, who))
    response = client.post(
        f"/onboarding/checklists/{lone}/missing-helpers",
        data={f"hire{lone}-mentor_id": str(world.colleague.id)},
    )
    assert response.status_code == status
    assert checklist(db, lone).mentor_id is None


def test_an_administrator_may_assign(client, auth, world, db, lone):
    auth.login(world.admin)
    response = client.post(
        f"/onboarding/checklists/{lone}/missing-helpers",
        data={f"hire{lone}-it_contact_id": str(world.admin.id)},
    )
    assert response.status_code == 302
    assert checklist(db, lone).it_contact_id == world.admin.id


def test_the_same_assign_form_sent_twice_is_carried_out_once(client, auth, world, db, lone):
    auth.login(world.lead)
    data = {f"hire{lone}-mentor_id": str(world.colleague.id), "_once": key()}
    path = f"/onboarding/checklists/{lone}/missing-helpers"
    first, again = client.post(path, data=data), client.post(path, data=data)
    assert (first.status_code, again.status_code) == (302, 303)
    assert again.headers["Location"] == first.headers["Location"]
    assert len(events(db, "onboarding.helpers_assigned")) == 1
    assert len(notifications(db, world.colleague.id)) == 1


def test_the_start_page_form_works_with_csrf_on(csrf_app, world, lone):
    # The prefixed form carries its own token; without it nothing is saved.
    from tests.factories import PASSWORD

    client = csrf_app.test_client()
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login) or re.search(
        r'name="csrf_token" value="([^"]+)"', login
    )
    assert token
    client.post(
        "/login",
        data={"email": world.lead.email, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    path = f"/onboarding/checklists/{lone}/missing-helpers"
    refused = client.post(path, data={f"hire{lone}-mentor_id": str(world.colleague.id)})
    assert refused.status_code in (302, 400)
    page = client.get("/").text
    found = re.search(rf'name="hire{lone}-csrf_token" type="hidden" value="([^"]+)"', page)
    assert found
    response = client.post(
        path,
        data={
            f"hire{lone}-mentor_id": str(world.colleague.id),
            f"hire{lone}-csrf_token": found.group(1),
            "_once": key(),
        },
    )
    assert response.status_code == 302
    assert "Kari Kollega er tildelt Per Alene" in client.get("/").text


# Signing off someone else's item ------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "admin"])
def test_the_lead_signs_off_the_mentors_item_with_a_reason(client, auth, world, db, who):
    item_id = world.items["Telefon og timebok"]
    auth.login(getattr(world, who))
    page = client.get(f"/onboarding/items/{item_id}").text
    assert "Hvorfor kvitterer du ut for den ansvarlige?" in page
    missing = client.post(f"/onboarding/items/{item_id}/confirm", data={"reason": "  "})
    assert missing.status_code == 422
    assert "Skriv hvorfor du kvitterer ut punktet: det er en annen sitt ansvar." in missing.text
    assert item_of(db, item_id).completed_dt is None
    assert events(db, "onboarding.item_signed_off") == []

    response = client.post(
        f"/onboarding/items/{item_id}/confirm",
        data={"reason": "Fadderen er syk; jeg viste telefonen selv.", "_once": key()},
    )
    assert response.status_code == 302
    item = item_of(db, item_id)
    assert item.completed_by_id == getattr(world, who).id
    [event] = events(db, "onboarding.item_signed_off")
    assert event.actor_id == getattr(world, who).id
    assert event.details["reason"] == "Fadderen er syk; jeg viste telefonen selv."
    assert event.details["responsible_role"] == "mentor"


def test_the_lead_signs_their_own_item_without_a_reason(client, auth, world, db):
    item_id = world.items["Oppfølgingssamtale"]
    auth.login(world.lead)
    response = client.post(f"/onboarding/items/{item_id}/confirm")
    assert response.status_code == 302
    [event] = events(db, "onboarding.item_signed_off")
    assert "reason" not in event.details


@pytest.mark.parametrize("who", ["other_lead", "colleague", "hire", "stranger"])
def test_others_may_not_sign_for_the_mentor(client, auth, world, db, who):
    item_id = world.items["Telefon og timebok"]
    auth.login(getattr(world, who))
    response = client.post(f"/onboarding/items/{item_id}/confirm", data={"reason": "Fordi"})
    assert response.status_code == 403
    assert item_of(db, item_id).completed_dt is None


def test_the_lead_does_not_confirm_an_acknowledgement_for_the_hire(client, auth, world, db):
    item_id = world.items["Taushetserklæring"]
    auth.login(world.lead)
    response = client.post(
        f"/onboarding/items/{item_id}/confirm", data={"reason": "Fordi", "has_read": "y"}
    )
    assert response.status_code == 403
    assert item_of(db, item_id).completed_dt is None


# One click from the list --------------------------------------------------------------------


def test_sign_off_in_one_click_returns_to_the_list(client, auth, world, db):
    item_id = world.items["Oppfølgingssamtale"]
    auth.login(world.lead)
    page = client.get("/onboarding/").text
    assert f'action="/onboarding/items/{item_id}/confirm"' in page
    checklist_page = client.get(f"/onboarding/checklists/{world.checklist_id}").text
    assert f'action="/onboarding/items/{item_id}/confirm"' in checklist_page
    # the mentor's item needs a reason: a link to the item's page, not a one-click button
    mentors = world.items["Telefon og timebok"]
    assert f'action="/onboarding/items/{mentors}/confirm"' not in checklist_page
    assert f'href="/onboarding/items/{mentors}">Kvitter ut med begrunnelse' in checklist_page
    response = client.post(
        f"/onboarding/items/{item_id}/confirm", data={"next": "/onboarding/", "_once": key()}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/onboarding/"
    assert "«Oppfølgingssamtale» er kvittert." in client.get("/onboarding/").text
    assert item_of(db, item_id).completed_by_id == world.lead.id


def test_one_click_never_sends_the_user_off_the_site(client, auth, world):
    auth.login(world.lead)
    response = client.post(
        f"/onboarding/items/{world.items['Oppfølgingssamtale']}/confirm",
        data={"next": "//evil.example/"},
    )
    assert response.headers["Location"] == f"/onboarding/checklists/{world.checklist_id}"


def test_the_mentor_signs_off_in_one_click_from_the_list(client, auth, world, db):
    item_id = world.items["Telefon og timebok"]
    auth.login(world.mentor)
    assert f'action="/onboarding/items/{item_id}/confirm"' in client.get("/onboarding/").text
    data = {"next": "/onboarding/", "_once": key()}
    first = client.post(f"/onboarding/items/{item_id}/confirm", data=data)
    again = client.post(f"/onboarding/items/{item_id}/confirm", data=data)
    assert (first.status_code, again.status_code) == (302, 303)
    assert len(events(db, "onboarding.item_signed_off")) == 1


# Reminding the responsible person -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "responsible"),
    [("Telefon og timebok", "mentor"), ("EPJ-tilgang", "it"), ("Taushetserklæring", "hire")],
)
def test_the_lead_reminds_the_responsible_person_once_a_day(
    client, auth, world, db, title, responsible
):
    item_id = world.items[title]
    person = getattr(world, responsible)
    auth.login(world.lead)
    page = client.get(f"/onboarding/items/{item_id}").text
    assert f'action="/onboarding/items/{item_id}/remind"' in page
    assert f"Du kan sende {person.name} en påminnelse" in page
    response = client.post(f"/onboarding/items/{item_id}/remind", data={"_once": key()})
    assert response.status_code == 302
    assert f"Påminnelse sendt til {person.name}." in client.get("/").text
    [notification] = notifications(db, person.id)
    assert title in notification.subject
    assert notification.link == f"/onboarding/items/{item_id}"
    [event] = events(db, "onboarding.reminder_sent")
    assert event.actor_id == world.lead.id
    assert event.details["person_id"] == person.id

    # a second time the same day, by anyone: a clear message, nothing sent
    auth.login(world.admin)
    again = client.post(f"/onboarding/items/{item_id}/remind", data={"_once": key()})
    assert again.status_code == 302
    assert "har allerede fått en påminnelse" in client.get("/").text
    assert len(notifications(db, person.id)) == 1
    assert len(events(db, "onboarding.reminder_sent")) == 1


def test_a_reminder_is_sent_again_the_next_day(client, auth, world, db, app):
    from datetime import date

    item_id = world.items["Telefon og timebok"]
    auth.login(world.lead)
    client.post(f"/onboarding/items/{item_id}/remind")
    app.config["TODAY"] = date(2026, 11, 23)
    assert client.post(f"/onboarding/items/{item_id}/remind").status_code == 302
    assert len(notifications(db, world.mentor.id)) == 2


def test_a_reminder_is_mailed(client, auth, world, app, caplog):
    item_id = world.items["Telefon og timebok"]
    auth.login(world.lead)
    with caplog.at_level("INFO"):
        client.post(f"/onboarding/items/{item_id}/remind")
    assert world.mentor.email in caplog.text


def test_an_item_not_overdue_is_not_reminded(client, auth, world, db):
    item_id = world.items["course"]  # due in 14 days, the hire's to do
    auth.login(world.lead)
    assert (
        f"/onboarding/items/{item_id}/remind" not in client.get(f"/onboarding/items/{item_id}").text
    )
    response = client.post(f"/onboarding/items/{item_id}/remind")
    assert response.status_code == 302
    assert notifications(db, world.hire.id) == []


def test_the_leads_own_item_has_no_one_to_remind(client, auth, world):
    auth.login(world.lead)
    item_id = world.items["Oppfølgingssamtale"]
    assert client.post(f"/onboarding/items/{item_id}/remind").status_code == 403


@pytest.mark.parametrize(
    ("who", "status"), [("colleague", 403), ("other_lead", 403), ("hire", 403)]
)
def test_others_may_not_remind(client, auth, world, db, who, status):
    auth.login(getattr(world, who))
    response = client.post(f"/onboarding/items/{world.items['Telefon og timebok']}/remind")
    assert response.status_code == status
    assert notifications(db, world.mentor.id) == []


def test_the_same_reminder_form_sent_twice_is_carried_out_once(client, auth, world, db):
    auth.login(world.lead)
    path = f"/onboarding/items/{world.items['EPJ-tilgang']}/remind"
    data = {"_once": key()}
    first, again = client.post(path, data=data), client.post(path, data=data)
    assert (first.status_code, again.status_code) == (302, 303)
    assert len(notifications(db, world.it.id)) == 1
