"""A checklist hangs on a job: each job a person starts gets its own, from the template of the
job's unit and position, and the leads of that job's unit see it and sign it."""

from __future__ import annotations

from datetime import date

from alembic import command
from sqlalchemy import select, text

from portal.cli import migrations_config
from portal.competence.models import Competence
from portal.onboarding.models import Checklist, ChecklistItem
from portal.onboarding.operations import ItemData
from portal.org.models import Job
from tests.web.onboarding.conftest import first_job_id, read

LOFOT_ITEMS = [ItemData("signoff", "Lofotleger-rutiner", 5, responsible_role="lead")]


def checklists_of(db, person) -> list[Checklist]:
    return read(
        db, select(Checklist).where(Checklist.person_id == person.id).order_by(Checklist.id)
    )


def items_of(db, checklist: Checklist) -> list[ChecklistItem]:
    return read(db, select(ChecklistItem).where(ChecklistItem.checklist_id == checklist.id))


def add_job(client, world, unit, starts_on="2026-11-23"):
    return client.post(
        f"/people/{world.hire.id}/jobs/new",
        data={
            "unit_id": unit.id,
            "position_id": world.position.id,
            "employment_percent": "40",
            "starts_on": starts_on,
        },
    )


def second_job(client, auth, world, make_onboarding_template, db) -> Checklist:
    """The hire takes a job at Lofotleger too, whose own template applies there."""
    make_onboarding_template(world.position, unit=world.other_unit, items=LOFOT_ITEMS)
    auth.login(world.admin)
    assert add_job(client, world, world.other_unit).status_code == 302
    first, second = checklists_of(db, world.hire)
    assert first.id == world.checklist_id
    return second


def test_a_second_job_gets_its_own_checklist_from_its_units_template(
    client, auth, world, make_onboarding_template, db
):
    second = second_job(client, auth, world, make_onboarding_template, db)
    [job] = read(db, select(Job).where(Job.id == second.job_id))
    assert (job.unit_id, job.starts_on) == (world.other_unit.id, date(2026, 11, 23))
    assert second.start_date == date(2026, 11, 23)  # due dates count from the job's first day
    assert [i.title for i in items_of(db, second)] == ["Lofotleger-rutiner"]


def test_the_other_units_lead_sees_and_signs_it_and_the_first_lead_does_not(
    client, auth, world, make_onboarding_template, db
):
    second = second_job(client, auth, world, make_onboarding_template, db)
    [item] = items_of(db, second)

    auth.login(world.lead)
    assert client.get(f"/onboarding/checklists/{second.id}").status_code == 403
    assert client.post(f"/onboarding/items/{item.id}/confirm").status_code == 403
    page = client.get("/onboarding/").get_data(as_text=True)
    assert f"/onboarding/checklists/{world.checklist_id}" in page
    assert f"/onboarding/checklists/{second.id}" not in page

    auth.login(world.other_lead)
    assert client.get(f"/onboarding/checklists/{world.checklist_id}").status_code == 403
    page = client.get("/onboarding/").get_data(as_text=True)
    assert f"/onboarding/checklists/{second.id}" in page
    assert f"/onboarding/checklists/{world.checklist_id}" not in page
    hires = page.split('id="hires-heading"')[1]
    assert "Lofotleger" in hires
    assert "Leknes" not in hires
    assert client.post(f"/onboarding/items/{item.id}/confirm").status_code == 302
    [signed] = items_of(db, second)
    assert signed.completed_by_id == world.other_lead.id


def test_the_new_hire_sees_both_plans(client, auth, world, make_onboarding_template, db):
    second = second_job(client, auth, world, make_onboarding_template, db)
    auth.login(world.hire)
    page = client.get("/onboarding/").get_data(as_text=True)
    assert "Min introduksjonsplan – Leknes" in page
    assert "Min introduksjonsplan – Lofotleger" in page
    assert f"/onboarding/checklists/{second.id}" in page
    start = client.get("/").get_data(as_text=True)
    assert "Min introduksjonsplan – Lofotleger" in start
    assert "Lofotleger-rutiner" in start  # in what to do next


def test_a_course_in_both_plans_is_one_thing_to_do(
    client, auth, world, make_onboarding_template, db
):
    [competence] = read(db, select(Competence).where(Competence.code == "taushetsplikt"))
    course = ItemData("course", "Kurs: Taushetsplikt", 30, competence_id=competence.id)
    make_onboarding_template(world.position, unit=world.other_unit, items=[*LOFOT_ITEMS, course])
    auth.login(world.admin)
    assert add_job(client, world, world.other_unit).status_code == 302
    auth.login(world.hire)
    start = client.get("/").get_data(as_text=True)
    assert start.count(">Kurs: Taushetsplikt<") == 1
    assert "Introduksjonsplanen, Lofotleger – Praktisk" in start


def test_a_position_change_starts_a_job_with_its_checklist(
    client, auth, world, make_onboarding_template, make_position, db
):
    nurse = make_position("Sykepleier")
    make_onboarding_template(nurse, items=[ItemData("signoff", "Sprøyterom", 3, "", None, "lead")])
    auth.login(world.lead)
    job_id = first_job_id(client.application, world.hire)
    response = client.post(
        f"/people/{world.hire.id}/jobs/{job_id}/change",
        data={
            "unit_id": world.unit.id,
            "position_id": nurse.id,
            "employment_percent": "100",
            "starts_on": "2026-12-01",
        },
    )
    assert response.status_code == 302
    old, new = checklists_of(db, world.hire)
    assert old.job_id == job_id
    assert new.job_id != job_id
    assert new.start_date == date(2026, 12, 1)
    assert [i.title for i in items_of(db, new)] == ["Sprøyterom"]


def test_new_people_of_the_import_get_checklists_in_the_same_statements_however_many(
    app, world, make_onboarding_template, db
):
    from sqlalchemy import event

    from portal.db import new_session
    from portal.org.operations import import_people

    make_onboarding_template(world.position, items=LOFOT_ITEMS)

    def statements(count: int) -> int:
        rows = "".join(
            f"n{count}-{i}@example.test,Ny {i},{world.unit.name},{world.position.name},"
            "2026-11-30,100,employee\n"
            for i in range(count)
        )
        seen: list[str] = []
        engine = app.extensions["portal.engine"]

        def counted(_conn, _cursor, statement, *_args) -> None:
            if "onboarding" in statement:
                seen.append(statement)

        event.listen(engine, "before_cursor_execute", counted)
        try:
            with new_session() as session:
                header = "email,name,unit,role,start_date,employment_percent,access\n"
                assert not import_people(session, actor_id=None, text=header + rows).errors
                session.commit()
        finally:
            event.remove(engine, "before_cursor_execute", counted)
        return len(seen)

    assert statements(1) == statements(6)
    made = read(db, select(Checklist).where(Checklist.id != world.checklist_id))
    assert len(made) == 7  # one for each new person


def test_the_migration_gives_a_checklist_the_persons_first_job(
    app, db, make_person, make_unit, make_checklist
):
    kari = make_person(name="Kari")
    first = first_job_id(app, kari)
    with app.extensions["portal.sessionmaker"]() as session:
        session.add(Job(person_id=kari.id, unit_id=make_unit().id, starts_on=date(2026, 1, 1)))
        session.commit()
    db.close()
    app.extensions["portal.engine"].dispose()
    with app.app_context():
        command.downgrade(migrations_config(), "0020jobs")
    with app.extensions["portal.engine"].begin() as connection:
        connection.execute(
            text(
                "INSERT INTO onboarding_checklists (person_id, start_date, created_dt)"
                " VALUES (:person, '2026-01-01', CURRENT_TIMESTAMP)"
            ),
            {"person": kari.id},
        )
        connection.execute(
            text(
                "INSERT INTO onboarding_checklist_items"
                " (checklist_id, kind, title, description, due_days, is_dropped)"
                " SELECT id, 'signoff', 'Timebok', '', 7, :false FROM onboarding_checklists"
            ),
            {"false": False},
        )
    app.extensions["portal.engine"].dispose()
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    with app.extensions["portal.engine"].connect() as connection:
        found = connection.execute(text("SELECT person_id, job_id FROM onboarding_checklists"))
        assert list(found) == [(kari.id, first)]
        items = connection.execute(text("SELECT title FROM onboarding_checklist_items"))
        assert list(items) == [("Timebok",)]  # the table rebuilt on SQLite keeps its items


def test_jobs_the_hr_sync_starts_get_checklists(
    app, db, make_unit, make_position, make_person, make_onboarding_template, tmp_path
):
    leknes, lofot = make_unit("Leknes legesenter"), make_unit("Lofotleger AS")
    secretary = make_position("Helsesekretær")
    make_onboarding_template(secretary, items=[ItemData("signoff", "Timebok", 7, "", None, "lead")])
    make_onboarding_template(secretary, unit=lofot, items=LOFOT_ITEMS)
    kari = make_person(email="kari@x.test", name="Kari", unit=leknes, position=secretary)
    header = "email,name,unit,role,start_date,employment_percent,access,employee_number,end_date\n"
    rows = [
        "kari@x.test,Kari,Leknes legesenter,Helsesekretær,,60,employee,,",
        "kari@x.test,Kari,Lofotleger AS,Helsesekretær,2026-12-01,40,employee,,",
        "ny@x.test,Ny,Leknes legesenter,Helsesekretær,2026-11-30,50,employee,,",
        "ny@x.test,Ny,Lofotleger AS,Helsesekretær,2026-11-30,50,employee,,",
    ]
    path = tmp_path / "hr.csv"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["people", "sync", str(path)])
    assert result.exit_code == 0, result.output

    def made(email: str) -> list[tuple[int, date, list[str]]]:
        units = {job.id: job.unit_id for job in read(db, select(Job))}
        query = select(Checklist).where(Checklist.person.has(email=email)).order_by(Checklist.id)
        return [
            (units[c.job_id], c.start_date, [i.title for i in items_of(db, c)])
            for c in read(db, query)
        ]

    # Kari's job of 2020 is no new hire's; her new one at Lofotleger is.
    assert made(kari.email) == [(lofot.id, date(2026, 12, 1), ["Lofotleger-rutiner"])]
    assert made("ny@x.test") == [
        (leknes.id, date(2026, 11, 30), ["Timebok"]),
        (lofot.id, date(2026, 11, 30), ["Lofotleger-rutiner"]),
    ]
