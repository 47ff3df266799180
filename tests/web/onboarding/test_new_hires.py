"""A checklist is made when a person is created (form, CSV, demo) and copies its template;
overdue items are reminded once; the demo has a new hire under way."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from portal.notify.models import SentReminder
from portal.onboarding.models import Checklist, ChecklistItem, TemplateItem
from portal.onboarding.operations import ItemData
from portal.org.models import Person
from tests.web.onboarding.conftest import read

ITEMS = [
    ItemData("acknowledgement", "Taushetserklæring", 0, "Tekst"),
    ItemData("signoff", "Timebok", 14, responsible_role="mentor"),
]


def new_person(client, world, email: str, start: str, *, position=None):
    return client.post(
        "/people/new",
        data={
            "name": "Ola Ny",
            "email": email,
            "unit_id": world.unit.id,
            "position_id": (position or world.position).id,
            "start_date": start,
            "employment_percent": 100,
        },
    )


def checklist_of(db, email: str) -> Checklist | None:
    found = read(db, select(Checklist).join(Checklist.person).where(Person.email == email))
    return found[0] if found else None


def items_of(db, checklist: Checklist) -> list[ChecklistItem]:
    return read(
        db,
        select(ChecklistItem)
        .where(ChecklistItem.checklist_id == checklist.id)
        .order_by(ChecklistItem.id),
    )


def test_a_person_created_with_a_start_date_gets_the_template_of_that_day(
    client, auth, world, make_onboarding_template, db
):
    template = make_onboarding_template(world.position, items=ITEMS)
    auth.login(world.lead)
    assert new_person(client, world, "ola@leknes.example", "2026-12-01").status_code == 302
    checklist = checklist_of(db, "ola@leknes.example")
    assert checklist.start_date == date(2026, 12, 1)
    assert checklist.template_id == template.id
    assert [(i.kind, i.title, i.due_days) for i in items_of(db, checklist)] == [
        ("acknowledgement", "Taushetserklæring", 0),
        ("signoff", "Timebok", 14),
    ]

    # a later edit of the template does not rewrite the checklist under way
    client.post(f"/onboarding/templates/{template.id}/items", data={})  # the lead may not
    auth.login(world.admin)
    edit = f"/onboarding/templates/items/{template.items[1].id}/edit"
    assert (
        client.post(
            edit,
            data={
                "title": "Telefon",
                "kind": "signoff",
                "competence_id": "0",
                "responsible_role": "lead",
                "due_days": "3",
                "description": "",
            },
        ).status_code
        == 302
    )
    assert [i.title for i in items_of(db, checklist)] == ["Taushetserklæring", "Timebok"]
    assert [i.title for i in read(db, select(TemplateItem).order_by(TemplateItem.id))] == [
        "Taushetserklæring",
        "Telefon",
    ]


def test_the_units_own_template_wins(client, auth, world, make_onboarding_template, db):
    make_onboarding_template(world.position, items=ITEMS)
    make_onboarding_template(
        world.position,
        unit=world.unit,
        items=[ItemData("signoff", "Leknes-rutiner", 5, responsible_role="lead")],
    )
    auth.login(world.lead)
    new_person(client, world, "ola@leknes.example", "2026-11-20")
    assert [i.title for i in items_of(db, checklist_of(db, "ola@leknes.example"))] == [
        "Leknes-rutiner"
    ]


def test_no_checklist_without_a_template_or_for_a_long_past_start(
    client, auth, world, make_onboarding_template, make_position, db
):
    make_onboarding_template(world.position, items=ITEMS)
    auth.login(world.lead)
    new_person(client, world, "old@leknes.example", "2025-01-01")
    new_person(client, world, "other@leknes.example", "2026-11-20", position=make_position())
    assert checklist_of(db, "old@leknes.example") is None
    assert checklist_of(db, "other@leknes.example") is None


def test_csv_import_makes_checklists(app, world, make_onboarding_template, db):
    make_onboarding_template(world.position, items=ITEMS)
    from portal.db import new_session
    from portal.org.operations import import_people

    text = (
        "email,name,unit,role,start_date,employment_percent,access\n"
        f"csv@example.test,Csv Ny,{world.unit.name},{world.position.name},2026-11-30,100,"
        "employee\n"
    )
    with new_session() as session:
        result = import_people(session, actor_id=None, text=text)
        assert not result.errors
        session.commit()
    assert len(items_of(db, checklist_of(db, "csv@example.test"))) == 2


def test_overdue_items_are_reminded_once(app, world, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reminders", "send", "--dry-run"])
    assert result.exit_code == 0, result.output
    # overdue on 22.11: the declaration (hire), EPJ (hire + IT), phone and timebook (hire +
    # mentor); the lead's follow-up and the course are not due yet
    assert "5 reminder(s) due" in result.output
    assert (
        f"would send to {world.it.email}: Forfalt i introduksjonsplanen: EPJ-tilgang"
        in result.output
    )
    assert runner.invoke(args=["reminders", "send"]).exit_code == 0
    keys = {r.key for r in read(db, select(SentReminder))}
    assert f"onboarding:item:{world.items['EPJ-tilgang']}:overdue:{world.it.id}" in keys
    again = runner.invoke(args=["reminders", "send", "--dry-run"])
    assert "0 reminder(s) due" in again.output


def test_an_overdue_item_is_reminded_in_each_recipients_language(app, world):
    with app.extensions["portal.sessionmaker"]() as session:
        session.execute(update(Person).where(Person.id == world.it.id).values(language="en"))
        session.commit()
    output = app.test_cli_runner().invoke(args=["reminders", "send", "--dry-run"]).output
    assert f"would send to {world.it.email}: Overdue in the onboarding plan: EPJ-tilgang" in output
    assert f"would send to {world.hire.email}: Forfalt i introduksjonsplanen: EPJ-tilgang" in output


def test_an_item_without_a_mentor_is_reminded_to_the_lead(app, world, make_checklist, make_person):
    late = make_person(unit=world.unit, position=world.position, start_date=date(2026, 11, 1))
    make_checklist(late, items=[ItemData("signoff", "Timebok", 7, responsible_role="mentor")])
    result = app.test_cli_runner().invoke(args=["reminders", "send", "--dry-run"])
    assert (
        f"would send to {world.lead.email}: Forfalt i introduksjonsplanen: Timebok" in result.output
    )


def test_demo_new_hire_has_a_checklist_under_way(app, db):
    from portal import demo
    from portal.db import new_session

    with app.app_context(), new_session() as session:
        demo.load(session, today=date(2026, 11, 22))
        session.commit()
    checklist = checklist_of(db, "nyansatt@leknes.example")
    items = items_of(db, checklist)
    [mentor] = read(db, select(Person).where(Person.email == "mentor@leknes.example"))
    assert checklist.mentor_id == mentor.id
    assert checklist.it_contact_id is not None
    assert len(items) >= 8
    assert {"course", "acknowledgement", "signoff"} == {i.kind for i in items}
    assert sum(i.completed_dt is not None for i in items) >= 2
    titles = " ".join(i.title for i in items)
    for word in (
        "Taushetserklæring",
        "EPJ",
        "timebok",
        "Laboratorierutiner",
        "sikkerhetskopi",
        "Brannvern",
        "verneombudet",
        "tillitsvalgt",
        "Oppfølgingssamtale",
        "Kurs: Taushetsplikt",
    ):
        assert word in titles
