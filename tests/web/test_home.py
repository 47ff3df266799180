"""The start page, health check, language switch, error pages and the audit log."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.audit.models import AuditEvent


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_healthz_answers_503_when_the_database_is_down(app_config, tmp_path):
    from portal import create_app

    broken = create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/x.db"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503


def test_start_page_shows_what_i_must_do_most_urgent_first(
    client, auth, make_person, make_position, make_competence, make_requirement, make_record
):
    position = make_position()
    done = make_competence(name="Brannvern")
    expiring = make_competence(name="Informasjonssikkerhet")
    expired = make_competence(name="Taushetsplikt")
    for competence in (done, expiring, expired):
        make_requirement(position, competence)
    person = make_person(position=position)
    make_record(person, done, date(2026, 6, 1))
    make_record(person, expiring, date(2024, 12, 1))
    make_record(person, expired, date(2024, 1, 1))
    auth.login(person)
    html = client.get("/").get_data(as_text=True)
    assert html.index("Taushetsplikt") < html.index("Informasjonssikkerhet")
    assert "Utløpt" in html
    assert "Brannvern" not in html
    assert "2 av 3 påkrevde krav er oppfylt"  # expiring is still met in html


def test_language_switch_changes_the_interface_and_stays_local(client, auth, make_person):
    response = client.post("/language", data={"language": "en", "next": "https://evil.example"})
    assert response.location == "/"
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)
    client.post("/language", data={"language": "xx", "next": "/login"})
    assert 'lang="en"' in client.get("/login").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Siden finnes ikke" in response.get_data(as_text=True)


def test_audit_log_is_readable_by_administrators(client, auth, make_person, db):
    admin = make_person(access="admin")
    auth.login(admin)
    client.post("/people/new", data={})  # invalid: nothing audited
    db.add(
        AuditEvent(
            actor_id=admin.id,
            action="test.done",
            object_type="Person",
            object_id=str(admin.id),
            details={"n": 1},
        )
    )
    db.commit()
    html = client.get("/admin/audit/?kind=Person").get_data(as_text=True)
    assert "test.done" in html  # a code without a label is shown as it is
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "person.created")) is None


def test_mark_all_read_clears_only_my_notifications(client, auth, db, make_person):
    from portal.notify.operations import notify

    me, other = make_person(), make_person()
    for person in (me, me, other):
        notify(db, person=person, subject="Ny kurssøknad")
    db.commit()
    auth.login(me)
    response = client.post("/notifications/read-all")
    assert response.status_code == 302
    db.expire_all()
    from portal.notify.models import Notification

    unread = db.scalars(select(Notification).where(Notification.read_dt.is_(None))).all()
    assert [n.person_id for n in unread] == [other.id]


def test_the_subtitle_names_position_and_unit_without_a_stray_comma(
    client, auth, make_person, make_unit, make_position
):
    unit = make_unit(name="Enhet Allmennlegetjenester")
    auth.login(make_person(unit=unit, position=None, access="admin"))
    page = client.get("/").get_data(as_text=True)
    assert '<p class="meta">Enhet Allmennlegetjenester</p>' in page

    auth.login(make_person(unit=unit, position=make_position(name="Helsesekretær")))
    page = client.get("/").get_data(as_text=True)
    assert '<p class="meta">Helsesekretær, Enhet Allmennlegetjenester</p>' in page


def test_every_subtitle_joins_only_what_the_person_has(client, auth, make_person, make_unit):
    unit = make_unit(name="Enhet Allmennlegetjenester")
    admin = make_person(unit=unit, position=None, access="admin")
    auth.login(admin)
    page = client.get(f"/competence/people/{admin.id}").get_data(as_text=True)
    assert '<p class="meta">Enhet Allmennlegetjenester · <a' in page
    assert ", Enhet Allmennlegetjenester" not in page
