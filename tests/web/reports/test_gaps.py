"""The gap report page, its print view, CSV and XLSX: who sees what, filters, statuses."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import event

from portal.org.models import Person
from portal.org.operations import PersonData, update_person

URLS = ["/reports/gaps", "/reports/gaps/print", "/reports/gaps.csv", "/reports/gaps.xlsx"]
HEADER = (
    "employee_email,employee_name,unit,role,competence,requirement,status,achieved_on,expires_on"
)


def csv_rows(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == HEADER
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("url", URLS)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", URLS)
def test_employee_is_refused(client, auth, gap_org, url):
    auth.login(gap_org.employee)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["lead_a", "admin"])
@pytest.mark.parametrize("url", URLS)
def test_lead_and_admin_get_every_view(client, auth, gap_org, url, who):
    auth.login(getattr(gap_org, who))
    assert client.get(url).status_code == 200


def test_csv_matches_the_contract(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    rows = csv_rows(client.get("/reports/gaps.csv"))
    assert rows == [
        {
            "employee_email": "ansatt@a.test",
            "employee_name": "Ansatt A",
            "unit": "Enhet A",
            "role": "Helsesekretær",
            "competence": "HLR",
            "requirement": "mandatory",
            "status": "expiring",
            "achieved_on": "2025-01-10",
            "expires_on": "2027-01-10",
        },
        {
            "employee_email": "ansatt@a.test",
            "employee_name": "Ansatt A",
            "unit": "Enhet A",
            "role": "Helsesekretær",
            "competence": "Taushetsplikt",
            "requirement": "recommended",
            "status": "missing",
            "achieved_on": "",
            "expires_on": "",
        },
    ]


def test_lead_sees_only_own_units(client, auth, gap_org):
    auth.login(gap_org.lead_b)
    emails = {row["employee_email"] for row in csv_rows(client.get("/reports/gaps.csv"))}
    assert emails == {"ansatt@b.test"}
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert "Ansatt B" in page
    assert "Ansatt A" not in page
    # Asking for another unit by filter shows nothing of it (the filter falls back to all
    # of the lead's own units).
    rows = csv_rows(client.get(f"/reports/gaps.csv?unit={gap_org.a.id}"))
    assert {row["employee_email"] for row in rows} == {"ansatt@b.test"}
    assert "Ansatt A" not in client.get(f"/reports/gaps?unit={gap_org.a.id}").get_data(True)


def test_admin_sees_everyone_and_filters(client, auth, gap_org):
    auth.login(gap_org.admin)
    emails = {row["employee_email"] for row in csv_rows(client.get("/reports/gaps.csv"))}
    assert emails == {"ansatt@a.test", "ansatt@b.test"}
    by_unit = csv_rows(client.get(f"/reports/gaps.csv?unit={gap_org.b.id}"))
    assert {row["employee_email"] for row in by_unit} == {"ansatt@b.test"}
    expiring = csv_rows(client.get("/reports/gaps.csv?status=expiring"))
    assert [(r["employee_email"], r["competence"]) for r in expiring] == [("ansatt@a.test", "HLR")]
    only = csv_rows(client.get(f"/reports/gaps.csv?competence={gap_org.secrecy.id}"))
    assert {r["competence"] for r in only} == {"Taushetsplikt"}
    assert len(only) == 2
    by_root = csv_rows(client.get(f"/reports/gaps.csv?unit={gap_org.root.id}"))
    assert len(by_root) == 4  # a unit includes the units below it


@pytest.mark.parametrize(
    "query",
    [
        "unit=abc",
        "unit=999999",
        "status=bad",
        "competence=-1",
        "position=x",
        "sort=drop",
        "order=sideways",
        "page=-5",
        "page=abc",
        "page=99999",
        "unit=1&unit=2",
        "page=9999999999999999999999999",
    ],
)
def test_bad_filters_never_fail(client, auth, gap_org, query):
    auth.login(gap_org.admin)
    for url in URLS:
        assert client.get(f"{url}?{query}").status_code == 200


def test_a_nul_byte_is_a_bad_request(client, auth, gap_org):
    auth.login(gap_org.admin)
    for url in URLS:
        assert client.get(f"{url}?status=%00").status_code == 400


def test_page_shows_statuses_as_text_coverage_breach_chart_and_links(client, auth, gap_org):
    auth.login(gap_org.lead_a)
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert "Utløper snart" in page
    assert "Mangler" in page
    assert f"/people/{gap_org.employee.id}" in page
    assert "Brudd: mangler 1" in page  # 1 holder of HLR in A, minimum 2
    assert "<svg" in page
    assert "<title" in page


def test_sorting_by_gaps_follows_the_chosen_order(client, auth, gap_org, make_person):
    make_person(unit=gap_org.a, position=gap_org.position, name="Aaa Først")
    auth.login(gap_org.lead_a)
    rows = csv_rows(client.get("/reports/gaps.csv?sort=gaps&order=desc"))
    assert rows[0]["employee_name"] == "Aaa Først"  # two missing: the most gaps first
    rows = csv_rows(client.get("/reports/gaps.csv?sort=gaps&order=asc"))
    assert rows[-1]["employee_name"] == "Aaa Først"  # and last in ascending order
    by_name_desc = csv_rows(client.get("/reports/gaps.csv?sort=name&order=desc"))
    assert by_name_desc[0]["employee_name"] == "Ansatt A"


def test_inactive_people_are_left_out(client, auth, gap_org, make_person):
    make_person(unit=gap_org.a, position=gap_org.position, email="gone@a.test", is_active=False)
    auth.login(gap_org.lead_a)
    assert "gone@a.test" not in client.get("/reports/gaps.csv").get_data(as_text=True)


def test_requirements_follow_a_position_change_at_once(client, auth, db, gap_org, make_position):
    """Nothing is assigned person by person: the new position's requirements apply at once,
    not due until its due days have passed from the day of the change."""
    auth.login(gap_org.admin)
    before = csv_rows(client.get("/reports/gaps.csv"))
    assert {r["competence"] for r in before if r["employee_email"] == "ansatt@b.test"} == {
        "HLR",
        "Taushetsplikt",
    }
    new_position = make_position("Merkantil")
    person = db.get(Person, gap_org.other.id)
    update_person(
        db,
        actor_id=gap_org.admin.id,
        person=person,
        led_unit_ids=[],
        is_active=True,
        today=date(2026, 11, 22),
        data=PersonData(
            email=person.email,
            name=person.name,
            unit_id=gap_org.a.id,
            position_id=new_position.id,
            start_date=person.start_date,
            employment_percent=100,
        ),
    )
    db.commit()
    after = csv_rows(client.get("/reports/gaps.csv"))
    assert "ansatt@b.test" not in {r["employee_email"] for r in after}  # no requirements now


def test_queries_do_not_grow_with_people(app, client, auth, gap_org, make_person, make_record):
    auth.login(gap_org.admin)

    def count(url: str) -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        engine = app.extensions["portal.engine"]
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    few = count("/reports/gaps.csv"), count("/reports/gaps")
    for number in range(15):
        person = make_person(unit=gap_org.a, position=gap_org.position)
        make_record(person, gap_org.hlr, date(2026, 1, number + 1))
    assert (count("/reports/gaps.csv"), count("/reports/gaps")) == few


def test_pages_of_fifty(client, auth, gap_org, make_person):
    for _number in range(55):
        make_person(unit=gap_org.a, position=gap_org.position)
    auth.login(gap_org.lead_a)
    first = client.get("/reports/gaps").get_data(as_text=True)
    assert "Side 1 av 2" in first
    assert "Neste side" in first
    second = client.get("/reports/gaps?page=2").get_data(as_text=True)
    assert "Side 2 av 2" in second
    assert "Forrige side" in second


def test_large_organisation_reads_one_page_and_summarises_apart(
    client, auth, gap_org, make_person, monkeypatch
):
    from portal.reports import routes

    monkeypatch.setattr(routes, "SUMMARY_LIMIT", 1)
    monkeypatch.setattr(routes, "PER_PAGE", 2)
    make_person(unit=gap_org.a, position=gap_org.position, name="Aaa Først")
    auth.login(gap_org.admin)
    first = client.get("/reports/gaps").get_data(as_text=True)
    assert "Side 1 av 2" in first
    assert first.index("Aaa Først") < first.index("Ansatt A")
    assert "Ansatt B" not in first
    assert "Brudd: mangler 1" in first  # coverage is always on the page
    assert "<svg" not in first  # the chart is on the summary page
    last = client.get("/reports/gaps?page=2&sort=name").get_data(as_text=True)
    assert "Ansatt B" in last
    desc = client.get("/reports/gaps?sort=unit&order=desc").get_data(as_text=True)
    assert "Ansatt B" in desc  # Enhet B first
    summary = client.get("/reports/gaps/summary")
    assert summary.status_code == 200
    assert "<svg" in summary.get_data(as_text=True)
