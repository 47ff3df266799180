"""Several jobs per person: what each job requires, merged where two require the same, seen by
each job's lead, counted once, and ended with the job. On both databases."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.authz import Scope
from portal.competence import obligations
from portal.competence.gaps import Status
from portal.competence.models import Obligation
from portal.competence.queries import statuses_for
from portal.competence.unit_counts import COUNTED
from portal.org import jobs
from portal.org.models import Job, Person
from portal.reports import aggregates
from portal.reports.queries import Filters
from tests.web.competence.test_obligations import DAY, WINDOW


@pytest.fixture
def two_jobs(db, make_unit, make_position, make_person, make_competence, make_requirement):
    """Kari: 60 % secretary at the surgery since 2026-01-01 and, from 2026-11-01, 20 % at the
    out-of-hours clinic. Confidentiality is required by both (recommended and due in 300 days at
    the surgery, mandatory and due in 10 days at the clinic); triage only at the clinic, the
    patient system only at the surgery. Each unit has its lead; the trust lead leads both."""

    class World:
        pass

    w = World()
    trust = make_unit("Helseforetaket")
    w.surgery, w.clinic = make_unit("Legesenteret", trust), make_unit("Legevakten", trust)
    secretary, night = make_position("Helsesekretær"), make_position("Legevaktsekretær")
    w.confidentiality = make_competence("taushetsplikt", name="Taushetsplikt")
    w.triage = make_competence("triage", name="Triage")
    w.system = make_competence("journal", name="Journalsystem")
    make_requirement(secretary, w.confidentiality, mandatory=False, due_days=300)
    make_requirement(secretary, w.system, due_days=30)
    make_requirement(night, w.confidentiality, mandatory=True, due_days=10)
    make_requirement(night, w.triage, due_days=10)
    kari = make_person(name="Kari", unit=w.surgery, position=secretary, start_date=date(2026, 1, 1))
    person = db.get(Person, kari.id)
    jobs.start_job(db, person, jobs.JobData(w.clinic.id, night.id, 20, date(2026, 11, 1)), DAY)
    db.commit()
    w.kari = db.get(Person, kari.id)
    w.secretary, w.night = secretary, night
    w.lead_surgery = make_person(access="lead", leads=(w.surgery,), unit=w.surgery)
    w.lead_clinic = make_person(access="lead", leads=(w.clinic,), unit=w.clinic)
    w.lead_trust = make_person(access="lead", leads=(trust,), unit=trust)
    return w


def lines(db, person, units=None):
    return {
        row.competence.code: (row.is_mandatory, row.due_on)
        for row in statuses_for(db, person, DAY, WINDOW, units)
    }


def test_a_competence_two_jobs_require_is_one_line_with_the_earlier_date_and_stricter_kind(
    db, two_jobs
):
    assert lines(db, two_jobs.kari) == {
        "taushetsplikt": (True, date(2026, 10, 28)),
        "triage": (True, date(2026, 11, 11)),
        "journal": (True, date(2026, 1, 31)),
    }
    assert obligations.check(db, DAY) == []


def test_each_lead_sees_the_requirements_of_the_jobs_in_their_units(client, auth, two_jobs):
    pages = {}
    for lead in (two_jobs.lead_surgery, two_jobs.lead_clinic, two_jobs.lead_trust):
        auth.login(lead)
        response = client.get(f"/people/{two_jobs.kari.id}")
        assert response.status_code == 200
        pages[lead.id] = response.get_data(as_text=True)
    surgery, clinic, trust = (
        pages[lead.id]
        for lead in (two_jobs.lead_surgery, two_jobs.lead_clinic, two_jobs.lead_trust)
    )
    assert "Journalsystem" in surgery
    assert "Triage" not in surgery
    assert "Triage" in clinic
    assert "Journalsystem" not in clinic
    # The shared requirement tells both leads the same: mandatory, due from the clinic's job.
    assert "Taushetsplikt" in surgery
    assert "Taushetsplikt" in clinic
    assert all(name in trust for name in ("Journalsystem", "Triage", "Taushetsplikt"))


def test_a_lead_of_neither_unit_cannot_see_her(client, auth, make_unit, make_person, two_jobs):
    elsewhere = make_unit("Sykehjemmet")
    auth.login(make_person(access="lead", leads=(elsewhere,), unit=elsewhere))
    assert client.get(f"/people/{two_jobs.kari.id}").status_code == 403


def test_the_gap_csv_has_one_row_per_competence_with_the_unit_and_role_that_requires_it(
    client, auth, two_jobs
):
    def rows(lead):
        auth.login(lead)
        text = client.get("/reports/gaps.csv").get_data(as_text=True)
        found = csv.DictReader(io.StringIO(text))
        return sorted(
            (r["competence"], r["unit"], r["role"], r["requirement"])
            for r in found
            if r["employee_name"] == "Kari"
        )

    assert rows(two_jobs.lead_clinic) == [
        ("Taushetsplikt", "Legevakten", "Legevaktsekretær", "mandatory"),
        ("Triage", "Legevakten", "Legevaktsekretær", "mandatory"),
    ]
    assert rows(two_jobs.lead_surgery) == [
        ("Journalsystem", "Legesenteret", "Helsesekretær", "mandatory"),
        ("Taushetsplikt", "Legesenteret", "Helsesekretær", "mandatory"),
    ]
    # Leading both: one row per competence, the main job's unit where it requires it.
    assert rows(two_jobs.lead_trust) == [
        ("Journalsystem", "Legesenteret", "Helsesekretær", "mandatory"),
        ("Taushetsplikt", "Legesenteret", "Helsesekretær", "mandatory"),
        ("Triage", "Legevakten", "Legevaktsekretær", "mandatory"),
    ]


def test_she_is_counted_once_where_a_lead_sees_both_her_jobs(app, db, two_jobs):
    # Two of her three requirements are missing and due, in both units; one person.
    everyone = Scope(True, frozenset())
    per_competence, per_unit = aggregates.tallies(db, everyone, Filters(), DAY, WINDOW)
    confidentiality = next(t for t in per_competence if t.label == "Taushetsplikt")
    assert sum(confidentiality.counts.values()) == 1
    assert {t.label: sum(t.counts.values()) for t in per_unit} == {
        "Legesenteret": 2,
        "Legevakten": 2,
    }
    with app.app_context():
        groups = aggregates.people_by_status(db, everyone, DAY, WINDOW, list(COUNTED), 5)
    assert {g.status: g.count for g in groups}[Status.MISSING] == 1


def test_a_new_position_ends_the_job_and_starts_new_deadlines_from_its_first_day(db, two_jobs):
    kari = db.get(Person, two_jobs.kari.id)
    surgery_job = next(job for job in kari.jobs if job.unit_id == two_jobs.surgery.id)
    change_day = date(2026, 11, 20)
    new = jobs.change_job(
        db,
        kari,
        surgery_job,
        jobs.JobData(two_jobs.surgery.id, two_jobs.night.id, 60, change_day),
        DAY,
    )
    db.commit()
    kept = db.get(Job, surgery_job.id)
    assert kept.ends_on == change_day - timedelta(days=1)  # the old job stays, ended
    assert new.id != kept.id
    assert new.starts_on == change_day
    rows = {
        (row.unit_id, row.competence_id): row.due_on
        for row in db.scalars(select(Obligation).where(Obligation.person_id == kari.id))
    }
    # Triage is now required in both units: due from the clinic job, the earlier of the two.
    assert rows[two_jobs.surgery.id, two_jobs.triage.id] == date(2026, 11, 11)
    assert (two_jobs.surgery.id, two_jobs.system.id) not in rows
    assert obligations.check(db, DAY) == []


def test_a_job_s_requirements_go_the_day_after_its_last_day(app, db, two_jobs):
    kari = db.get(Person, two_jobs.kari.id)
    clinic_job = next(job for job in kari.jobs if job.unit_id == two_jobs.clinic.id)
    jobs.end_job(kari, clinic_job, DAY, DAY)
    db.commit()
    assert "triage" in lines(db, kari)  # still hers on the last day
    tomorrow = DAY + timedelta(days=1)
    app.config["TODAY"] = tomorrow
    runner = app.test_cli_runner()
    with app.app_context():
        result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    db.rollback()  # a new transaction sees what the command committed
    kari = db.get(Person, two_jobs.kari.id)
    assert set(lines(db, kari)) == {"taushetsplikt", "journal"}
    assert lines(db, kari)["taushetsplikt"] == (False, date(2026, 10, 28))
    assert kari.several_units is False
    assert obligations.check(db, tomorrow) == []
    # The ended job stays as history.
    assert db.get(Job, clinic_job.id).ends_on == DAY


def test_the_gap_matrix_shows_each_lead_the_job_in_their_units(client, auth, two_jobs):
    auth.login(two_jobs.lead_clinic)
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert "Legevaktsekretær" in page
    assert "Legesenteret" not in page
