"""Marking attendance: «passed» gives the record (and a certificate), undo voids it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.certificates.models import Certificate
from portal.competence.models import CompetenceRecord, Standing
from portal.sessions.models import Seat


@pytest.fixture
def booked(client, auth, db, gap_org, make_person, make_session):
    """A session in unit A with a trainer from the unit, and the employee on it."""
    trainer = make_person(unit=gap_org.a, name="Trude Trener")
    session_id = make_session(gap_org.hlr, gap_org.a, trainer=trainer)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    seat = db.scalar(select(Seat).where(Seat.session_id == session_id))
    client.application.config["TODAY"] = date(2026, 12, 10)  # the day of the course
    return session_id, seat.id, trainer


def test_attendance_waits_for_the_first_day(client, auth, db, gap_org, booked):
    session_id, seat_id, trainer = booked
    client.application.config["TODAY"] = date(2026, 12, 9)
    auth.login(trainer)
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert "Oppmøte kan registreres fra kursets første dag, 10.12.2026." in page
    assert "Lagre for" not in page
    answer = mark(client, session_id, seat_id, "passed")
    assert answer.status_code == 302
    page = client.get(answer.location).get_data(as_text=True)
    assert "Oppmøte kan registreres fra kursets første dag, 10.12.2026." in page
    assert db.scalar(select(Seat.attendance).where(Seat.id == seat_id)) is None
    assert (
        db.scalars(select(CompetenceRecord).where(CompetenceRecord.source == "session")).all() == []
    )


def mark(client, session_id, seat_id, outcome):
    return client.post(
        f"/sessions/{session_id}/seats/{seat_id}/attendance", data={"outcome": outcome}
    )


def test_the_trainer_marks_passed_and_the_competence_is_recorded(client, auth, db, gap_org, booked):
    session_id, seat_id, trainer = booked
    auth.login(trainer)
    page = client.get(f"/sessions/{session_id}/attendance").get_data(as_text=True)
    assert gap_org.employee.name in page
    assert mark(client, session_id, seat_id, "passed").status_code == 302
    record = db.scalars(select(CompetenceRecord).where(CompetenceRecord.source == "session")).one()
    assert (record.person_id, record.achieved_on, record.expires_on) == (
        gap_org.employee.id,
        date(2026, 12, 10),
        date(2029, 1, 10),  # renewed inside the expiring window: on from the old expiry
    )
    assert record.reference == f"session:{session_id}"
    assert db.scalar(select(Certificate).where(Certificate.record_id == record.id)) is not None
    standing = db.get(Standing, (gap_org.employee.id, gap_org.hlr.id))
    assert standing.record_id == record.id
    assert mark(client, session_id, seat_id, "passed").status_code == 302  # a second click
    assert (
        len(db.scalars(select(CompetenceRecord).where(CompetenceRecord.source == "session")).all())
        == 1
    )


def test_undo_of_passed_voids_the_record_with_the_reason(client, auth, db, gap_org, booked):
    session_id, seat_id, _trainer = booked
    auth.login(gap_org.lead_a)
    mark(client, session_id, seat_id, "passed")
    response = client.post(
        f"/sessions/{session_id}/seats/{seat_id}/undo", data={"reason": "Feil person."}
    )
    assert response.status_code == 302
    void = db.scalars(select(CompetenceRecord).where(CompetenceRecord.is_void.is_(True))).one()
    assert void.note == "Feil person."
    assert db.get(Standing, (gap_org.employee.id, gap_org.hlr.id)).record_id == gap_org.record.id
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "sessions.attendance_undone")
    ).one()
    assert event.details["reason"] == "Feil person."
    seat = db.get(Seat, seat_id)
    assert (seat.attendance, seat.record_id) == (None, None)


def test_undo_needs_a_reason(client, auth, db, gap_org, booked):
    session_id, seat_id, _trainer = booked
    auth.login(gap_org.lead_a)
    mark(client, session_id, seat_id, "no_show")
    client.post(f"/sessions/{session_id}/seats/{seat_id}/undo", data={"reason": " "})
    assert db.get(Seat, seat_id).attendance == "no_show"


@pytest.mark.parametrize("outcome", ["failed", "no_show"])
def test_not_passed_and_no_show_make_no_record(client, auth, db, gap_org, booked, outcome):
    session_id, seat_id, _trainer = booked
    auth.login(gap_org.lead_a)
    assert mark(client, session_id, seat_id, outcome).status_code == 302
    assert db.get(Seat, seat_id).attendance == outcome
    assert (
        db.scalars(select(CompetenceRecord).where(CompetenceRecord.source == "session")).all() == []
    )
    mark(client, session_id, seat_id, "passed")  # marked otherwise: refused until undone
    assert db.get(Seat, seat_id).attendance == outcome


@pytest.mark.parametrize(
    ("who", "status"), [("employee", 403), ("lead_b", 403), ("admin", 200), ("lead_a", 200)]
)
def test_who_may_mark(client, auth, db, gap_org, booked, who, status):
    session_id, seat_id, _trainer = booked
    auth.login(getattr(gap_org, who))
    assert client.get(f"/sessions/{session_id}/attendance").status_code == status
    assert client.get(f"/sessions/{session_id}/attendance/print").status_code == status
    expected = 302 if status == 200 else status
    assert mark(client, session_id, seat_id, "no_show").status_code == expected


def test_the_print_view_lists_the_booked(client, auth, gap_org, booked):
    session_id, _seat_id, _trainer = booked
    auth.login(gap_org.lead_a)
    page = client.get(f"/sessions/{session_id}/attendance/print").get_data(as_text=True)
    assert gap_org.employee.name in page
    assert "Signatur" in page


def test_a_marked_seat_cannot_be_cancelled(client, auth, db, gap_org, booked):
    session_id, seat_id, _trainer = booked
    auth.login(gap_org.lead_a)
    mark(client, session_id, seat_id, "passed")
    client.post(f"/sessions/{session_id}/seats/{seat_id}/remove")
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/leave")
    assert db.get(Seat, seat_id).state == "booked"


def test_a_trainer_from_another_unit_finds_the_session_in_the_list(
    client, auth, gap_org, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, trainer=gap_org.other)
    auth.login(gap_org.other)
    assert f"/sessions/{session_id}" in client.get("/sessions/").get_data(as_text=True)
    assert client.get(f"/sessions/{session_id}/attendance").status_code == 200
