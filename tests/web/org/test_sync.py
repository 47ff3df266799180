"""The HR sync (README «Syncing people from HR»): ``portal people sync`` and its page."""

from __future__ import annotations

import io
import re
import secrets
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.audit.models import AuditEvent
from portal.competence import obligations
from portal.competence.models import Obligation
from portal.org import sync
from portal.org.models import Person, unit_leads

HEADER = "email,name,unit,role,start_date,employment_percent,access,employee_number,end_date\n"
TODAY = date(2026, 11, 22)


@pytest.fixture
def org(make_unit, make_position):
    return {
        "leknes": make_unit("Leknes legesenter"),
        "lofot": make_unit("Lofotleger AS"),
        "hs": make_position("Helsesekretær"),
        "lhs": make_position("Ledende helsesekretær"),
    }


@pytest.fixture
def staff(org, make_person):
    """Ten active people at Leknes, helsesekretærer since 2020."""
    return [
        make_person(
            email=f"p{n}@x.test", name=f"Person {n}", unit=org["leknes"], position=org["hs"]
        )
        for n in range(10)
    ]


def row(n: int, **changes) -> str:
    values = {
        "email": f"p{n}@x.test",
        "name": f"Person {n}",
        "unit": "Leknes legesenter",
        "role": "Helsesekretær",
        "start_date": "",
        "employment_percent": "100",
        "access": "employee",
        "employee_number": "",
        "end_date": "",
    }
    values.update(changes)
    return ",".join(values.values()) + "\n"


def everyone_but(*missing: int, extra: str = "") -> str:
    return HEADER + "".join(row(n) for n in range(10) if n not in missing) + extra


def snapshot(session, *, end: bool = True) -> dict:
    """Every person's synced fields by email. ``end`` ends the session's transaction after
    reading: on SQLite it holds the write lock, which a command run next would wait for."""
    session.expire_all()
    people = session.scalars(
        select(Person).order_by(Person.email).options(selectinload(Person.jobs))
    )
    found = {
        p.email: (
            p.name,
            p.employee_number,
            p.unit_id,
            p.position_id,
            p.position_since,
            p.employment_percent,
            p.access,
            p.is_active,
            p.several_units,
            [
                (j.unit_id, j.position_id, j.employment_percent, j.starts_on, j.ends_on)
                for j in p.jobs
            ],
        )
        for p in people
    }
    if end:
        session.rollback()
    return found


def run(app, path, *flags):
    return app.test_cli_runner().invoke(args=["people", "sync", str(path), *flags])


def write(tmp_path, text: str):
    path = tmp_path / "hr.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_applying_the_dry_run_s_plan_is_what_the_real_run_does(app, db, staff, org, tmp_path):
    text = (
        HEADER
        + row(0, name="Person Null", employee_number="1000")
        + row(1, unit="Lofotleger AS", role="Ledende helsesekretær", start_date="2026-12-01")
        + row(2, employment_percent="60", access="lead")
        + row(3)
        + row(3, unit="Lofotleger AS", start_date="2026-11-23", employment_percent="40")
        + row(4, end_date="2026-12-31")
        + "".join(row(n) for n in range(5, 9))
        + row(8, end_date="2026-11-01").replace("p8@", "p8b@")
        + "ny@x.test,Ny Person,Leknes legesenter,Helsesekretær,2026-11-01,80,,2000,\n"
        + "ny@x.test,Ny Person,Lofotleger AS,Helsesekretær,2026-11-15,20,,2000,\n"
    )
    before = snapshot(db)
    with app.app_context():
        with app.extensions["portal.sessionmaker"]() as session:
            plan = sync.plan(session, text, today=TODAY)
            assert plan.errors == []
            sync.apply(session, actor_id=None, plan=plan, today=TODAY)
            planned = snapshot(session, end=False)
            session.rollback()
    assert snapshot(db) == before  # the plan itself changed nothing
    result = run(app, write(tmp_path, text))
    assert result.exit_code == 0, result.output
    assert snapshot(db) == planned
    after = snapshot(db)
    lines = plan.lines()
    assert lines[:3] == [
        "+ Ny Person <ny@x.test>: ny, Ansatt",
        "+ Ny Person <ny@x.test>: ny stilling: Leknes legesenter, Helsesekretær, 80 %, "
        "fra 01.11.2026",
        "+ Ny Person <ny@x.test>: ny stilling: Lofotleger AS, Helsesekretær, 20 %, fra 15.11.2026",
    ]
    assert "~ Person 0 <p0@x.test>: navn: Person 0 → Person Null" in lines
    # Another position: the job ends the day before the sync, and one begins.
    assert (
        "- Person 1 <p1@x.test>: stillingen slutter: Leknes legesenter, Helsesekretær, "
        "fra 01.01.2020, siste dag 21.11.2026" in lines
    )
    assert (
        "+ Person 1 <p1@x.test>: ny stilling: Lofotleger AS, Ledende helsesekretær, 100 %, "
        "fra 01.12.2026" in lines
    )
    assert (
        "~ Person 2 <p2@x.test>: stillingsprosent i Leknes legesenter, Helsesekretær: "
        "100 % → 60 %" in lines
    )
    assert (
        "+ Person 3 <p3@x.test>: ny stilling: Lofotleger AS, Helsesekretær, 40 %, "
        "fra 23.11.2026" in lines
    )
    assert (
        "- Person 4 <p4@x.test>: stillingen slutter: Leknes legesenter, Helsesekretær, "
        "fra 01.01.2020, siste dag 31.12.2026" in lines
    )
    assert "- Person 9 <p9@x.test>: deaktiveres (ikke i filen)" in lines
    leknes, lofot, hs, lhs = (org[k].id for k in ("leknes", "lofot", "hs", "lhs"))
    assert after["p0@x.test"][:2] == ("Person Null", "1000")
    assert after["p1@x.test"][2:5] == (lofot, lhs, date(2026, 12, 1))  # deadlines from its start
    assert after["p1@x.test"][9] == [
        (leknes, hs, 100, date(2020, 1, 1), date(2026, 11, 21)),
        (lofot, lhs, 100, date(2026, 12, 1), None),
    ]
    assert after["p2@x.test"][5:7] == (60, "lead")
    assert after["p3@x.test"][8] is True  # in two units
    assert after["p3@x.test"][9][1] == (lofot, hs, 40, date(2026, 11, 23), None)
    assert after["p4@x.test"][9] == [(leknes, hs, 100, date(2020, 1, 1), date(2026, 12, 31))]
    assert after["p9@x.test"][7] is False
    assert after["ny@x.test"][1] == "2000"
    assert after["ny@x.test"][2:6] == (leknes, hs, date(2026, 11, 1), 80)  # the main job
    assert after["ny@x.test"][8:] == (
        True,
        [(leknes, hs, 80, date(2026, 11, 1), None), (lofot, hs, 20, date(2026, 11, 15), None)],
    )
    assert "p8b@x.test" not in after  # left before the portal knew them: not created
    assert obligations.check(db, TODAY) == []
    db.rollback()
    # The file's lines are the output, and a second run finds nothing to do.
    assert lines == [line for line in result.output.splitlines() if line[:2] in ("+ ", "~ ", "- ")]
    again = run(app, write(tmp_path, text), "--dry-run")
    assert "0 nye, 0 endret, 0 deaktiveres" in again.output


def due_dates(db, person) -> dict[tuple[int, int], object]:
    """The person's obligations: (competence, unit) → due date."""
    found = db.execute(
        select(Obligation.competence_id, Obligation.unit_id, Obligation.due_on).where(
            Obligation.person_id == person.id
        )
    )
    dates = {(competence, unit): due for competence, unit, due in found}
    db.rollback()
    return dates


def test_a_person_in_two_jobs_from_two_rows(app, db, staff, org, tmp_path):
    text = everyone_but(
        5,
        extra=row(5, employment_percent="60")
        + row(
            5, unit="Lofotleger AS", role="Ledende helsesekretær", start_date="2026-12-01"
        ).replace(",100,", ",40,"),
    )
    result = run(app, write(tmp_path, text))
    assert result.exit_code == 0, result.output
    assert "1 endret" in result.output
    person = snapshot(db)["p5@x.test"]
    assert person[7:9] == (True, True)
    assert [job[:3] for job in person[9]] == [
        (org["leknes"].id, org["hs"].id, 60),
        (org["lofot"].id, org["lhs"].id, 40),
    ]
    assert person[2:4] == (org["leknes"].id, org["hs"].id)  # the larger share is the main job


def test_a_row_removed_ends_that_job_and_keeps_the_person(app, db, staff, org, tmp_path):
    two_jobs = everyone_but(extra=row(6, unit="Lofotleger AS", start_date="2026-01-01"))
    assert run(app, write(tmp_path, two_jobs)).exit_code == 0
    result = run(app, write(tmp_path, everyone_but()))
    assert result.exit_code == 0, result.output
    assert (
        "- Person 6 <p6@x.test>: stillingen slutter: Lofotleger AS, Helsesekretær, "
        "fra 01.01.2026, siste dag 21.11.2026" in result.output
    )
    assert "0 deaktiveres" in result.output
    person = snapshot(db)["p6@x.test"]
    assert person[7:9] == (True, False)
    assert person[9][1][4] == date(2026, 11, 21)
    assert {unit for _competence, unit in due_dates(db, staff[6])} <= {org["leknes"].id}


def test_a_role_change_ends_a_job_and_starts_another_with_new_deadlines(
    app, db, staff, org, make_competence, make_requirement, tmp_path
):
    hlr, epj = make_competence("hlr"), make_competence("epj")
    make_requirement(org["hs"], hlr, due_days=30)
    make_requirement(org["lhs"], epj, due_days=60)
    assert due_dates(db, staff[7]) == {(hlr.id, org["leknes"].id): date(2020, 1, 31)}
    text = everyone_but(7, extra=row(7, role="Ledende helsesekretær", start_date="2026-12-01"))
    result = run(app, write(tmp_path, text))
    assert result.exit_code == 0, result.output
    assert "stillingen slutter: Leknes legesenter, Helsesekretær" in result.output
    assert "ny stilling: Leknes legesenter, Ledende helsesekretær, 100 %, fra 01.12.2026" in (
        result.output
    )
    assert due_dates(db, staff[7]) == {(epj.id, org["leknes"].id): date(2027, 1, 30)}
    assert snapshot(db)["p7@x.test"][3:5] == (org["lhs"].id, date(2026, 12, 1))


def test_every_change_is_audited_and_the_lead_leads_their_unit(app, db, staff, org, tmp_path):
    text = everyone_but(2, extra=row(2, access="lead", employee_number="77"))
    assert run(app, write(tmp_path, text)).exit_code == 0
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_id == staff[2].id, AuditEvent.action == "person.updated"
        )
    ).all()
    assert events[-1].details["changed"]["access"] == ["employee", "lead"]
    assert events[-1].details["changed"]["employee_number"] == [None, "77"]
    leads = db.execute(select(unit_leads.c.unit_id).where(unit_leads.c.person_id == staff[2].id))
    assert [unit_id for (unit_id,) in leads] == [org["leknes"].id]


def test_a_lead_leads_the_units_of_their_jobs(app, db, staff, org, tmp_path):
    def led() -> dict[int, date | None]:
        found = db.execute(
            select(unit_leads.c.unit_id, unit_leads.c.ends_on).where(
                unit_leads.c.person_id == staff[2].id
            )
        )
        units = {unit_id: ends_on for unit_id, ends_on in found}
        db.rollback()
        return units

    lead = {"access": "lead"}
    both = row(2, **lead) + row(2, unit="Lofotleger AS", start_date="2026-12-01", **lead)
    assert run(app, write(tmp_path, everyone_but(2, extra=both))).exit_code == 0
    assert led() == {org["leknes"].id: None, org["lofot"].id: None}
    moved = row(2, unit="Lofotleger AS", **lead)
    assert run(app, write(tmp_path, everyone_but(2, extra=moved))).exit_code == 0
    assert led() == {org["leknes"].id: date(2026, 11, 21), org["lofot"].id: None}
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.subject_id == staff[2].id, AuditEvent.action == "person.updated")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.details["jobs"]["ended"][0][1] == "2026-11-21"


def test_a_file_that_drops_thirty_percent_is_refused_unless_allowed(app, db, staff, tmp_path):
    path = write(tmp_path, everyone_but(7, 8, 9))
    refused = run(app, path)
    assert refused.exit_code == 1
    assert "30 %" in refused.output
    assert "--allow-mass-leave" in refused.output
    assert all(person[7] for person in snapshot(db).values())
    dry = run(app, path, "--dry-run")
    assert dry.exit_code == 0
    assert "ingenting er endret" in dry.output
    allowed = run(app, path, "--allow-mass-leave")
    assert allowed.exit_code == 0, allowed.output
    gone = [email for email, person in snapshot(db).items() if not person[7]]
    assert gone == ["p7@x.test", "p8@x.test", "p9@x.test"]


def test_one_missing_of_ten_is_within_the_limit(app, db, staff, tmp_path):
    assert run(app, write(tmp_path, everyone_but(9))).exit_code == 0
    assert snapshot(db)["p9@x.test"][7] is False


def test_bad_rows_are_named_by_line_in_bokmal_and_nothing_changes(app, db, staff, tmp_path):
    before = snapshot(db)
    text = (
        HEADER
        + row(0)
        + row(1, unit="Ingensteds")
        + row(2, employee_number="5")
        + row(3, employee_number="5")
        + row(4, end_date="2026-13-01")
        + row(5).replace("p5@", "p0@")
        + "ny@x.test,Ny,Leknes legesenter,Helsesekretær,,100,,,\n"
        + row(6, start_date="2026-12-01", end_date="2026-11-30", unit="Lofotleger AS")
        + "to@x.test,To,Leknes legesenter,Helsesekretær,2026-12-01,100,,7,\n"
        + "to@x.test,To,Lofotleger AS,Helsesekretær,2026-12-01,100,,8,\n"
        + "tre@x.test,Tre,Leknes legesenter,Helsesekretær,2026-12-01,100,,9,\n"
        + "tre@x.test,Tre,Lofotleger AS,Helsesekretær,2026-12-01,100,lead,9,\n"
    )
    result = run(app, write(tmp_path, text))
    assert result.exit_code == 1
    assert "linje 3: ukjent enhet 'Ingensteds'" in result.output
    assert "linje 5: ansattnummeret 5 står også på linje 4" in result.output
    assert "linje 6: ugyldig dato '2026-13-01'" in result.output
    # The same email is the same person: their rows must agree, and be other jobs.
    assert "linje 7: samme person som på linje 2, men et annet navn" in result.output
    assert "linje 7: samme person, enhet og stilling som på linje 2" in result.output
    assert "linje 8: startdatoen mangler for en ny person" in result.output
    assert "linje 9: sluttdatoen er før startdatoen" in result.output
    # Another employee number is another person, who may not share the email.
    assert "linje 11: e-postadressen to@x.test står også på linje 10" in result.output
    assert "linje 13: samme person som på linje 12, men en annen tilgang" in result.output
    assert "ingenting er endret" in result.output
    assert snapshot(db) == before


def test_people_are_matched_by_employee_number_then_by_email(
    app, db, staff, org, make_person, tmp_path
):
    with app.extensions["portal.sessionmaker"]() as session:
        session.get(Person, staff[0].id).employee_number = "1000"
        session.commit()
    # Employee number 1000 with a new email is p0, renamed; p1 has no number yet and is found
    # by email; an email that belongs to another number is refused.
    text = everyone_but(0, 1, extra=row(0, employee_number="1000").replace("p0@", "kari@"))
    text += row(1, employee_number="1001")
    result = run(app, write(tmp_path, text))
    assert result.exit_code == 0, result.output
    after = snapshot(db)
    assert after["kari@x.test"][1] == "1000"
    assert "p0@x.test" not in after
    assert after["p1@x.test"][1] == "1001"
    clash = everyone_but(2, extra=row(2, employee_number="1000"))
    refused = run(app, write(tmp_path, clash))
    assert refused.exit_code == 1
    assert "e-postadressen p2@x.test tilhører en annen person i portalen" in refused.output


def test_a_person_back_in_the_file_is_active_again(app, db, staff, tmp_path):
    assert run(app, write(tmp_path, everyone_but(9))).exit_code == 0
    assert snapshot(db)["p9@x.test"][7] is False
    result = run(app, write(tmp_path, everyone_but()))
    assert "aktiv: nei → ja" in result.output
    assert snapshot(db)["p9@x.test"][7] is True


def test_administrators_missing_from_the_file_are_kept(app, db, staff, make_person, tmp_path):
    admin = make_person(email="admin@x.test", access="admin")
    assert run(app, write(tmp_path, everyone_but())).exit_code == 0
    assert snapshot(db)[admin.email][7] is True


def test_deactivated_people_are_silent(app, client, auth, staff, make_person, tmp_path):
    """Who leaves cannot log in (their sessions end), is gone from the people list (the
    filter shows them), and is mailed nothing."""
    from portal.notify.operations import _PENDING, notify

    admin = make_person(email="admin@x.test", access="admin")
    auth.login(staff[0])  # logged in before leaving
    assert run(app, write(tmp_path, everyone_but(0))).exit_code == 0
    assert client.get("/").status_code == 302  # the session ended
    assert "Feil e-post eller passord." in auth.login(staff[0]).get_data(as_text=True)
    with app.test_request_context(), app.extensions["portal.sessionmaker"]() as session:
        notify(session, person=session.get(Person, staff[0].id), subject="Test")
        assert session.info.get(_PENDING, []) == []
        notify(session, person=session.get(Person, staff[1].id), subject="Test")
        assert len(session.info[_PENDING]) == 1
        session.rollback()
    auth.login(admin)
    listed = client.get("/people/").get_data(as_text=True)
    assert "Person 1" in listed
    assert "Person 0" not in listed
    assert "Person 0" in client.get("/people/?inactive=y").get_data(as_text=True)


def test_reminders_skip_people_who_have_left(app, db, make_person, org, monkeypatch):
    from portal.notify.reminders import Reminder

    gone = make_person(email="gone@x.test", unit=org["leknes"], is_active=False)
    here = make_person(email="here@x.test", unit=org["leknes"])

    def source(_session, _today, _window):
        for person in (gone, here):
            yield Reminder(f"test:{person.id}", person.id, person.email, "Husk", "Husk dette")

    app.extensions["portal.reminder_sources"] = [source]
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--dry-run"])
    assert "here@x.test" in result.output
    assert "gone@x.test" not in result.output


# The page


def upload(client, path: str, text: str, **extra):
    data = {"file": (io.BytesIO(text.encode()), "hr.csv"), **extra}
    return client.post(path, data=data, content_type="multipart/form-data")


def test_the_sync_page_is_for_administrators(client, auth, make_person, make_unit):
    unit = make_unit()
    auth.login(make_person(unit=unit, access="lead", leads=(unit,)))
    assert client.get("/people/sync").status_code == 403
    assert upload(client, "/people/sync/apply", HEADER).status_code == 403


def test_the_page_shows_the_plan_then_applies_it_once(app, client, auth, db, staff, make_person):
    auth.login(make_person(email="admin@x.test", access="admin"))
    text = everyone_but(
        9,
        extra=row(9, name="Person Ni")
        + row(9, name="Person Ni", unit="Lofotleger AS", start_date="2026-12-01"),
    )
    shown = upload(client, "/people/sync", text)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Person 9 &lt;p9@x.test&gt;" in page
    assert "Person 9 → Person Ni" in page
    assert "ny stilling: Lofotleger AS, Helsesekretær, 100 %, fra 01.12.2026" in page
    assert snapshot(db)["p9@x.test"][0] == "Person 9"  # nothing changed yet
    digest = re.search(r'name="digest"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="digest"', page
    )
    key = secrets.token_urlsafe(32)
    form = {"digest": digest.group(1), "_once": key}
    first = upload(client, "/people/sync/apply", text, **form)
    again = upload(client, "/people/sync/apply", text, **form)
    assert first.status_code == 302
    assert again.location == first.location
    assert snapshot(db)["p9@x.test"][0] == "Person Ni"
    assert len(snapshot(db)["p9@x.test"][9]) == 2
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.subject_id == staff[9].id, AuditEvent.action == "person.updated"
        )
    ).all()
    assert len(events) == 1


def test_a_plan_that_changed_since_it_was_shown_is_not_applied(
    client, auth, db, staff, make_person
):
    auth.login(make_person(email="admin@x.test", access="admin"))
    text = everyone_but(extra="")
    response = upload(
        client, "/people/sync/apply", text.replace("Person 3", "Person Tre"), digest="stale"
    )
    assert response.status_code == 409
    assert snapshot(db)["p3@x.test"][0] == "Person 3"


def test_the_page_refuses_mass_leave_until_ticked(client, auth, db, staff, make_person):
    auth.login(make_person(email="admin@x.test", access="admin"))
    text = everyone_but(6, 7, 8, 9)
    page = upload(client, "/people/sync", text).get_data(as_text=True)
    assert "mer enn grensen på 10 %" in page
    digest = re.search(r'name="digest"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="digest"', page
    )
    refused = upload(client, "/people/sync/apply", text, digest=digest.group(1))
    assert refused.status_code == 422
    assert snapshot(db)["p9@x.test"][7] is True
    done = upload(client, "/people/sync/apply", text, digest=digest.group(1), allow_mass_leave="y")
    assert done.status_code == 302
    assert snapshot(db)["p9@x.test"][7] is False


def test_the_page_lists_bad_rows(client, auth, db, staff, make_person):
    auth.login(make_person(email="admin@x.test", access="admin"))
    response = upload(client, "/people/sync", HEADER + row(0, employment_percent="0"))
    assert response.status_code == 422
    assert "linje 2: ugyldig stillingsprosent" in response.get_data(as_text=True)


def test_a_workbook_is_refused(client, auth, make_person):
    auth.login(make_person(email="admin@x.test", access="admin"))
    data = {"file": (io.BytesIO(b"PK\x03\x04rest"), "hr.xlsx")}
    response = client.post("/people/sync", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Excel-arbeidsbok" in response.get_data(as_text=True)
