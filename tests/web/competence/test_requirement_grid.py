"""The requirement grid: positions × competences, a form per cell for administrators, a page
that says how many people a removal reaches before it is done, and leads reading along."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.competence.models import Requirement


def audit_count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(AuditEvent))


def requirement(db, position, competence) -> Requirement | None:
    db.rollback()
    return db.scalar(
        select(Requirement).filter_by(position_id=position.id, competence_id=competence.id)
    )


def cell(html: str, position, competence) -> str:
    """The text of one cell of the grid, its form left out."""
    found = re.search(rf'<td id="krav-{position.id}-{competence.id}"[^>]*>(.*?)</td>', html, re.S)
    assert found, (position.id, competence.id)
    return re.sub(r"<details.*?</details>|<[^>]+>", " ", found.group(1), flags=re.S).split()


def send(client, position, competence, kind: str, days: str = "30"):
    return client.post(
        "/competence/requirements",
        data={
            "position_id": str(position.id),
            "competence_id": str(competence.id),
            "requirement": kind,
            "due_days": days,
        },
    )


@pytest.fixture
def nurse(make_position):
    return make_position("Sykepleier")


def test_the_grid_shows_each_cell_as_it_is(client, auth, gap_org, nurse):
    auth.login(gap_org.admin)
    html = client.get("/competence/requirements").get_data(as_text=True)
    assert cell(html, gap_org.position, gap_org.hlr) == ["Påkrevd", "30", "dager"]
    assert cell(html, gap_org.position, gap_org.secrecy) == ["Anbefalt", "30", "dager"]
    assert cell(html, nurse, gap_org.hlr) == ["–", "Ingen", "krav"]
    assert (
        '<option value="recommended" selected>Anbefalt</option>'
        in html.split(f'id="krav-{gap_org.position.id}-{gap_org.secrecy.id}-requirement"')[1].split(
            "</select>"
        )[0]
    )
    # Both active employees of A and B hold the position; the nurse has nobody.
    row = html.split(f'id="stilling-{gap_org.position.id}"')[1].split("</th>")[0]
    assert "2 aktive" in row
    assert "0 aktive" in html.split(f'id="stilling-{nurse.id}"')[1].split("</th>")[0]
    assert 'role="region"' in html
    assert 'tabindex="0"' in html
    assert html.count('name="_once"') == html.count(
        '<form method="post" novalidate class="req-form">'
    )


def test_admin_sets_changes_and_removes_a_cell_with_confirmation(
    client, auth, db, gap_org, nurse, make_person
):
    for active in (True, True, True, False):
        make_person(unit=gap_org.a, position=nurse, is_active=active)
    auth.login(gap_org.admin)
    before = audit_count(db)

    answer = send(client, nurse, gap_org.hlr, "recommended", "0")
    assert answer.status_code == 302
    assert answer.location.endswith(f"/competence/requirements#stilling-{nurse.id}")
    saved = requirement(db, nurse, gap_org.hlr)
    assert (saved.is_mandatory, saved.due_days) == (False, 0)

    assert send(client, nurse, gap_org.hlr, "mandatory", "45").status_code == 302
    saved = requirement(db, nurse, gap_org.hlr)
    assert (saved.is_mandatory, saved.due_days) == (True, 45)
    html = client.get("/competence/requirements").get_data(as_text=True)
    assert cell(html, nurse, gap_org.hlr) == ["Påkrevd", "45", "dager"]

    # The same again changes nothing and logs nothing.
    assert send(client, nurse, gap_org.hlr, "mandatory", "45").status_code == 302
    assert audit_count(db) == before + 2

    # None goes to the confirmation page first; nothing is removed yet.
    answer = send(client, nurse, gap_org.hlr, "none", "")
    confirm = f"/competence/requirements/{saved.id}/remove"
    assert answer.status_code == 302
    assert answer.location.endswith(confirm)
    assert requirement(db, nurse, gap_org.hlr) is not None
    page = client.get(confirm).get_data(as_text=True)
    assert "Fjerner kravet for 3 personer i stillingen Sykepleier." in page
    assert f'href="/competence/requirements#krav-{nurse.id}-{gap_org.hlr.id}"' in page  # cancel
    assert 'name="_once"' in page
    assert requirement(db, nurse, gap_org.hlr) is not None

    assert client.post(confirm).status_code == 302
    assert requirement(db, nurse, gap_org.hlr) is None
    assert audit_count(db) == before + 3
    assert client.get(confirm).status_code == 404


def test_the_confirmation_counts_one_person_and_nobody(
    client, auth, db, gap_org, nurse, make_requirement, make_person
):
    auth.login(gap_org.admin)
    lone = make_requirement(nurse, gap_org.hlr)
    page = client.get(f"/competence/requirements/{lone.id}/remove").get_data(as_text=True)
    assert "Ingen aktive personer har stillingen Sykepleier nå." in page
    make_person(unit=gap_org.b, position=nurse)
    page = client.get(f"/competence/requirements/{lone.id}/remove").get_data(as_text=True)
    assert "Fjerner kravet for 1 person i stillingen Sykepleier." in page


def hlr_requirement_id(db, gap_org) -> int:
    found = requirement(db, gap_org.position, gap_org.hlr).id
    db.rollback()  # end the read, so that SQLite lets the next write in
    return found


def test_the_confirmation_counts_the_people_in_one_query(
    app, client, auth, db, gap_org, make_person
):
    from sqlalchemy import event

    auth.login(gap_org.admin)
    url = f"/competence/requirements/{hlr_requirement_id(db, gap_org)}/remove"
    for _ in range(5):
        make_person(unit=gap_org.b, position=gap_org.position)
    statements: list[str] = []

    def listener(*args) -> None:
        statements.append(args[2])

    engine = app.extensions["portal.engine"]
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page = client.get(url).get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert "Fjerner kravet for 7 personer i stillingen Helsesekretær." in page
    people = [s for s in statements if "FROM persons" in s and "count(" in s.lower()]
    assert len(people) == 1, statements


def test_a_removal_asks_no_deadline(client, auth, db, gap_org):
    auth.login(gap_org.admin)
    answer = send(client, gap_org.position, gap_org.hlr, "none", "-3")
    assert answer.status_code == 302
    assert answer.location.endswith(
        f"/competence/requirements/{hlr_requirement_id(db, gap_org)}/remove"
    )


def test_removing_a_cell_without_a_requirement_changes_nothing(client, auth, db, gap_org, nurse):
    auth.login(gap_org.admin)
    before = audit_count(db)
    answer = send(client, nurse, gap_org.hlr, "none", "")
    assert answer.status_code == 302
    assert audit_count(db) == before
    assert "har ikke noe krav om HLR" in client.get(answer.location).get_data(as_text=True)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"position_id": "999999"}, "Stillingen finnes ikke."),
        ({"competence_id": "999999"}, "Kompetansen finnes ikke."),
        ({"position_id": "x"}, "Kravet ble ikke lagret."),
        ({"due_days": "-1"}, "Fristen må være mellom 0 og 3650 dager."),
        ({"due_days": "3651"}, "Fristen må være mellom 0 og 3650 dager."),
        ({"due_days": ""}, "Oppgi fristen i dager, fra 0 til 3650."),
        ({"due_days": "tretti"}, "Kravet ble ikke lagret."),
        ({"requirement": "maybe"}, "Velg påkrevd, anbefalt eller ingen krav."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client, auth, db, gap_org, change, message
):
    auth.login(gap_org.admin)
    before = audit_count(db)
    data = {
        "position_id": str(gap_org.position.id),
        "competence_id": str(gap_org.hlr.id),
        "requirement": "recommended",
        "due_days": "10",
        **change,
    }
    answer = client.post("/competence/requirements", data=data)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert message in html
    assert 'role="alert"' in html
    saved = requirement(db, gap_org.position, gap_org.hlr)
    assert (saved.is_mandatory, saved.due_days) == (True, 30)
    assert audit_count(db) == before


def test_a_bad_cell_is_shown_open_with_its_error_and_what_was_sent(client, auth, gap_org):
    auth.login(gap_org.admin)
    answer = send(client, gap_org.position, gap_org.hlr, "recommended", "-5")
    html = answer.get_data(as_text=True)
    anchor = f"krav-{gap_org.position.id}-{gap_org.hlr.id}"
    assert f'href="#{anchor}-due_days"' in html  # the summary links to the field
    assert "Kravet ble ikke lagret.</strong>\n    Helsesekretær, HLR</p>" in html
    assert f'aria-describedby="{anchor}-due_days-error"' in html
    assert 'value="-5"' in html
    assert html.count('<details class="req__edit" open>') == 1


def test_removal_page_and_removal_for_unknown_ids_are_404(client, auth, gap_org):
    auth.login(gap_org.admin)
    assert client.get("/competence/requirements/999999/remove").status_code == 404
    assert client.post("/competence/requirements/999999/remove").status_code == 404


def test_lead_reads_the_grid_without_forms_and_may_change_nothing(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    html = client.get("/competence/requirements").get_data(as_text=True)
    assert cell(html, gap_org.position, gap_org.hlr) == ["Påkrevd", "30", "dager"]
    assert "req-form" not in html
    assert "endres av en administrator" in html
    requirement_id = hlr_requirement_id(db, gap_org)
    assert send(client, gap_org.position, gap_org.hlr, "none").status_code == 403
    assert send(client, gap_org.position, gap_org.hlr, "recommended").status_code == 403
    assert client.get(f"/competence/requirements/{requirement_id}/remove").status_code == 403
    assert client.post(f"/competence/requirements/{requirement_id}/remove").status_code == 403
    assert requirement(db, gap_org.position, gap_org.hlr) is not None


def test_employee_sees_no_grid(client, auth, db, gap_org):
    auth.login(gap_org.employee)
    requirement_id = hlr_requirement_id(db, gap_org)
    assert client.get("/competence/requirements").status_code == 403
    assert send(client, gap_org.position, gap_org.hlr, "none").status_code == 403
    assert client.get(f"/competence/requirements/{requirement_id}/remove").status_code == 403
    assert client.post(f"/competence/requirements/{requirement_id}/remove").status_code == 403
