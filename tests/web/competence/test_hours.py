"""Hours toward the career ladder: carried by records, approved with the evidence, counted
once in the ledger, shown on Min kompetanse, in the portfolio and the export, and to leads."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.competence import records
from portal.competence.hours import ledger
from portal.competence.models import CompetenceRecord, Submission
from tests.factories import pdf_lines


def credited(app, person, competence, achieved_on, minutes, *, source="external", reference="G"):
    """A record of ``person`` with ``minutes`` of approved hours, added as every record is."""
    with app.extensions["portal.sessionmaker"]() as session:
        new = CompetenceRecord(
            person_id=person.id,
            competence_id=competence.id,
            achieved_on=achieved_on,
            source=source,
        )
        records.add(session, records.give_credit(new, records.Credit(minutes, reference), None))
        session.commit()
        session.refresh(new)
        session.expunge(new)
    return new


def sums(db, person) -> dict[int, int]:
    db.rollback()
    result = {year.year: year.minutes for year in ledger(db, person.id)}
    db.rollback()
    return result


# --- the ledger ---------------------------------------------------------------------------------


def test_the_ledger_sums_each_year_apart(app, db, gap_org):
    employee, hlr = gap_org.employee, gap_org.hlr
    credited(app, employee, hlr, date(2025, 12, 31), 450)
    credited(app, employee, gap_org.secrecy, date(2026, 1, 1), 420, source="course")
    credited(app, employee, hlr, date(2026, 6, 1), 30)
    assert sums(db, employee) == {2026: 450, 2025: 450}
    years = ledger(db, employee.id)
    assert [line.source for line in years[0].lines] == ["course", "external"]


def test_a_corrected_record_counts_once_and_a_voided_one_not_at_all(app, db, gap_org):
    employee, hlr = gap_org.employee, gap_org.hlr
    kept = credited(app, employee, hlr, date(2026, 3, 1), 900)
    gone = credited(app, employee, gap_org.secrecy, date(2026, 4, 1), 420)
    with app.extensions["portal.sessionmaker"]() as session:
        actor = gap_org.lead_a.id
        records.correct(
            session,
            actor_id=actor,
            record=session.get(CompetenceRecord, kept.id),
            facts=records.Facts(achieved_on=date(2026, 3, 2)),
            upload=None,
        )
        records.void(
            session,
            actor_id=actor,
            record=session.get(CompetenceRecord, gone.id),
            reason="Feil person.",
        )
        session.commit()
    assert sums(db, employee) == {2026: 900}
    [line] = ledger(db, employee.id)[0].lines
    assert (line.achieved_on, line.source) == (date(2026, 3, 2), "external")


def test_a_new_course_version_keeps_the_hours_of_the_old(app, db, gap_org):
    old = credited(app, gap_org.employee, gap_org.secrecy, date(2026, 2, 1), 60, source="course")
    with app.extensions["portal.sessionmaker"]() as session:
        records.require_by(
            session,
            actor_id=gap_org.admin.id,
            older=[session.get(CompetenceRecord, old.id)],
            by=date(2026, 12, 31),
            note="Ny versjon.",
        )
        session.commit()
    assert sums(db, gap_org.employee) == {2026: 60}
    assert ledger(db, gap_org.employee.id)[0].lines[0].source == "course"


# --- typed in by the lead, sent in by the employee -------------------------------------------


def record_form(gap_org, **extra):
    return {"competence_id": gap_org.hlr.id, "achieved_on": "2026-11-20", **extra}


def test_a_lead_records_an_external_course_with_its_hours(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    url = f"/competence/people/{gap_org.employee.id}/records/new"
    data = record_form(gap_org, credit_hours="7,5", credit_reference="Hdir 2026-12")
    assert client.post(url, data=data).status_code == 302
    new = db.scalar(select(CompetenceRecord).order_by(CompetenceRecord.id.desc()).limit(1))
    assert (new.credit_minutes, new.credit_reference) == (450, "Hdir 2026-12")
    assert new.credit_approved_by_id == gap_org.lead_a.id


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"credit_hours": "7,3"}, "Oppgi hele eller halve timer"),
        ({"credit_hours": "mange"}, "Skriv antall timer med sifre"),
        ({"credit_hours": "2000"}, "Oppgi fra 0,5 til 1000 timer."),
        ({"credit_reference": "Hdir 2026-12"}, "Oppgi hvor mange timer godkjenningen gjelder."),
    ],
)
def test_bad_hours_are_refused_and_nothing_is_recorded(client, auth, db, gap_org, fields, message):
    auth.login(gap_org.lead_a)
    before = db.scalars(select(CompetenceRecord.id)).all()
    db.rollback()
    url = f"/competence/people/{gap_org.employee.id}/records/new"
    response = client.post(url, data=record_form(gap_org, **fields))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.scalars(select(CompetenceRecord.id)).all() == before


def test_sent_in_hours_count_once_the_lead_approves_them(client, auth, db, gap_org):
    auth.login(gap_org.employee)
    data = record_form(gap_org, credit_hours="15", credit_reference="Kursbevis")
    assert client.post("/competence/submissions/new", data=data).status_code == 302
    assert sums(db, gap_org.employee) == {}
    submission = db.scalars(select(Submission)).one()
    db.rollback()
    auth.login(gap_org.lead_a)
    page = client.get(f"/competence/submissions/{submission.id}").get_data(as_text=True)
    assert "Timene godkjennes sammen med dokumentasjonen." in page
    client.post(f"/competence/submissions/{submission.id}", data={"decision": "approve"})
    assert sums(db, gap_org.employee) == {2026: 900}
    record = db.scalar(select(CompetenceRecord).where(CompetenceRecord.submission_id.is_not(None)))
    assert record.credit_approved_by_id == gap_org.lead_a.id


# --- where a person sees them -------------------------------------------------------------------


def test_my_hours_are_on_min_kompetanse_in_the_export_and_the_portfolio(client, auth, app, gap_org):
    credited(app, gap_org.employee, gap_org.hlr, date(2026, 3, 1), 450, reference="Hdir 7")
    auth.login(gap_org.employee)
    page = client.get("/me/competence").get_data(as_text=True)
    assert "Tellende timer" in page
    assert "2026: 7,5 timer" in page
    assert "Hdir 7" in page
    export = json.loads(client.get("/me/export.json").data)
    assert export["hours"][0]["year"] == 2026
    assert export["hours"][0]["hours"] == 7.5
    assert export["hours"][0]["lines"][0]["approval"] == "Hdir 7"
    pdf = client.get("/me/portfolio.pdf")
    assert pdf.status_code == 200
    lines = pdf_lines(pdf.data)
    assert "Tellende timer" in lines
    assert any(re.fullmatch(r"2026\s+7,5", line) for line in lines), lines


# --- the lead's view ---------------------------------------------------------------------------


def test_a_lead_sees_the_hours_of_their_units_only(client, auth, app, gap_org):
    credited(app, gap_org.employee, gap_org.hlr, date(2026, 3, 1), 450)
    credited(app, gap_org.other, gap_org.hlr, date(2026, 3, 1), 900)
    auth.login(gap_org.lead_a)
    page = client.get("/reports/hours?year=2026").get_data(as_text=True)
    assert "Ansatt A" in page
    assert "7,5" in page
    assert "Ansatt B" not in page
    rows = list(csv.reader(io.StringIO(client.get("/reports/hours.csv?year=2026").text)))
    assert rows[0] == ["person_id", "name", "unit", "hours"]
    assert [str(gap_org.employee.id), "Ansatt A", "Enhet A", "7.5"] in rows
    assert all(row[1] != "Ansatt B" for row in rows)


def test_another_year_shows_that_years_hours(client, auth, app, gap_org):
    credited(app, gap_org.employee, gap_org.hlr, date(2025, 3, 1), 450)
    auth.login(gap_org.lead_a)
    rows = list(csv.reader(io.StringIO(client.get("/reports/hours.csv?year=2026").text)))
    assert [str(gap_org.employee.id), "Ansatt A", "Enhet A", "0"] in rows
    rows = list(csv.reader(io.StringIO(client.get("/reports/hours.csv?year=2025").text)))
    assert [str(gap_org.employee.id), "Ansatt A", "Enhet A", "7.5"] in rows


def test_an_administrator_sees_everyone_and_an_employee_nobody(client, auth, app, gap_org):
    credited(app, gap_org.other, gap_org.hlr, date(2026, 3, 1), 900)
    auth.login(gap_org.admin)
    assert "Ansatt B" in client.get("/reports/hours").get_data(as_text=True)
    auth.login(gap_org.employee)
    assert client.get("/reports/hours").status_code == 403
    assert client.get("/reports/hours.csv").status_code == 403
    auth.logout()
    assert "/login" in client.get("/reports/hours").location


@pytest.mark.parametrize("year", ["abc", "99999", "-1"])
def test_a_strange_year_is_no_error(client, auth, gap_org, year):
    auth.login(gap_org.lead_a)
    assert client.get(f"/reports/hours?year={year}").status_code == 200
