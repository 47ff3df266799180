"""Checklist pages: who sees them, confirmations, sign-offs, undo, drop, add, helpers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.competence.models import Competence
from portal.notify.models import Notification
from portal.onboarding.models import Checklist, ChecklistItem
from tests.factories import pdf_lines
from tests.web.onboarding.conftest import item_of, read

VIEWERS = ["hire", "mentor", "it", "lead", "admin"]
OUTSIDERS = ["colleague", "stranger", "other_lead"]


def events(db, action: str) -> list[AuditEvent]:
    return read(db, select(AuditEvent).where(AuditEvent.action == action))


def taushetsplikt(db) -> Competence:
    [competence] = read(db, select(Competence).where(Competence.code == "taushetsplikt"))
    return competence


@pytest.mark.parametrize(
    ("method", "path"),
    [
        *(
            ("get", path)
            for path in (
                "/onboarding/",
                "/onboarding/checklists/1",
                "/onboarding/items/1",
                "/onboarding/checklists/1/print",
                "/onboarding/checklists/1.pdf",
                "/onboarding/checklists/1/items/new",
                "/onboarding/items/1/undo",
                "/onboarding/items/1/drop",
                "/onboarding/templates/",
                "/onboarding/templates/1",
                "/onboarding/templates/items/1/edit",
            )
        ),
        *(
            ("post", path)
            for path in (
                "/onboarding/items/1/confirm",
                "/onboarding/checklists/1/helpers",
                "/onboarding/templates/1/items",
                "/onboarding/templates/items/1/delete",
                "/onboarding/templates/1/delete",
            )
        ),
    ],
)
def test_anonymous_is_sent_to_login(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("who", VIEWERS)
def test_checklist_pages_for_those_involved(client, auth, world, who):
    auth.login(getattr(world, who))
    base = f"/onboarding/checklists/{world.checklist_id}"
    page = client.get(base)
    assert page.status_code == 200
    assert "Nora Ny" in page.text
    assert client.get(f"{base}/print").status_code == 200
    pdf = client.get(f"{base}.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    assert client.get(f"/onboarding/items/{world.items['Telefon og timebok']}").status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_checklist_pages_refuse_others(client, auth, world, who):
    auth.login(getattr(world, who))
    base = f"/onboarding/checklists/{world.checklist_id}"
    for path in (
        base,
        f"{base}/print",
        f"{base}.pdf",
        f"/onboarding/items/{world.items['course']}",
        f"/onboarding/items/{world.items['Taushetserklæring']}/undo",
    ):
        assert client.get(path).status_code == 403, path


@pytest.mark.parametrize(
    "path",
    [
        "/onboarding/checklists/999",
        "/onboarding/items/999",
        "/onboarding/checklists/999.pdf",
        "/onboarding/checklists/999/print",
        "/onboarding/items/999/undo",
        "/onboarding/checklists/abc",
    ],
)
def test_unknown_ids_are_404(client, auth, world, path):
    auth.login(world.admin)
    assert client.get(path).status_code == 404


def test_index_shows_each_user_their_part(client, auth, world):
    auth.login(world.hire)
    page = client.get("/onboarding/").text
    assert "Min introduksjonsplan" in page
    assert "Les og bekreft" in page
    assert "0 av 5 punkter gjort (0 %)" in page
    assert "Forfalt" in page  # the declaration and EPJ were due on the start day

    auth.login(world.mentor)
    page = client.get("/onboarding/").text
    assert "Venter på din kvittering" in page
    assert "Telefon og timebok" in page
    assert "EPJ-tilgang" not in page

    auth.login(world.it)
    page = client.get("/onboarding/").text
    assert "EPJ-tilgang" in page
    assert "Telefon og timebok" not in page

    auth.login(world.lead)
    page = client.get("/onboarding/").text
    assert "Nora Ny" in page
    assert "Oppfølgingssamtale" in page

    auth.login(world.other_lead)
    page = client.get("/onboarding/").text
    assert "Nora Ny" not in page
    assert "Ingen nyansatte med introduksjonsplan" in page

    auth.login(world.colleague)
    assert "Du har ingen introduksjonsplan" in client.get("/onboarding/").text


def test_new_hire_confirms_the_declaration(client, auth, world, db):
    item_id = world.items["Taushetserklæring"]
    auth.login(world.hire)
    response = client.post(f"/onboarding/items/{item_id}/confirm")  # box not ticked
    assert response.status_code == 422
    assert "Kryss av for at du har lest teksten." in response.text
    assert item_of(db, item_id).completed_dt is None

    response = client.post(f"/onboarding/items/{item_id}/confirm", data={"has_read": "y"})
    assert response.status_code == 302
    item = item_of(db, item_id)
    assert item.completed_by_id == world.hire.id
    assert item.completed_dt is not None
    [event] = events(db, "onboarding.item_confirmed")
    assert event.actor_id == world.hire.id
    assert event.object_id == str(item_id)

    again = client.post(
        f"/onboarding/items/{item_id}/confirm", data={"has_read": "y"}, follow_redirects=True
    )
    assert "allerede gjort" in again.text
    assert len(events(db, "onboarding.item_confirmed")) == 1


@pytest.mark.parametrize(
    ("title", "signer", "refused"),
    [
        # The lead and an administrator may sign these too, but only with a reason
        # (tests/web/onboarding/test_lead_actions.py).
        ("Telefon og timebok", "mentor", ["hire", "it", "colleague", "other_lead"]),
        ("EPJ-tilgang", "it", ["hire", "mentor", "colleague", "stranger"]),
        ("Oppfølgingssamtale", "lead", ["hire", "mentor", "it", "colleague"]),
        ("Oppfølgingssamtale", "admin", ["other_lead", "stranger"]),
        ("Taushetserklæring", "hire", ["mentor", "lead", "admin"]),
    ],
)
def test_only_the_responsible_person_signs(client, auth, world, db, title, signer, refused):
    item_id = world.items[title]
    data = {"has_read": "y"}
    for who in refused:
        auth.login(getattr(world, who))
        response = client.post(f"/onboarding/items/{item_id}/confirm", data=data)
        assert response.status_code == 403, who
        assert item_of(db, item_id).completed_dt is None
    auth.login(getattr(world, signer))
    assert client.post(f"/onboarding/items/{item_id}/confirm", data=data).status_code == 302
    assert item_of(db, item_id).completed_by_id == getattr(world, signer).id


def test_a_refusal_says_who_signs(client, auth, world):
    auth.login(world.mentor)
    response = client.post(f"/onboarding/items/{world.items['EPJ-tilgang']}/confirm")
    assert response.status_code == 403
    assert "Bare den ansvarlige (IT-kontakt)" in response.text


def test_a_course_item_is_never_confirmed_by_hand(client, auth, world, db):
    auth.login(world.hire)
    response = client.post(f"/onboarding/items/{world.items['course']}/confirm")
    assert response.status_code == 403
    assert item_of(db, world.items["course"]).completed_dt is None


def test_a_course_item_ticks_itself_with_a_valid_record(
    client, auth, world, make_record, db, courses
):
    competence = taushetsplikt(db)
    auth.login(world.hire)
    page = client.get(f"/onboarding/items/{world.items['course']}").text
    assert "Gå til kurset" in page
    assert 'href="/courses/taushetsplikt/"' in page
    make_record(world.hire, competence, date(2026, 11, 20))
    page = client.get(f"/onboarding/items/{world.items['course']}").text
    assert "Registrert 20.11.2026" in page
    assert "Gå til kurset" not in page
    assert "1 av 5 punkter gjort (20 %)" in client.get("/onboarding/").text


def test_a_course_item_without_a_course_links_to_the_catalogue(client, auth, world):
    auth.login(world.hire)
    assert 'href="/courses/"' in client.get(f"/onboarding/items/{world.items['course']}").text


def test_an_expired_record_does_not_tick_the_course(client, auth, world, make_record, db):
    make_record(world.hire, taushetsplikt(db), date(2020, 1, 1), expires_on=date(2026, 11, 21))
    auth.login(world.hire)
    assert "0 av 5 punkter gjort" in client.get("/onboarding/").text


def test_everything_done_is_100_percent_and_finished(client, auth, world, make_record, db):
    make_record(world.hire, taushetsplikt(db), date(2026, 11, 20))
    for item in db.scalars(select(ChecklistItem).where(ChecklistItem.kind != "course")):
        item.completed_dt, item.completed_by_id = item.checklist.created_dt, world.admin.id
    db.commit()
    auth.login(world.lead)
    page = client.get("/onboarding/").text
    assert "100 %" in page
    page = client.get(f"/onboarding/checklists/{world.checklist_id}").text
    assert "Fullført" in page
    printed = client.get(f"/onboarding/checklists/{world.checklist_id}/print").text
    assert "Hvem kvitterte hva, og når" in printed
    assert "Admin" in printed


def test_undo_needs_a_reason_and_is_audited(client, auth, world, db):
    item_id = world.items["Telefon og timebok"]
    auth.login(world.mentor)
    client.post(f"/onboarding/items/{item_id}/confirm")
    assert client.get(f"/onboarding/items/{item_id}/undo").status_code == 200
    response = client.post(f"/onboarding/items/{item_id}/undo", data={"reason": "  "})
    assert response.status_code == 422
    assert "Skriv en begrunnelse." in response.text
    assert item_of(db, item_id).completed_dt is not None

    response = client.post(
        f"/onboarding/items/{item_id}/undo", data={"reason": "Kvittert for tidlig"}
    )
    assert response.status_code == 302
    assert item_of(db, item_id).completed_dt is None
    [event] = events(db, "onboarding.item_undone")
    assert event.details["reason"] == "Kvittert for tidlig"
    assert event.details["was_completed_by"] == world.mentor.id

    again = client.post(
        f"/onboarding/items/{item_id}/undo", data={"reason": "igjen"}, follow_redirects=True
    )
    assert "ingenting å angre" in again.text


def test_the_lead_may_undo_but_a_colleague_may_not(client, auth, world, db):
    item_id = world.items["Taushetserklæring"]
    auth.login(world.hire)
    client.post(f"/onboarding/items/{item_id}/confirm", data={"has_read": "y"})
    auth.login(world.colleague)
    assert client.post(f"/onboarding/items/{item_id}/undo", data={"reason": "x"}).status_code == 403
    auth.login(world.lead)
    assert (
        client.post(f"/onboarding/items/{item_id}/undo", data={"reason": "Feil person"}).status_code
        == 302
    )
    assert item_of(db, item_id).completed_dt is None


def test_lead_drops_an_item_with_a_reason(client, auth, world, db):
    item_id = world.items["EPJ-tilgang"]
    for who in ("hire", "mentor", "other_lead"):
        auth.login(getattr(world, who))
        assert (
            client.post(f"/onboarding/items/{item_id}/drop", data={"reason": "x"}).status_code
            == 403
        )
    auth.login(world.lead)
    assert client.get(f"/onboarding/items/{item_id}/drop").status_code == 200
    assert client.post(f"/onboarding/items/{item_id}/drop", data={}).status_code == 422
    response = client.post(
        f"/onboarding/items/{item_id}/drop", data={"reason": "Har tilgang fra før"}
    )
    assert response.status_code == 302
    item = item_of(db, item_id)
    assert item.is_dropped
    assert item.dropped_reason == "Har tilgang fra før"
    assert item.dropped_by_id == world.lead.id
    assert events(db, "onboarding.item_dropped")[0].details["reason"] == "Har tilgang fra før"
    assert "0 av 4 punkter" in client.get(f"/onboarding/checklists/{world.checklist_id}").text
    # a dropped item cannot be confirmed
    auth.login(world.it)
    page = client.post(f"/onboarding/items/{item_id}/confirm", follow_redirects=True)
    assert "tatt ut" in page.text
    assert item_of(db, item_id).completed_dt is None


def test_lead_adds_an_item_to_one_checklist(client, auth, world, db):
    path = f"/onboarding/checklists/{world.checklist_id}/items/new"
    for who in ("hire", "mentor"):
        auth.login(getattr(world, who))
        assert client.get(path).status_code == 403
    auth.login(world.other_lead)
    assert client.get(path).status_code == 403
    auth.login(world.lead)
    assert client.get(path).status_code == 200
    bad = client.post(
        path,
        data={
            "title": "Kurs",
            "kind": "course",
            "competence_id": "0",
            "due_days": "7",
            "responsible_role": "mentor",
            "reason": "Trenger det",
        },
    )
    assert bad.status_code == 422
    assert "Velg kompetansen" in bad.text
    bad = client.post(
        path,
        data={
            "title": "X",
            "kind": "signoff",
            "competence_id": "0",
            "due_days": "-3",
            "responsible_role": "mentor",
            "reason": "",
        },
    )
    assert bad.status_code == 422
    response = client.post(
        path,
        data={
            "title": "Sterilisering",
            "kind": "signoff",
            "competence_id": "0",
            "due_days": "21",
            "responsible_role": "mentor",
            "description": "Autoklaven",
            "reason": "Jobber på lab",
        },
    )
    assert response.status_code == 302
    [added] = read(db, select(ChecklistItem).where(ChecklistItem.title == "Sterilisering"))
    assert added.checklist_id == world.checklist_id
    assert added.added_reason == "Jobber på lab"
    assert added.responsible_role == "mentor"
    assert added.competence_id is None
    assert events(db, "onboarding.item_added")[0].details["reason"] == "Jobber på lab"


def test_lead_assigns_mentor_and_it_contact(client, auth, world, db):
    path = f"/onboarding/checklists/{world.checklist_id}/helpers"
    auth.login(world.mentor)
    assert client.post(path, data={"mentor_id": "0", "it_contact_id": "0"}).status_code == 403
    auth.login(world.other_lead)
    assert client.post(path, data={"mentor_id": "0", "it_contact_id": "0"}).status_code == 403
    auth.login(world.lead)
    outside = client.post(path, data={"mentor_id": str(world.stranger.id), "it_contact_id": "0"})
    assert outside.status_code == 422
    hire_self = client.post(path, data={"mentor_id": str(world.hire.id), "it_contact_id": "0"})
    assert hire_self.status_code == 422
    response = client.post(
        path, data={"mentor_id": str(world.colleague.id), "it_contact_id": str(world.admin.id)}
    )
    assert response.status_code == 302
    [checklist] = read(db, select(Checklist).where(Checklist.id == world.checklist_id))
    assert (checklist.mentor_id, checklist.it_contact_id) == (world.colleague.id, world.admin.id)
    [event] = events(db, "onboarding.helpers_assigned")
    assert event.details["changed"]["mentor_id"] == [world.mentor.id, world.colleague.id]
    told = {n.person_id for n in read(db, select(Notification))}
    assert told == {world.colleague.id, world.admin.id}
    # the old mentor no longer signs the mentor's items
    auth.login(world.mentor)
    item_id = world.items["Telefon og timebok"]
    assert client.post(f"/onboarding/items/{item_id}/confirm").status_code == 403
    auth.login(world.colleague)
    assert client.post(f"/onboarding/items/{item_id}/confirm").status_code == 302


def test_bad_helper_input_is_not_a_server_error(client, auth, world):
    auth.login(world.lead)
    path = f"/onboarding/checklists/{world.checklist_id}/helpers"
    assert client.post(path, data={"mentor_id": "abc", "it_contact_id": ""}).status_code == 422


def test_lead_start_page_lists_new_hires_behind_schedule(client, auth, world):
    auth.login(world.lead)
    page = client.get("/").text
    assert "Nyansatte som ligger etter planen" in page
    assert f'href="/onboarding/checklists/{world.checklist_id}"' in page
    auth.login(world.other_lead)
    assert "Nora Ny" not in client.get("/").text


def test_new_hire_and_mentor_start_pages(client, auth, world):
    auth.login(world.hire)
    page = client.get("/").text
    assert "Min introduksjonsplan" in page
    # Which items are overdue, by name, each linked to its page.
    overdue = page[page.index("Passert fristen:") :]
    for title in ("Taushetserklæring", "EPJ-tilgang", "Telefon og timebok"):
        link = f'<a href="/onboarding/items/{world.items[title]}">{title}</a>'
        assert link in overdue.split("</p>")[0]
    assert "Oppfølgingssamtale</a> (" not in overdue.split("</p>")[0]
    auth.login(world.mentor)
    todo = client.get("/").text.split('id="todo-list"')[1].split("</ol>")[0]
    assert "Telefon og timebok" in todo
    assert "Kvitter ut for Nora Ny" in todo
    assert "3 dager på overtid" in todo
    auth.login(world.colleague)
    assert "Min introduksjonsplan" not in client.get("/").text


def test_pdf_of_a_finished_checklist_names_who_signed(client, auth, world, db):
    auth.login(world.hire)
    client.post(
        f"/onboarding/items/{world.items['Taushetserklæring']}/confirm", data={"has_read": "y"}
    )
    pdf = client.get(f"/onboarding/checklists/{world.checklist_id}.pdf").data
    text = "\n".join(pdf_lines(pdf))
    assert "Kvittert av Nora Ny" in text
    assert "Taushetserklæring" in text
