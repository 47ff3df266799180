"""The database backs the rules, and a rule that fires is a clear message, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.competence import records
from portal.competence.models import CompetenceRecord, Submission
from portal.onboarding import operations as onboarding
from portal.onboarding.models import ChecklistItem
from portal.onboarding.operations import ItemData
from portal.org import operations as org_operations
from portal.org.models import Person


def test_two_corrections_of_one_record_cannot_both_be_kept(app, db, gap_org):
    old = db.get(CompetenceRecord, gap_org.record.id)
    for note in ("første", "andre"):
        db.add(
            CompetenceRecord(
                person_id=old.person_id,
                competence_id=old.competence_id,
                achieved_on=old.achieved_on,
                source="correction",
                note=note,
                supersedes_id=old.id,
            )
        )
    with pytest.raises(IntegrityError):
        db.commit()


def test_a_correction_racing_another_is_told_it_came_second(client, auth, db, gap_org, monkeypatch):
    auth.login(gap_org.lead_a)
    url = f"/competence/records/{gap_org.record.id}/correct"
    data = {"achieved_on": "2025-01-20", "expires_on": "", "note": "Feil dato"}
    assert client.post(url, data=data).status_code == 302
    # The second request checked before the first was saved: only the database can stop it.
    monkeypatch.setattr(records, "is_current", lambda session, record: True)
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "allerede rettet eller annullert" in response.get_data(as_text=True)
    assert (
        len(
            db.scalars(
                select(CompetenceRecord).where(CompetenceRecord.supersedes_id == gap_org.record.id)
            ).all()
        )
        == 1
    )


def test_an_email_in_capitals_is_refused_by_the_database(app, db, make_unit):
    unit = make_unit()
    db.add(
        Person(
            email="Kari@Example.test",
            name="Kari",
            unit_id=unit.id,
            start_date=date(2026, 1, 1),
            position_since=date(2026, 1, 1),
            employment_percent=100,
        )
    )
    with pytest.raises(IntegrityError):
        db.commit()


def test_a_new_person_racing_another_with_the_same_email_gets_a_clear_message(
    client, auth, make_person, make_unit, make_position, monkeypatch
):
    unit, position = make_unit(), make_position()
    make_person(email="kari@example.test", unit=unit)
    auth.login(make_person(access="admin", unit=unit))
    # The check ran before the other person was saved: only the database can stop it.
    monkeypatch.setattr(org_operations, "email_taken", lambda *args, **kwargs: False)
    response = client.post(
        "/people/new",
        data={
            "email": "KARI@example.test",
            "name": "Kari To",
            "unit_id": str(unit.id),
            "position_id": str(position.id),
            "start_date": "2026-12-01",
            "employment_percent": "100",
            "access": "employee",
        },
    )
    assert response.status_code == 409
    assert "Det finnes allerede en person med denne e-postadressen." in response.get_data(
        as_text=True
    )


def stale(app, model, obj_id):
    """``obj`` as a request loaded it just before another request changed it."""
    with app.extensions["portal.sessionmaker"]() as session:
        obj = session.get(model, obj_id)
        session.expunge(obj)
    return obj


def test_a_submission_decided_meanwhile_is_not_decided_again(app, gap_org):
    with app.extensions["portal.sessionmaker"]() as session:
        submission = Submission(
            person_id=gap_org.employee.id,
            competence_id=gap_org.hlr.id,
            achieved_on=date(2026, 11, 1),
        )
        session.add(submission)
        session.commit()
        submission_id = submission.id
    first, second = (stale(app, Submission, submission_id) for _ in range(2))
    with app.extensions["portal.sessionmaker"]() as session:
        records.approve(
            session,
            actor_id=gap_org.lead_a.id,
            submission=session.merge(first),
            window=timedelta(days=60),
            link="/",
        )
        session.commit()
    with app.extensions["portal.sessionmaker"]() as session:
        with pytest.raises(records.AlreadyDecided):
            records.approve(
                session,
                actor_id=gap_org.admin.id,
                submission=session.merge(second, load=False),
                window=timedelta(days=60),
                link="/",
            )
        session.rollback()
        made = session.scalars(
            select(CompetenceRecord).where(CompetenceRecord.submission_id == submission_id)
        ).all()
    assert len(made) == 1


def test_an_item_signed_off_meanwhile_is_not_signed_off_again(app, make_person, make_checklist):
    person, mentor = make_person(), make_person()
    make_checklist(person, items=[ItemData("signoff", "Opplæring i timebok", 0)])
    with app.extensions["portal.sessionmaker"]() as session:
        item_id = session.scalar(select(ChecklistItem.id))
    first, second = stale(app, ChecklistItem, item_id), stale(app, ChecklistItem, item_id)
    with app.extensions["portal.sessionmaker"]() as session:
        onboarding.confirm_item(session, actor_id=mentor.id, item=session.merge(first))
        session.commit()
    with app.extensions["portal.sessionmaker"]() as session:
        with pytest.raises(onboarding.AlreadyDone):
            onboarding.confirm_item(
                session, actor_id=person.id, item=session.merge(second, load=False)
            )
        session.rollback()
        assert session.get(ChecklistItem, item_id).completed_by_id == mentor.id
