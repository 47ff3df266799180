"""Places held for a unit: only the unit's own people take them until the last day to sign
up; the waiting list passes over others for them; a lead holds places only for their units."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.sessions import operations
from portal.sessions.models import CourseSession, Reservation
from tests.web.sessions.test_seats import sign_up, states


def hold(client, auth, lead, session_id: int, unit, places: int):
    auth.login(lead)
    return client.post(f"/sessions/{session_id}/held", data={"unit_id": unit.id, "places": places})


def test_a_held_place_waits_for_the_units_own_people(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=2)
    assert hold(client, auth, gap_org.lead_a, session_id, gap_org.a, 1).status_code == 302
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "Enhet A: 1 plasser" in page
    second_b = make_person(unit=gap_org.b, position=gap_org.position)
    sign_up(client, auth, gap_org.other, session_id)
    sign_up(client, auth, second_b, session_id)
    sign_up(client, auth, gap_org.employee, session_id)
    assert states(db, session_id) == {
        gap_org.other.id: "booked",
        second_b.id: "waiting",
        gap_org.employee.id: "booked",
    }


def test_the_waiting_list_passes_over_others_for_a_held_place(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=2)
    hold(client, auth, gap_org.lead_a, session_id, gap_org.a, 1)
    second_b = make_person(unit=gap_org.b, position=gap_org.position)
    second_a = make_person(unit=gap_org.a, position=gap_org.position)
    for person in (gap_org.other, gap_org.employee, second_b):
        sign_up(client, auth, person, session_id)
    sign_up(client, auth, second_a, session_id)  # after second_b on the list
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/leave")
    assert states(db, session_id)[second_a.id] == "booked"
    assert states(db, session_id)[second_b.id] == "waiting"


def test_letting_held_places_go_moves_the_waiting_list(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=1)
    hold(client, auth, gap_org.lead_a, session_id, gap_org.a, 1)
    sign_up(client, auth, gap_org.other, session_id)
    assert states(db, session_id) == {gap_org.other.id: "waiting"}
    held = db.scalars(select(Reservation)).one()
    db.rollback()
    auth.login(gap_org.lead_a)
    answer = client.post(f"/sessions/{session_id}/held/{held.id}/release")
    assert answer.status_code == 302
    assert states(db, session_id) == {gap_org.other.id: "booked"}


def test_held_places_are_free_for_all_after_the_last_day_to_sign_up(app, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=2)
    with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
        course = session.get_one(CourseSession, session_id)
        operations.hold_places(
            session,
            actor_id=gap_org.lead_a.id,
            course_session=course,
            unit_id=gap_org.a.id,
            places=2,
        )
        before = operations.places_of(session, course, date(2026, 12, 5))
        after = operations.places_of(session, course, date(2026, 12, 6))
        assert before.free_for(gap_org.b.id) == 0
        assert before.free_for(gap_org.a.id) == 2
        assert after.free_for(gap_org.b.id) == 2


def test_no_more_places_can_be_held_than_the_session_has(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=2)
    hold(client, auth, gap_org.lead_b, session_id, gap_org.b, 1)
    answer = hold(client, auth, gap_org.lead_a, session_id, gap_org.a, 2)
    assert answer.status_code == 302
    page = client.get(answer.location).get_data(as_text=True)
    assert "ikke holde av flere plasser enn kurset har (2)" in page
    assert [r.unit_id for r in db.scalars(select(Reservation))] == [gap_org.b.id]


def test_a_lead_holds_places_only_for_their_own_units(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a, gap_org.b, capacity=2)
    hold(client, auth, gap_org.lead_b, session_id, gap_org.a, 1)
    assert db.scalars(select(Reservation)).all() == []
    auth.login(gap_org.employee)
    assert (
        client.post(
            f"/sessions/{session_id}/held", data={"unit_id": gap_org.a.id, "places": 1}
        ).status_code
        == 403
    )
    hold(client, auth, gap_org.lead_a, session_id, gap_org.a, 1)
    held = db.scalars(select(Reservation)).one()
    db.rollback()
    auth.login(gap_org.lead_b)
    assert client.post(f"/sessions/{session_id}/held/{held.id}/release").status_code == 403
    assert db.scalars(select(Reservation)).one().places == 1
