"""Template pages: an administrator edits the organisation's templates, a lead their units'."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.onboarding.models import OnboardingTemplate, TemplateItem
from portal.onboarding.operations import ItemData
from tests.web.onboarding.conftest import read

SIGNOFF = {
    "title": "Brannvern",
    "kind": "signoff",
    "competence_id": "0",
    "responsible_role": "mentor",
    "due_days": "7",
    "description": "",
}


@pytest.fixture
def org_template(world, make_onboarding_template):
    return make_onboarding_template(
        world.position,
        items=[
            ItemData("acknowledgement", "Taushetserklæring", 0, "Tekst"),
            ItemData("signoff", "EPJ", 0, responsible_role="it"),
        ],
    )


def templates_in(db) -> list[OnboardingTemplate]:
    return read(db, select(OnboardingTemplate).order_by(OnboardingTemplate.id))


def test_employees_may_not_see_templates(client, auth, world, org_template):
    auth.login(world.hire)
    assert client.get("/onboarding/templates/").status_code == 403
    assert client.get(f"/onboarding/templates/{org_template.id}").status_code == 403
    assert (
        client.post(f"/onboarding/templates/{org_template.id}/items", data=SIGNOFF).status_code
        == 403
    )


def test_lead_sees_the_organisation_template_but_cannot_edit_it(
    client, auth, world, org_template, db
):
    auth.login(world.lead)
    page = client.get("/onboarding/templates/")
    assert page.status_code == 200
    assert "Hele organisasjonen" in page.text
    show = client.get(f"/onboarding/templates/{org_template.id}")
    assert show.status_code == 200
    assert "Legg til punkt" not in show.text
    assert (
        client.post(f"/onboarding/templates/{org_template.id}/items", data=SIGNOFF).status_code
        == 403
    )
    item_id = org_template.items[0].id
    assert client.get(f"/onboarding/templates/items/{item_id}/edit").status_code == 403
    assert client.post(f"/onboarding/templates/items/{item_id}/delete").status_code == 403
    assert client.post(f"/onboarding/templates/{org_template.id}/delete").status_code == 403
    # nor make one for the whole organisation (0) or another unit
    for unit_id in (0, world.other_unit.id):
        response = client.post(
            "/onboarding/templates/", data={"position_id": world.position.id, "unit_id": unit_id}
        )
        assert response.status_code == 422
    assert len(templates_in(db)) == 1


def test_lead_makes_a_unit_template_from_the_organisation_one(
    client, auth, world, org_template, db
):
    auth.login(world.lead)
    response = client.post(
        "/onboarding/templates/", data={"position_id": world.position.id, "unit_id": world.unit.id}
    )
    assert response.status_code == 302
    _org, mine = templates_in(db)
    assert mine.unit_id == world.unit.id
    items = read(db, select(TemplateItem).where(TemplateItem.template_id == mine.id))
    assert [i.title for i in items] == ["Taushetserklæring", "EPJ"]
    twice = client.post(
        "/onboarding/templates/", data={"position_id": world.position.id, "unit_id": world.unit.id}
    )
    assert twice.status_code == 422
    assert "allerede en mal" in twice.text

    # and edits it
    assert client.post(f"/onboarding/templates/{mine.id}/items", data=SIGNOFF).status_code == 302
    bad = client.post(
        f"/onboarding/templates/{mine.id}/items",
        data={**SIGNOFF, "kind": "acknowledgement", "description": " "},
    )
    assert bad.status_code == 422
    assert "Skriv teksten" in bad.text
    [fire] = read(db, select(TemplateItem).where(TemplateItem.title == "Brannvern"))
    edit = f"/onboarding/templates/items/{fire.id}/edit"
    assert client.get(edit).status_code == 200
    response = client.post(edit, data={**SIGNOFF, "due_days": "10", "responsible_role": "lead"})
    assert response.status_code == 302
    [fire] = read(db, select(TemplateItem).where(TemplateItem.id == fire.id))
    assert (fire.due_days, fire.responsible_role) == (10, "lead")
    assert client.post(edit, data={**SIGNOFF, "due_days": "x"}).status_code == 422
    assert client.post(f"/onboarding/templates/items/{fire.id}/delete").status_code == 302
    assert not read(db, select(TemplateItem).where(TemplateItem.id == fire.id))
    assert client.post(f"/onboarding/templates/{mine.id}/delete").status_code == 302
    assert len(templates_in(db)) == 1
    actions = {e.action for e in read(db, select(AuditEvent))}
    assert {
        "onboarding.template_created",
        "onboarding.template_item_added",
        "onboarding.template_item_updated",
        "onboarding.template_item_deleted",
        "onboarding.template_deleted",
    } <= actions


def test_other_lead_sees_nothing_of_a_units_template(client, auth, world, make_onboarding_template):
    template = make_onboarding_template(
        world.position,
        unit=world.unit,
        items=[ItemData("signoff", "EPJ", 0, responsible_role="it")],
    )
    auth.login(world.other_lead)
    assert client.get(f"/onboarding/templates/{template.id}").status_code == 403
    assert world.unit.name not in client.get("/onboarding/templates/").text
    assert (
        client.post(f"/onboarding/templates/{template.id}/items", data=SIGNOFF).status_code == 403
    )
    assert client.get(f"/onboarding/templates/items/{template.items[0].id}/edit").status_code == 403


def test_admin_makes_and_fills_the_organisation_template(client, auth, world, db):
    auth.login(world.admin)
    assert client.get("/onboarding/templates/").status_code == 200
    response = client.post(
        "/onboarding/templates/", data={"position_id": world.position.id, "unit_id": 0}
    )
    assert response.status_code == 302
    [template] = templates_in(db)
    assert template.unit_id is None
    twice = client.post(
        "/onboarding/templates/", data={"position_id": world.position.id, "unit_id": 0}
    )
    assert twice.status_code == 422
    course = {**SIGNOFF, "kind": "course", "title": "Kurs"}
    assert client.post(f"/onboarding/templates/{template.id}/items", data=course).status_code == 422


@pytest.mark.parametrize(
    "path", ["/onboarding/templates/999", "/onboarding/templates/items/999/edit"]
)
def test_unknown_templates_are_404(client, auth, world, path):
    auth.login(world.admin)
    assert client.get(path).status_code == 404
    assert client.post("/onboarding/templates/999/delete").status_code == 404


def test_bad_template_form_input_is_not_a_server_error(client, auth, world):
    auth.login(world.admin)
    for data in ({}, {"position_id": "x", "unit_id": "y"}, {"position_id": 999, "unit_id": 0}):
        assert client.post("/onboarding/templates/", data=data).status_code == 422
