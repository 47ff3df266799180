"""Min side's one list of what to do next, and the onboarding page's «Neste»: the same ranking,
the same dates, and a signed-off practical item that counts as its competence."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from portal import demo
from portal.competence.models import CompetenceRecord
from portal.formatting import due_in_words
from portal.onboarding.models import Checklist, ChecklistItem
from portal.onboarding.operations import ItemData
from portal.org.models import Person

TODAY = date(2026, 11, 22)
PASSWORD = "kompetanse-demo"


@pytest.fixture
def demo_org(app, db):
    demo.load(db, today=TODAY)
    db.commit()


def todo_list(html: str) -> list[str]:
    """The entries of Min side's list, each as its text without tags, in order."""
    listed = html.split('id="todo-list"')[1].split("</ol>")[0]
    return [text_of(entry) for entry in listed.split("<li ")[1:]]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.split(">", 1)[1]).split())


def next_step(html: str) -> str:
    """The onboarding page's «Neste» line, as text."""
    return text_of(html.split('id="next-step"')[1].split("</p>")[0])


def test_the_new_hires_first_entry_is_introduksjons_neste_with_the_same_date(
    demo_org, client, auth
):
    assert auth.login("nyansatt@leknes.example", password=PASSWORD).status_code == 302
    home = client.get("/").get_data(as_text=True)
    onboarding = client.get("/onboarding/").get_data(as_text=True)
    first = todo_list(home)[0]
    neste = next_step(onboarding)
    title, due = re.match(r"(.+?) ! om \d+ dager .* frist (\d\d\.\d\d\.\d{4})", first).groups()
    assert neste.startswith(f"Neste: {title} ")
    assert neste.endswith(f"frist {due}")
    # The words agree with the date, and both pages say them.
    words = due_in_words(date(*map(int, reversed(due.split(".")))), TODAY)
    assert words in first
    assert words in neste


def test_one_date_an_item_that_stands_for_a_competence_is_due_with_the_requirement(
    demo_org, client, auth, db
):
    """Brannvern: the requirement is due 30 days after the start, the template's item after 7;
    both pages give the requirement's date, and no second entry for the requirement."""
    hire = db.scalar(select(Person).where(Person.email == "nyansatt@leknes.example"))
    due = (hire.position_since + timedelta(days=30)).strftime("%d.%m.%Y")
    assert auth.login("nyansatt@leknes.example", password=PASSWORD).status_code == 302
    entries = [e for e in todo_list(client.get("/").text) if "Brannvern" in e]
    assert len(entries) == 1
    assert entries[0].startswith("Brannvern og rømningsveier")
    assert f"frist {due}" in entries[0]
    table = client.get("/onboarding/").text.split("Alle punktene i planen min")[1]
    row = table.split("Brannvern og rømningsveier")[1].split("</tr>")[0]
    assert due in row


def test_the_tag_follows_urgency_and_overdue_items_are_named(client, auth, world_overdue):
    hire, late_item_id = world_overdue
    auth.login(hire)
    html = client.get("/").text
    listed = html.split('id="todo-list"')[1].split("</ol>")[0]
    first, second = listed.split("<li ")[1:3]
    assert "status--expired due due--danger" in first
    assert "3 dager på overtid" in first
    assert "status--expiring due due--warning" in second
    assert "om 5 dager" in second
    overdue = html.split("Passert fristen:")[1].split("</p>")[0]
    assert f'href="/onboarding/items/{late_item_id}">Brannrunde</a>' in overdue


@pytest.fixture
def world_overdue(make_unit, make_position, make_person, make_checklist):
    unit, position = make_unit("Leknes"), make_position("Helsesekretær")
    hire = make_person(unit=unit, position=position, start_date=TODAY - timedelta(days=10))
    checklist = make_checklist(
        hire,
        items=[
            ItemData("signoff", "Brannrunde", 7, responsible_role="mentor"),
            ItemData("signoff", "Telefon", 15, responsible_role="mentor"),
        ],
    )
    return hire, next(i.id for i in checklist.items if i.title == "Brannrunde")


def test_a_signed_off_item_counts_as_its_competence_and_undoing_it_voids_the_record(
    client,
    auth,
    db,
    make_unit,
    make_position,
    make_person,
    make_competence,
    make_requirement,
    make_checklist,
):
    unit, position = make_unit("Leknes"), make_position("Helsesekretær")
    timebok = make_competence(
        "timebok", kind="signoff", validity_months=None, name="Opplæring i timebok"
    )
    make_requirement(position, timebok, due_days=30)
    hire = make_person(unit=unit, position=position, start_date=TODAY - timedelta(days=5))
    mentor = make_person(unit=unit, name="Marte Fadder")
    checklist = make_checklist(
        hire,
        items=[
            ItemData(
                "signoff",
                "Telefon og timebok",
                14,
                responsible_role="mentor",
                competence_id=timebok.id,
            )
        ],
        mentor=mentor,
    )
    item_id = checklist.items[0].id
    auth.login(hire)
    assert "Telefon og timebok" in "".join(todo_list(client.get("/").text))
    assert "Opplæring i timebok" not in "".join(todo_list(client.get("/").text))

    auth.login(mentor)
    assert client.post(f"/onboarding/items/{item_id}/confirm").status_code == 302
    db.expire_all()
    record = db.scalar(select(CompetenceRecord).where(CompetenceRecord.person_id == hire.id))
    assert (record.competence_id, record.source, record.achieved_on) == (
        timebok.id,
        "signoff",
        TODAY,
    )
    auth.login(hire)
    home = client.get("/").text
    assert "Opplæring i timebok" not in home.split('id="todo-list"')[-1].split("</ol>")[0]
    assert "1 av 1 påkrevde krav er oppfylt" in home

    auth.login(mentor)
    response = client.post(f"/onboarding/items/{item_id}/undo", data={"reason": "Feil person"})
    assert response.status_code == 302
    auth.login(hire)
    home = client.get("/").text
    assert "0 av 1 påkrevde krav er oppfylt" in home
    assert "Telefon og timebok" in "".join(todo_list(home))
    db.expire_all()
    item = db.get(ChecklistItem, item_id)
    assert item.completed_dt is None
    assert db.get(Checklist, checklist.id) is not None


def test_due_words_in_english(app):
    with app.test_request_context(), force_locale("en"):
        assert due_in_words(TODAY + timedelta(days=5), TODAY) == "in 5 days"
        assert due_in_words(TODAY, TODAY) == "today"
        assert due_in_words(TODAY - timedelta(days=3), TODAY) == "3 days overdue"
        assert due_in_words(TODAY - timedelta(days=1), TODAY) == "1 day overdue"


def test_the_new_hires_start_page_runs_as_many_queries_with_more_items(
    demo_org, client, auth, count_queries, db
):
    assert auth.login("nyansatt@leknes.example", password=PASSWORD).status_code == 302
    before = count_queries("/")
    hire = db.scalar(select(Person).where(Person.email == "nyansatt@leknes.example"))
    checklist = db.scalar(select(Checklist).where(Checklist.person_id == hire.id))
    courses = [i for i in checklist.items if i.kind == "course"]
    for number, source in enumerate(courses * 3):
        db.add(
            ChecklistItem(
                checklist_id=checklist.id,
                kind=source.kind,
                title=f"Ekstra {number}",
                due_days=number,
                competence_id=source.competence_id,
            )
        )
    db.commit()
    assert count_queries("/") == before <= 13
