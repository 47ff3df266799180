"""/me/export.json: all of the person's own data, and no one else's name or email."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from portal.competence.models import Submission
from portal.needs.models import SelfAssessment, SelfRating
from portal.onboarding.models import ChecklistItem
from portal.onboarding.operations import ItemData

EMPLOYEE, EMPLOYEE_EMAIL = "Kari Nordmann", "kari.nordmann@a.test"
LEAD, LEAD_EMAIL = "Liv Lederstad", "liv.lederstad@a.test"


@pytest.fixture
def office(
    app,
    make_unit,
    make_person,
    make_competence,
    make_application,
    make_round,
    make_need,
    make_checklist,
):
    """An employee who has typed something everywhere, and a lead who acted on all of it."""
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,), name=LEAD, email=LEAD_EMAIL)
    employee = make_person(unit=unit, name=EMPLOYEE, email=EMPLOYEE_EMAIL)
    hlr = make_competence("hlr")
    make_application(employee, title="Kurs i timebok")
    needs_round = make_round(unit)
    make_need(employee, title="Trenger HLR-kurs")
    make_checklist(
        employee, mentor=lead, items=[ItemData("acknowledgement", "Taushetserklæring", 0)]
    )
    with app.extensions["portal.sessionmaker"]() as session:
        session.add(
            Submission(
                person_id=employee.id,
                competence_id=hlr.id,
                achieved_on=date(2026, 11, 1),
                note="Tatt hos Røde Kors",
            )
        )
        assessment = SelfAssessment(
            round_id=needs_round.id, person_id=employee.id, wishes="Mer om EPJ"
        )
        assessment.ratings.append(SelfRating(competence_id=hlr.id, confidence=2))
        session.add(assessment)
        item = session.scalar(select(ChecklistItem))
        item.completed_by_id = employee.id
        item.completed_dt = item.checklist.created_dt
        session.commit()
    return lead, employee


def export_of(client, auth, person) -> tuple[dict, str]:
    auth.login(person)
    response = client.get("/me/export.json")
    assert response.status_code == 200
    return json.loads(response.data), response.get_data(as_text=True)


def test_the_export_holds_everything_the_person_typed(client, auth, office):
    _lead, employee = office
    data, text = export_of(client, auth, employee)
    assert data["evidence_submissions"][0]["note"] == "Tatt hos Røde Kors"
    assert data["course_applications"][0]["title"] == "Kurs i timebok"
    assert data["course_applications"][0]["justification"] == "Trenger det."
    assert data["self_assessments"][0]["wishes"] == "Mer om EPJ"
    assert data["self_assessments"][0]["ratings"] == [{"competence": "hlr", "confidence": 2}]
    assert data["training_needs"][0]["title"] == "Trenger HLR-kurs"
    item = data["onboarding"][0]["items"][0]
    assert (item["title"], item["completed_by"]) == ("Taushetserklæring", "deg selv")
    assert data["onboarding"][0]["mentor"] == "en annen person"
    for section in ("competence_records", "quiz_attempts", "notifications", "certificates"):
        assert section in data
    assert data["person"]["email"] == EMPLOYEE_EMAIL
    assert LEAD not in text
    assert LEAD_EMAIL not in text


def test_a_leads_export_names_no_one_they_acted_on(client, auth, office, db):
    lead, employee = office
    auth.login(lead)
    # The lead rejects the employee's submission and is told of the employee's work.
    submission_id = db.scalar(select(Submission.id))
    response = client.post(
        f"/competence/submissions/{submission_id}",
        data={"decision": "reject", "reason": f"Send kursbeviset, {EMPLOYEE}."},
    )
    assert response.status_code == 302
    data, text = export_of(client, auth, lead)
    assert EMPLOYEE not in text
    assert EMPLOYEE_EMAIL not in text
    assert "en annen person" in text
    assert data["person"]["name"] == LEAD
    assert any(
        event["action"] == "competence_submission.rejected" for event in data["audit_events"]
    )
