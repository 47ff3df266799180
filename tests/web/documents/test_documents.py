"""Documents: loading versions, confirming (strong too), new versions, the lead's overview,
downloads and retiring, for every kind of user."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.clock import today
from portal.competence.models import Competence, CompetenceRecord
from portal.dates import add_months
from portal.documents.models import Document, DocumentConfirmation, DocumentVersion
from portal.org.models import Person, Unit
from tests.factories import PASSWORD


def count(db, model, *where):
    number = db.scalar(select(func.count()).select_from(model).where(*where))
    db.commit()
    return number


@pytest.fixture
def rutine(documents):
    documents.write()
    documents.sync()
    return documents


@pytest.fixture
def secretary(make_person, make_unit, secretary_position):
    return make_person(unit=make_unit("Leknes"), position=secretary_position, name="Siri Olsen")


def confirmations(db, person):
    found = list(
        db.scalars(
            select(CompetenceRecord)
            .where(CompetenceRecord.person_id == person.id, CompetenceRecord.source == "document")
            .order_by(CompetenceRecord.id)
        )
    )
    db.commit()
    return found


# Loading ------------------------------------------------------------------------------------


def test_sync_stores_the_document_its_version_and_competence(app, db, rutine):
    document = db.scalar(select(Document))
    assert (document.slug, document.version, document.applies_to) == (
        "rutine",
        1,
        ["helsesekretaer"],
    )
    (version,) = document.versions
    assert version.text == "Slik svarer vi i telefonen."
    assert version.is_material
    assert len(version.digest) == 64
    competence = db.scalar(select(Competence).where(Competence.code == "rutine"))
    assert (competence.kind, competence.validity_months) == ("document", 12)
    db.commit()
    assert "version 1 loaded" not in rutine.sync().output  # nothing new the second time
    assert count(db, DocumentVersion) == 1


def test_a_changed_text_needs_a_new_version_and_loads_nothing(db, rutine):
    rutine.write(text="En annen tekst.")
    result = rutine.sync(expect=1)
    assert (
        "documents/rutine.md:1: version 1 was loaded with another text, which is kept as it "
        "was; give the changed text version 2"
    ) in result.output
    assert "nothing loaded" in result.output
    rutine.write(version=2, text="En annen tekst.")
    assert "document rutine version 2 loaded" in rutine.sync().output
    texts = [v.text for v in db.scalar(select(Document)).versions]
    db.commit()
    assert texts == ["Slik svarer vi i telefonen.", "En annen tekst."]
    rutine.write(version=1)
    assert "version 1 is older than the loaded version 2" in rutine.sync(expect=1).output


def test_a_document_whose_file_is_gone_is_retired(db, rutine):
    (rutine.root / "documents" / "rutine.md").unlink()
    assert "document rutine retired" in rutine.sync().output
    assert db.scalar(select(Document.is_retired)) is True
    db.commit()


# Confirming -----------------------------------------------------------------------------------


def test_an_employee_reads_and_confirms_once(client, auth, db, rutine, secretary):
    auth.login(secretary)
    listing = client.get("/documents/").text
    assert "Telefonrutine" in listing
    assert "Ikke bekreftet" in listing
    page = client.get("/documents/rutine")
    assert page.status_code == 200
    assert "Jeg har lest og forstått" in page.text
    assert 'type="password"' not in page.text
    assert client.post("/documents/rutine/confirm").status_code == 302
    (record,) = confirmations(db, secretary)
    assert record.reference == "rutine v1"
    assert record.achieved_on == today()
    assert record.expires_on == add_months(today(), 12)
    again = client.post("/documents/rutine/confirm", follow_redirects=True)
    assert "Du har allerede bekreftet denne versjonen" in again.text
    assert len(confirmations(db, secretary)) == 1
    assert count(db, DocumentConfirmation) == 1
    listing = client.get("/documents/").text
    assert "Bekreftet versjon 1" in listing
    assert "/documents/rutine/v1.md" in listing


def test_a_strong_confirmation_needs_the_right_password(client, auth, db, documents, secretary):
    documents.write(confirm="strong")
    documents.sync()
    auth.login(secretary)
    assert 'type="password"' in client.get("/documents/rutine").text
    wrong = client.post("/documents/rutine/confirm", data={"password": "feil-passord"})
    assert wrong.status_code == 422
    assert "Feil passord. Ingenting er bekreftet." in wrong.text
    empty = client.post("/documents/rutine/confirm", data={"password": ""})
    assert empty.status_code == 422
    assert confirmations(db, secretary) == []
    assert count(db, DocumentConfirmation) == 0
    assert client.post("/documents/rutine/confirm", data={"password": PASSWORD}).status_code == 302
    assert len(confirmations(db, secretary)) == 1
    assert db.scalar(select(DocumentConfirmation.is_strong)) is True
    db.commit()


def test_a_person_without_a_password_is_told_why(app, client, auth, db, documents, secretary):
    documents.write(confirm="strong")
    documents.sync()
    auth.login(secretary)
    db.get(Person, secretary.id).password_hash = None
    db.commit()
    response = client.post("/documents/rutine/confirm", data={"password": "noe"})
    assert response.status_code == 422
    assert "du har ikke noe passord i portalen" in response.text
    assert confirmations(db, secretary) == []


# New versions ---------------------------------------------------------------------------------


def _state(client, slug="rutine"):
    return client.get(f"/documents/{slug}").text


def test_a_material_version_asks_everyone_again_by_the_admins_date(
    client, auth, db, rutine, secretary, make_person
):
    auth.login(secretary)
    client.post("/documents/rutine/confirm")
    rutine.write(version=2, material=True, text="Ny rutine.")
    rutine.sync()
    assert "Ny versjon å bekrefte" in _state(client)
    admin = make_person(access="admin")
    auth.login(admin)
    by = date(today().year + 1, 3, 1)
    assert client.post("/documents/rutine/require", data={"by": "2000-01-01"}).status_code == 422
    response = client.post("/documents/rutine/require", data={"by": by.isoformat()})
    assert response.status_code == 302
    old, correction = list(
        db.scalars(
            select(CompetenceRecord)
            .where(CompetenceRecord.person_id == secretary.id)
            .order_by(CompetenceRecord.id)
        )
    )
    db.commit()
    assert (correction.supersedes_id, correction.expires_on) == (old.id, by)
    assert correction.reference == "rutine v1"
    assert (
        db.scalar(select(DocumentVersion.required_from).where(DocumentVersion.version == 2)) == by
    )
    db.commit()
    auth.login(secretary)
    page = _state(client)
    assert "Ny versjon å bekrefte" in page
    assert "Teksten, versjon 2" in page
    client.post("/documents/rutine/confirm")
    assert "Bekreftet versjon 2" in _state(client)
    assert [r.reference for r in confirmations(db, secretary)] == ["rutine v1", "rutine v2"]


def test_a_minor_version_keeps_old_confirmations(client, auth, db, rutine, secretary, make_person):
    auth.login(secretary)
    client.post("/documents/rutine/confirm")
    rutine.write(version=2, material=False, text="Rettet skrivefeil.")
    rutine.sync()
    page = _state(client)
    assert "Bekreftet versjon 1" in page
    assert "mindre endring" in page
    auth.login(make_person(access="admin"))
    admin_page = client.get("/documents/rutine").text
    assert "Sett frist" not in admin_page
    refused = client.post("/documents/rutine/require", data={"by": "2030-01-01"})
    assert refused.status_code == 302
    assert count(db, CompetenceRecord, CompetenceRecord.source == "correction") == 0


# The lead's overview --------------------------------------------------------------------------


def test_the_lead_sees_who_in_their_units_confirmed_which_version(
    client, auth, db, rutine, secretary, make_person, make_unit, secretary_position
):
    leknes = db.get(Unit, secretary.unit_id)
    db.commit()
    make_person(unit=leknes, position=secretary_position, name="Nora Hansen")
    other_unit = make_unit("Lofotleger")
    make_person(unit=other_unit, position=secretary_position, name="Ola Nordmann")
    auth.login(secretary)
    client.post("/documents/rutine/confirm")
    auth.login(make_person(access="lead", leads=(leknes,), unit=leknes))
    page = client.get("/documents/rutine/people")
    assert page.status_code == 200
    assert "Siri Olsen" in page.text
    assert "Nora Hansen" in page.text
    assert "Ola Nordmann" not in page.text
    assert "1 av 2 har bekreftet" in page.text
    auth.login(make_person(access="lead", leads=(other_unit,), unit=other_unit))
    other = client.get("/documents/rutine/people").text
    assert "Ola Nordmann" in other
    assert "Siri Olsen" not in other
    assert "Nora Hansen" not in other


# Reading old versions, downloads, retiring ----------------------------------------------------


def test_every_version_stays_readable_and_downloads_as_markdown(client, auth, rutine, secretary):
    rutine.write(version=2, text="Ny rutine.")
    rutine.sync()
    auth.login(secretary)
    old = client.get("/documents/rutine/v1")
    assert old.status_code == 200
    assert "Slik svarer vi i telefonen." in old.text
    assert "Dette er ikke gjeldende versjon" in old.text
    download = client.get("/documents/rutine/v1.md")
    assert download.status_code == 200
    assert download.mimetype == "text/markdown"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="rutine-v1.md"')
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "Slik svarer vi i telefonen." in download.text
    assert "Versjon 1" in download.text
    for url in ("/documents/rutine/v3", "/documents/rutine/v3.md", "/documents/ukjent"):
        assert client.get(url).status_code == 404


def test_a_retired_document_leaves_the_list_and_stays_readable(
    client, auth, db, rutine, secretary, make_person
):
    auth.login(make_person(access="admin"))
    assert client.post("/documents/rutine/retire").status_code == 302
    auth.login(secretary)
    assert "Telefonrutine" not in client.get("/documents/").text
    page = client.get("/documents/rutine")
    assert page.status_code == 200
    assert "trukket tilbake" in page.text
    assert "Jeg har lest og forstått" not in page.text
    assert client.get("/documents/rutine/v1").status_code == 200
    client.post("/documents/rutine/confirm")
    assert confirmations(db, secretary) == []


# Who may do what ------------------------------------------------------------------------------

READ = ["/documents/", "/documents/rutine", "/documents/rutine/v1", "/documents/rutine/v1.md"]


@pytest.mark.parametrize("url", [*READ, "/documents/rutine/people"])
def test_anonymous_is_sent_to_login(client, rutine, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/documents/rutine/confirm", "/documents/rutine/retire"])
def test_anonymous_posts_are_sent_to_login(client, rutine, url):
    assert "/login" in client.post(url).headers["Location"]


@pytest.mark.parametrize("access", ["employee", "lead", "admin"])
@pytest.mark.parametrize("url", READ)
def test_everyone_logged_in_reads(client, auth, rutine, make_person, access, url):
    auth.login(make_person(access=access))
    assert client.get(url).status_code == 200


def test_an_employee_may_not_see_the_overview_or_act_as_admin(client, auth, db, rutine, secretary):
    auth.login(secretary)
    assert client.get("/documents/rutine/people").status_code == 403
    assert client.post("/documents/rutine/require", data={"by": "2030-01-01"}).status_code == 403
    assert client.post("/documents/rutine/retire").status_code == 403
    assert db.scalar(select(Document.is_retired)) is False
    db.commit()


def test_a_lead_may_not_act_as_admin(client, auth, rutine, make_person):
    auth.login(make_person(access="lead"))
    assert client.post("/documents/rutine/require", data={"by": "2030-01-01"}).status_code == 403
    assert client.post("/documents/rutine/retire").status_code == 403


def test_the_menu_links_to_documents(client, auth, rutine, secretary):
    auth.login(secretary)
    assert 'href="/documents/"' in client.get("/").text
