"""A person's jobs on their page: listed, added, changed and ended by an administrator or by
a lead within their units, with the requirements following every change."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.competence import obligations
from portal.competence.models import Obligation
from portal.org import jobs
from portal.org.models import Job, Person

TODAY = date(2026, 11, 22)  # the tests' today (conftest)


@pytest.fixture
def org(make_unit, make_position, make_person, make_competence, make_requirement):
    """Eva is a secretary at Leknes; a nurse's position at Lofot shares one of its
    requirements (confidentiality) with a shorter due time."""
    root = make_unit("Enhet")
    leknes, lofot = make_unit("Leknes", parent=root), make_unit("Lofot", parent=root)
    secretary, nurse = make_position("Helsesekretær"), make_position("Sykepleier")
    confidentiality, cpr, hygiene = (
        make_competence(name=name) for name in ("Taushetsplikt", "HLR", "Smittevern")
    )
    make_requirement(secretary, confidentiality, due_days=30)
    make_requirement(secretary, cpr, due_days=60)
    make_requirement(nurse, confidentiality, due_days=10)
    make_requirement(nurse, hygiene, due_days=30)
    return {
        "leknes": leknes,
        "lofot": lofot,
        "secretary": secretary,
        "nurse": nurse,
        "confidentiality": confidentiality,
        "cpr": cpr,
        "hygiene": hygiene,
        "eva": make_person(unit=leknes, position=secretary, name="Eva Ansatt"),
        "lead_leknes": make_person(unit=leknes, access="lead", leads=(leknes,)),
        "lead_lofot": make_person(unit=lofot, access="lead", leads=(lofot,)),
        "admin": make_person(unit=root, access="admin"),
    }


@pytest.fixture
def second_job(app, org):
    """Eva is also a nurse at Lofot, half time, from 1 December."""
    with app.extensions["portal.sessionmaker"]() as session:
        person = session.get(Person, org["eva"].id)
        data = jobs.JobData(org["lofot"].id, org["nurse"].id, 50, date(2026, 12, 1))
        job = jobs.start_job(session, person, data, TODAY)
        session.commit()
        return job.id


def job_ids(db, person) -> dict[int, Job]:
    db.rollback()
    return {job.id: job for job in db.scalars(select(Job).where(Job.person_id == person.id))}


def due_dates(db, person) -> dict[str, set[date]]:
    """Each competence required of the person, with the due dates its rows carry."""
    db.rollback()
    found: dict[str, set[date]] = {}
    rows = db.execute(
        select(Obligation.competence_id, Obligation.due_on).where(Obligation.person_id == person.id)
    )
    for competence_id, due_on in rows:
        found.setdefault(competence_id, set()).add(due_on)
    return found


def main_job_id(db, person) -> int:
    return min(job_ids(db, person))


def job_form(org, **changes) -> dict[str, str]:
    form = {
        "unit_id": str(org["lofot"].id),
        "position_id": str(org["nurse"].id),
        "employment_percent": "50",
        "starts_on": "2026-12-01",
    }
    return {**form, **changes}


def test_a_second_job_adds_its_requirements_merged_to_the_earlier_due_date(client, auth, db, org):
    auth.login(org["admin"])
    eva = org["eva"]
    response = client.post(f"/people/{eva.id}/jobs/new", data=job_form(org))
    assert response.status_code == 302
    due = due_dates(db, eva)
    assert set(due) == {org["confidentiality"].id, org["cpr"].id, org["hygiene"].id}
    # Required by both jobs: one due date, the earlier (the secretary's, from 2020).
    assert due[org["confidentiality"].id] == {date(2020, 1, 31)}
    assert due[org["hygiene"].id] == {date(2026, 12, 31)}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "job.started"))
    assert event.subject_id == eva.id
    assert event.details == {
        "unit_id": org["lofot"].id,
        "position_id": org["nurse"].id,
        "employment_percent": 50,
        "starts_on": "2026-12-01",
    }
    page = client.get(f"/people/{eva.id}").get_data(as_text=True)
    assert "Lofot" in page
    assert "Sykepleier" in page
    assert "Helsesekretær" in page
    assert "Begynner 01.12.2026" in page


def test_the_audit_log_names_a_job_event(client, auth, db, org):
    auth.login(org["admin"])
    client.post(f"/people/{org['eva'].id}/jobs/new", data=job_form(org))
    log = client.get("/admin/audit/").get_data(as_text=True)
    assert "Stilling lagt til" in log
    assert "Sykepleier, Lofot" in log


def test_another_position_starts_new_deadlines_and_keeps_the_old_job_as_ended(
    client, auth, db, org
):
    auth.login(org["admin"])
    eva = org["eva"]
    old = main_job_id(db, eva)
    form = job_form(org, unit_id=str(org["leknes"].id), starts_on="2026-11-22")
    response = client.post(f"/people/{eva.id}/jobs/{old}/change", data=form)
    assert response.status_code == 302
    found = job_ids(db, eva)
    assert found[old].ends_on == date(2026, 11, 21)
    (new,) = (job for job in found.values() if job.id != old)
    assert (new.position_id, new.starts_on, new.ends_on) == (org["nurse"].id, TODAY, None)
    due = due_dates(db, eva)
    assert set(due) == {org["confidentiality"].id, org["hygiene"].id}  # no more HLR
    assert due[org["confidentiality"].id] == {date(2026, 12, 2)}  # from the change day
    assert due[org["hygiene"].id] == {date(2026, 12, 22)}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "job.changed"))
    assert event.details["replaces_job_id"] == old
    assert event.details["changed"] == {
        "position_id": [org["secretary"].id, org["nurse"].id],
        "employment_percent": [100, 50],
    }
    page = client.get(f"/people/{eva.id}").get_data(as_text=True)
    assert "Avsluttet" in page
    assert "21.11.2026" in page


def test_ending_a_job_removes_its_requirements_from_the_day_after_its_last_day(
    app, client, auth, db, org, second_job
):
    auth.login(org["admin"])
    eva = org["eva"]
    page = f"/people/{eva.id}/jobs/{second_job}/end"
    assert 'value="2026-11-22"' in client.get(page).get_data(as_text=True)  # today
    assert client.post(page, data={"ends_on": "2026-12-10"}).status_code == 302
    assert job_ids(db, eva)[second_job].ends_on == date(2026, 12, 10)
    assert org["hygiene"].id in due_dates(db, eva)  # still current on its last day
    db.rollback()  # the daily run writes next
    with app.extensions["portal.sessionmaker"]() as session:
        obligations.refresh_ended(session, date(2026, 12, 11))
        session.commit()
    assert set(due_dates(db, eva)) == {org["confidentiality"].id, org["cpr"].id}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "job.ended"))
    assert event.details["ends_on"] == "2026-12-10"


def test_ending_the_only_job_is_allowed_and_says_so(client, auth, db, org):
    auth.login(org["admin"])
    eva = org["eva"]
    page = f"/people/{eva.id}/jobs/{main_job_id(db, eva)}/end"
    assert "den eneste løpende stillingen" in client.get(page).get_data(as_text=True)
    response = client.post(page, data={"ends_on": "2026-11-21"}, follow_redirects=True)
    assert "ingen løpende stilling" in response.get_data(as_text=True)
    assert due_dates(db, eva) == {}
    assert db.get(Person, eva.id).is_active  # the person stays


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"employment_percent": "0"}, "Stillingsprosenten må være mellom 1 og 100."),
        ({"employment_percent": "150"}, "Stillingsprosenten må være mellom 1 og 100."),
        ({"unit_id": "99999"}, "Velg en av enhetene i listen."),
        ({"unit_id": "x"}, "Velg en av enhetene i listen."),
        ({"position_id": "99999"}, "Velg en av stillingene i listen."),
        ({"starts_on": "1.12"}, "Oppgi en gyldig dato."),
    ],
)
def test_a_bad_new_job_is_refused_with_a_message(client, auth, db, org, form, message):
    auth.login(org["admin"])
    eva = org["eva"]
    response = client.post(f"/people/{eva.id}/jobs/new", data=job_form(org, **form))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert len(job_ids(db, eva)) == 1


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"starts_on": "2019-12-31"}, "Datoen kan ikke være før stillingens første dag."),
        (
            {"unit_id": "leknes", "position_id": "secretary", "employment_percent": "100"},
            "Velg en annen enhet, stilling eller stillingsprosent enn nå.",
        ),
    ],
)
def test_a_bad_change_is_refused_and_changes_nothing(client, auth, db, org, form, message):
    auth.login(org["admin"])
    eva = org["eva"]
    job = main_job_id(db, eva)
    given = {key: str(org[value].id) if value in org else value for key, value in form.items()}
    response = client.post(f"/people/{eva.id}/jobs/{job}/change", data=job_form(org, **given))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert list(job_ids(db, eva)) == [job]
    assert job_ids(db, eva)[job].position_id == org["secretary"].id


def test_a_last_day_before_the_first_day_is_refused(client, auth, db, org, second_job):
    auth.login(org["admin"])
    page = f"/people/{org['eva'].id}/jobs/{second_job}/end"
    response = client.post(page, data={"ends_on": "2026-11-30"})
    assert response.status_code == 422
    assert "Datoen kan ikke være før stillingens første dag." in response.get_data(as_text=True)
    assert job_ids(db, org["eva"])[second_job].ends_on is None


def test_an_ended_job_cannot_be_ended_again(client, auth, db, org):
    auth.login(org["admin"])
    page = f"/people/{org['eva'].id}/jobs/{main_job_id(db, org['eva'])}/end"
    assert client.post(page, data={"ends_on": "2026-11-01"}).status_code == 302
    response = client.post(page, data={"ends_on": "2026-11-10"})
    assert response.status_code == 422
    assert "Stillingen er allerede avsluttet." in response.get_data(as_text=True)
    assert job_ids(db, org["eva"])[main_job_id(db, org["eva"])].ends_on == date(2026, 11, 1)


def test_the_lead_of_the_other_job_s_unit_sees_only_that_job(client, auth, db, org, second_job):
    auth.login(org["lead_lofot"])
    eva = org["eva"]
    page = client.get(f"/people/{eva.id}").get_data(as_text=True)
    assert "Eva Ansatt" in page
    assert "Sykepleier" in page
    assert "Lofot" in page
    assert "1 stilling i en annen enhet." in page
    assert "Helsesekretær" not in page
    assert "Leknes" not in page
    assert eva.email in page  # she works for this lead too, who may write to her
    main = main_job_id(db, eva)
    assert f"/jobs/{main}/" not in page
    assert f"/jobs/{second_job}/end" in page


def test_the_lead_of_the_other_job_s_unit_cannot_touch_the_main_job(
    client, auth, db, org, second_job
):
    auth.login(org["lead_lofot"])
    eva = org["eva"]
    main = main_job_id(db, eva)
    for action in ("end", "change"):
        assert client.get(f"/people/{eva.id}/jobs/{main}/{action}").status_code == 403
    assert (
        client.post(f"/people/{eva.id}/jobs/{main}/end", data={"ends_on": "2026-11-22"}).status_code
        == 403
    )
    form = job_form(org, starts_on="2026-11-22")
    assert client.post(f"/people/{eva.id}/jobs/{main}/change", data=form).status_code == 403
    assert job_ids(db, eva)[main].ends_on is None
    assert (
        client.post(
            f"/people/{eva.id}/jobs/{second_job}/end", data={"ends_on": "2026-12-05"}
        ).status_code
        == 302
    )


def test_a_lead_adds_a_job_only_in_their_own_units(client, auth, db, org):
    auth.login(org["lead_leknes"])
    eva = org["eva"]
    page = client.get(f"/people/{eva.id}/jobs/new").get_data(as_text=True)
    assert "Leknes" in page
    assert "Lofot" not in page
    response = client.post(f"/people/{eva.id}/jobs/new", data=job_form(org))
    assert response.status_code == 422
    assert "Velg en av enhetene i listen." in response.get_data(as_text=True)
    form = job_form(org, unit_id=str(org["leknes"].id))
    assert client.post(f"/people/{eva.id}/jobs/new", data=form).status_code == 302
    assert len(job_ids(db, eva)) == 2


def test_the_main_unit_s_lead_sees_the_other_job_only_as_existing(client, auth, org, second_job):
    auth.login(org["lead_leknes"])
    page = client.get(f"/people/{org['eva'].id}").get_data(as_text=True)
    assert "Helsesekretær" in page
    assert org["eva"].email in page
    assert "1 stilling i en annen enhet." in page
    assert "Sykepleier" not in page
    assert "Lofot" not in page


def test_a_lead_of_neither_unit_is_refused(client, auth, org, make_unit, make_person):
    elsewhere = make_unit("Andre")
    auth.login(make_person(unit=elsewhere, access="lead", leads=(elsewhere,)))
    eva = org["eva"]
    assert client.get(f"/people/{eva.id}").status_code == 403
    assert client.get(f"/people/{eva.id}/jobs/new").status_code == 403


def test_employees_see_their_own_jobs_and_manage_none(client, auth, db, org, second_job):
    eva = org["eva"]
    auth.login(eva)
    page = client.get(f"/people/{eva.id}").get_data(as_text=True)
    assert "Sykepleier" in page
    assert "Helsesekretær" in page
    assert "/jobs/" not in page
    main = main_job_id(db, eva)
    assert client.get(f"/people/{eva.id}/jobs/new").status_code == 403
    assert (
        client.post(f"/people/{eva.id}/jobs/{main}/end", data={"ends_on": "2026-11-22"}).status_code
        == 403
    )
    assert (
        client.post(f"/people/{eva.id}/jobs/{main}/change", data=job_form(org)).status_code == 403
    )
    assert job_ids(db, eva)[main].ends_on is None


def test_a_job_of_someone_else_is_not_found_under_this_person(client, auth, db, org):
    auth.login(org["admin"])
    other_job = main_job_id(db, org["lead_leknes"])
    url = f"/people/{org['eva'].id}/jobs/{other_job}/end"
    assert client.get(url).status_code == 404


def test_the_jobs_speak_english_too(client, auth, org, second_job):
    auth.login(org["lead_leknes"])
    client.post("/language", data={"language": "en"})
    page = client.get(f"/people/{org['eva'].id}").get_data(as_text=True)
    assert "1 job in another unit." in page
    assert "New job" in page
    response = client.post(f"/people/{org['eva'].id}/jobs/new", data=job_form(org))
    assert "Choose one of the units in the list." in response.get_data(as_text=True)
