"""An onboarding acknowledgement that points to a document is done by confirming it; the demo
has the declaration of confidentiality confirmed by two at Leknes and not by the others."""

from __future__ import annotations

from sqlalchemy import select

from portal.competence.models import CompetenceRecord
from portal.documents.models import Document
from portal.onboarding.models import ChecklistItem, TemplateItem
from portal.onboarding.operations import ItemData
from portal.org.models import Person


def test_confirming_the_document_completes_the_onboarding_item(
    client, auth, db, documents, make_person, make_checklist
):
    documents.write()
    documents.sync()
    document_id = db.scalar(select(Document.id))
    db.commit()
    hire = make_person()
    checklist = make_checklist(
        hire,
        items=[
            ItemData(
                kind="acknowledgement", title="Telefonrutine", due_days=0, document_id=document_id
            )
        ],
    )
    item_id = checklist.items[0].id
    auth.login(hire)
    item_page = client.get(f"/onboarding/items/{item_id}").text
    assert 'href="/documents/rutine"' in item_page
    # The item is done by the document, not by ticking a box.
    client.post(f"/onboarding/items/{item_id}/confirm", data={"has_read": "y"})
    assert db.get(ChecklistItem, item_id).completed_dt is None
    db.commit()
    assert client.post("/documents/rutine/confirm").status_code == 302
    item = db.get(ChecklistItem, item_id)
    assert item.completed_dt is not None
    assert item.completed_by_id == hire.id
    db.commit()


def _person(db, email):
    person = db.scalar(select(Person).where(Person.email == email))
    db.commit()
    return person


def test_the_demo_declaration_is_confirmed_by_two_at_leknes(client, auth, db, demo):
    references = {
        email: [
            r.reference
            for r in db.scalars(
                select(CompetenceRecord).where(
                    CompetenceRecord.person_id == _person(db, email).id,
                    CompetenceRecord.source == "document",
                )
            )
        ]
        for email in ("leder@leknes.example", "nyansatt@leknes.example", "sekretaer@leknes.example")
    }
    db.commit()
    assert references == {
        "leder@leknes.example": ["taushetserklaering v2"],
        "nyansatt@leknes.example": ["taushetserklaering v2"],
        "sekretaer@leknes.example": [],
    }
    auth.login("leder@leknes.example", "kompetanse-demo")
    page = client.get("/documents/taushetserklaering/people").text
    assert "Hanne Johansen" in page
    assert "Siri Olsen" in page
    assert "2 av " in page
    auth.login("leder@lofotleger.example", "kompetanse-demo")
    other = client.get("/documents/taushetserklaering/people").text
    assert "Hanne Johansen" not in other
    assert "Siri Olsen" not in other
    auth.login("sekretaer@leknes.example", "kompetanse-demo")
    assert "Ikke bekreftet" in client.get("/documents/").text
    auth.login("nyansatt@leknes.example", "kompetanse-demo")
    mine = client.get("/me/competence").text
    assert "/documents/taushetserklaering/v2.md" in mine


def test_an_admin_points_a_template_item_to_a_document(
    client, auth, db, documents, make_person, make_position, make_onboarding_template
):
    documents.write()
    documents.sync()
    document_id = db.scalar(select(Document.id))
    db.commit()
    template = make_onboarding_template(make_position())
    auth.login(make_person(access="admin"))
    item = {
        "title": "Telefonrutine",
        "kind": "acknowledgement",
        "competence_id": "0",
        "responsible_role": "mentor",
        "due_days": "3",
        "description": "",
    }
    path = f"/onboarding/templates/{template.id}/items"
    assert "Telefonrutine" in client.get(f"/onboarding/templates/{template.id}").text
    assert client.post(path, data={**item, "document_id": "999"}).status_code == 422
    assert client.post(path, data={**item, "document_id": "0"}).status_code == 422  # no text
    assert client.post(path, data={**item, "document_id": str(document_id)}).status_code == 302
    assert db.scalar(select(TemplateItem.document_id)) == document_id
    db.commit()
