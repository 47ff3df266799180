"""Signing up, the waiting list that moves, cancelling, a lead booking and removing people."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.notify.models import Notification
from portal.sessions.models import Seat


def states(db, session_id: int) -> dict[int, str]:
    seats = db.scalars(select(Seat).where(Seat.session_id == session_id))
    return {seat.person_id: seat.state for seat in seats}


def sign_up(client, auth, person, session_id: int):
    auth.login(person)
    return client.post(f"/sessions/{session_id}/signup")


def test_a_full_session_puts_me_on_the_waiting_list(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    late = make_person(unit=gap_org.a, position=gap_org.position)
    assert sign_up(client, auth, gap_org.employee, session_id).status_code == 302
    assert sign_up(client, auth, late, session_id).status_code == 302
    assert states(db, session_id) == {gap_org.employee.id: "booked", late.id: "waiting"}
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "nummer 1 på ventelisten" in page


def test_signing_up_twice_changes_nothing(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    for _ in range(2):
        assert sign_up(client, auth, gap_org.employee, session_id).status_code == 302
    count = select(func.count(Seat.id)).where(Seat.session_id == session_id)
    assert db.scalar(count) == 1


def test_a_freed_place_goes_to_the_first_on_the_list_who_is_told(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    first, second = (make_person(unit=gap_org.a) for _ in range(2))
    for person in (gap_org.employee, first, second):
        sign_up(client, auth, person, session_id)
    auth.login(gap_org.employee)
    assert client.post(f"/sessions/{session_id}/leave").status_code == 302
    assert states(db, session_id) == {
        gap_org.employee.id: "cancelled",
        first.id: "booked",
        second.id: "waiting",
    }
    told = db.scalars(select(Notification).where(Notification.person_id == first.id)).all()
    assert [n.link for n in told] == [f"/sessions/{session_id}"]
    assert "Du har fått plass" in told[0].subject
    auth.login(first)
    assert "Mine kurs og samlinger" in client.get("/").get_data(as_text=True)


def test_a_lead_removes_someone_and_the_list_moves(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    waiting = make_person(unit=gap_org.a)
    sign_up(client, auth, gap_org.employee, session_id)
    sign_up(client, auth, waiting, session_id)
    seat = db.scalar(select(Seat).where(Seat.person_id == gap_org.employee.id))
    auth.login(gap_org.lead_b)
    assert client.post(f"/sessions/{session_id}/seats/{seat.id}/remove").status_code == 403
    auth.login(gap_org.lead_a)
    assert client.post(f"/sessions/{session_id}/seats/{seat.id}/remove").status_code == 302
    assert states(db, session_id)[waiting.id] == "booked"


def test_cancelling_after_the_deadline_is_refused(app, client, auth, db, gap_org, make_session):
    from datetime import date

    session_id = make_session(gap_org.hlr, gap_org.a)
    sign_up(client, auth, gap_org.employee, session_id)
    app.config["TODAY"] = date(2026, 12, 4)
    response = client.post(f"/sessions/{session_id}/leave", follow_redirects=True)
    assert "Fristen for avmelding er ute" in response.get_data(as_text=True)
    assert states(db, session_id)[gap_org.employee.id] == "booked"


def test_signing_up_after_the_deadline_is_refused(app, client, auth, db, gap_org, make_session):
    from datetime import date

    session_id = make_session(gap_org.hlr, gap_org.a)
    app.config["TODAY"] = date(2026, 12, 6)
    response = sign_up(client, auth, gap_org.employee, session_id)
    assert response.status_code == 302
    assert states(db, session_id) == {}


def test_people_of_other_units_cannot_sign_up(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    assert sign_up(client, auth, gap_org.other, session_id).status_code == 403
    assert client.post(f"/sessions/{session_id}/leave").status_code == 403
    assert states(db, session_id) == {}


def test_leaving_without_a_seat_is_not_found(client, auth, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.employee)
    assert client.post(f"/sessions/{session_id}/leave").status_code == 404
    assert client.post(f"/sessions/{session_id}/consent").status_code == 404
    assert client.get(f"/sessions/{session_id}/calendar.ics").status_code == 404


def test_a_lead_books_someone_who_confirms_it(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.lead_a)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "Mangler kompetansen og har ikke plass" in page
    assert gap_org.employee.name in page
    response = client.post(f"/sessions/{session_id}/book", data={"person_id": gap_org.employee.id})
    assert response.status_code == 302
    seat = db.scalar(select(Seat).where(Seat.person_id == gap_org.employee.id))
    assert (seat.state, seat.booked_by_id, seat.consented_dt) == ("booked", gap_org.lead_a.id, None)
    auth.login(gap_org.employee)
    assert "Bekreft plassen" in client.get("/").get_data(as_text=True)
    assert client.post(f"/sessions/{session_id}/consent").status_code == 302
    db.refresh(seat)
    assert seat.consented_dt is not None


def test_a_lead_cannot_book_people_of_another_unit(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.lead_a)
    response = client.post(f"/sessions/{session_id}/book", data={"person_id": gap_org.other.id})
    assert response.status_code == 302
    assert states(db, session_id) == {}
    auth.login(gap_org.lead_b)
    response = client.post(f"/sessions/{session_id}/book", data={"person_id": gap_org.other.id})
    assert response.status_code == 403
    auth.login(gap_org.employee)
    response = client.post(f"/sessions/{session_id}/book", data={"person_id": gap_org.other.id})
    assert response.status_code == 403
