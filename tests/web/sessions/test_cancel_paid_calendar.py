"""Cancelling a session, paid places approved from the kurspott, and the calendar file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from portal.funds.models import Application
from portal.notify.models import Notification
from portal.sessions.models import CourseSession, Seat


def seat_of(db, person) -> Seat:
    return db.scalars(select(Seat).where(Seat.person_id == person.id)).one()


def test_a_cancelled_session_tells_everyone_and_its_calendar_says_so(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    waiting = make_person(unit=gap_org.a)
    for person in (gap_org.employee, waiting):
        auth.login(person)
        client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_b)
    assert client.post(f"/sessions/{session_id}/cancel", data={"message": "Syk"}).status_code == 403
    auth.login(gap_org.lead_a)
    assert client.post(f"/sessions/{session_id}/cancel", data={"message": ""}).status_code == 422
    response = client.post(f"/sessions/{session_id}/cancel", data={"message": "Kursholder er syk."})
    assert response.status_code == 302
    assert db.get(CourseSession, session_id).is_cancelled
    for person in (gap_org.employee, waiting):
        told = db.scalars(select(Notification).where(Notification.person_id == person.id)).all()
        assert any(n.body == "Kursholder er syk." for n in told)
    auth.login(gap_org.employee)
    event = events(client.get(f"/sessions/{session_id}/calendar.ics"))[0]
    assert (str(event["status"]), int(event["sequence"])) == ("CANCELLED", 1)


def events(response):
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data).walk("VEVENT")


def test_the_calendar_file_names_the_time_in_oslo(client, auth, gap_org, make_session):
    session_id = make_session(
        gap_org.hlr,
        gap_org.a,
        days=[
            (datetime(2026, 12, 10, 8, tzinfo=UTC), datetime(2026, 12, 10, 14, tzinfo=UTC)),
            (datetime(2027, 6, 10, 7, tzinfo=UTC), datetime(2027, 6, 10, 13, tzinfo=UTC)),
        ],
    )
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    response = client.get(f"/sessions/{session_id}/calendar.ics")
    winter, summer = events(response)
    assert b"TZID=Europe/Oslo" in response.data
    assert b"BEGIN:VTIMEZONE" in response.data
    start = winter.decoded("dtstart")
    assert (str(start.tzinfo), start.hour, start.minute) == ("Europe/Oslo", 9, 0)
    assert summer.decoded("dtstart").hour == 9  # summer time: 07:00 UTC is 09:00 in Oslo
    assert str(winter["location"]) == "Møterommet, Leknes"
    assert (str(winter["status"]), int(winter["sequence"])) == ("CONFIRMED", 0)


@pytest.fixture
def paid(client, auth, db, gap_org, make_session, make_budget):
    """A session at 1 500 kr a place, the employee on it waiting for approval."""
    budget = make_budget(gap_org.a, 200_000)
    session_id = make_session(gap_org.hlr, gap_org.a, cost_ore=150_000)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    return session_id, seat_of(db, gap_org.employee), budget


def approve(client, session_id, seat):
    return client.post(f"/sessions/{session_id}/seats/{seat.id}/approve")


def test_a_paid_place_waits_for_the_lead_whose_approval_commits_the_kurspott(
    client, auth, db, gap_org, paid
):
    session_id, seat, budget = paid
    assert seat.state == "awaiting_approval"
    for who, status in (("employee", 403), ("lead_b", 403)):
        auth.login(getattr(gap_org, who))
        assert approve(client, session_id, seat).status_code == status
    auth.login(gap_org.lead_a)
    assert "venter på din godkjenning" in client.get("/sessions/").get_data(as_text=True)
    assert approve(client, session_id, seat).status_code == 302
    assert approve(client, session_id, seat).status_code == 302  # a second click
    application = db.scalars(select(Application)).one()
    assert (application.status, application.approved_ore, application.budget_id) == (
        "approved",
        150_000,
        budget.id,
    )
    assert seat_of(db, gap_org.employee).state == "booked"
    overview = client.get(f"/funds/units/{gap_org.a.id}?year=2026").get_data(as_text=True)
    assert gap_org.hlr.name in overview


def test_an_approval_that_would_overspend_is_refused(
    client, auth, db, gap_org, make_person, make_session, make_budget
):
    make_budget(gap_org.a, 100_000)
    session_id = make_session(gap_org.hlr, gap_org.a, cost_ore=150_000)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_a)
    response = approve(client, session_id, seat_of(db, gap_org.employee))
    assert response.status_code == 302
    assert "Ingenting er godkjent" in client.get(response.location).get_data(as_text=True)
    assert db.scalars(select(Application)).all() == []
    assert seat_of(db, gap_org.employee).state == "awaiting_approval"


def test_cancelling_before_the_deadline_frees_the_commitment(client, auth, db, gap_org, paid):
    session_id, seat, _budget = paid
    auth.login(gap_org.lead_a)
    approve(client, session_id, seat)
    auth.login(gap_org.employee)
    assert client.post(f"/sessions/{session_id}/leave").status_code == 302
    assert db.scalars(select(Application)).one().status == "cancelled"


def test_removal_after_the_deadline_keeps_the_commitment(app, client, auth, db, gap_org, paid):
    session_id, seat, _budget = paid
    auth.login(gap_org.lead_a)
    approve(client, session_id, seat)
    app.config["TODAY"] = date(2026, 12, 4)
    assert client.post(f"/sessions/{session_id}/seats/{seat.id}/remove").status_code == 302
    assert db.scalars(select(Application)).one().status == "approved"


def test_a_rejected_place_goes_to_the_next(
    client, auth, db, gap_org, make_person, make_session, make_budget
):
    make_budget(gap_org.a, 1_000_000)
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1, cost_ore=150_000)
    waiting = make_person(unit=gap_org.a)
    for person in (gap_org.employee, waiting):
        auth.login(person)
        client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_a)
    seat = seat_of(db, gap_org.employee)
    assert client.post(f"/sessions/{session_id}/seats/{seat.id}/reject").status_code == 302
    assert seat_of(db, waiting).state == "awaiting_approval"


def test_a_cancelled_session_frees_its_commitments_and_takes_no_more_changes(
    client, auth, db, gap_org, paid
):
    session_id, seat, _budget = paid
    auth.login(gap_org.lead_a)
    approve(client, session_id, seat)
    client.post(f"/sessions/{session_id}/cancel", data={"message": "Avlyst."})
    assert db.scalars(select(Application)).one().status == "cancelled"
    client.post(f"/sessions/{session_id}/seats/{seat.id}/attendance", data={"outcome": "passed"})
    client.post(f"/sessions/{session_id}/seats/{seat.id}/remove")
    assert (seat_of(db, gap_org.employee).state, seat_of(db, gap_org.employee).attendance) == (
        "booked",
        None,
    )
    assert "venter på din godkjenning" not in client.get("/sessions/").get_data(as_text=True)


def edit_form(org, **changes) -> dict:
    data = {
        "place": "Kulturhuset",
        "days-0-day": "2026-12-11",
        "days-0-starts": "10:00",
        "days-0-ends": "15:00",
        "capacity": "2",
        "trainer_id": "0",
        "signup_deadline": "2026-12-05",
        "cancel_deadline": "2026-12-03",
        "unit_ids": [org.a.id],
    }
    data.update(changes)
    return data


def test_a_change_tells_everyone_moves_the_list_and_updates_the_calendar(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    waiting = make_person(unit=gap_org.a)
    for person in (gap_org.employee, waiting):
        auth.login(person)
        client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_b)
    assert client.get(f"/sessions/{session_id}/edit").status_code == 403
    auth.login(gap_org.lead_a)
    page = client.get(f"/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'value="Møterommet, Leknes"' in page
    assert 'value="09:00"' in page
    response = client.post(f"/sessions/{session_id}/edit", data=edit_form(gap_org, capacity="0"))
    assert response.status_code == 422
    response = client.post(f"/sessions/{session_id}/edit", data=edit_form(gap_org))
    assert response.status_code == 302
    assert seat_of(db, waiting).state == "booked"  # the second place went to the list
    told = db.scalars(select(Notification).where(Notification.person_id == gap_org.employee.id))
    assert any("Kurset er endret" in n.subject for n in told)
    auth.login(gap_org.employee)
    event = events(client.get(f"/sessions/{session_id}/calendar.ics"))[0]
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart").hour == 10
    assert str(event["location"]) == "Kulturhuset"


def test_a_change_cannot_leave_fewer_places_than_are_taken(
    client, auth, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=2)
    for person in (gap_org.employee, make_person(unit=gap_org.a)):
        auth.login(person)
        client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_a)
    response = client.post(f"/sessions/{session_id}/edit", data=edit_form(gap_org, capacity="1"))
    assert response.status_code == 409
    assert "2 plasser er allerede tatt" in response.get_data(as_text=True)
    assert db.get(CourseSession, session_id).capacity == 2


def test_an_approval_without_a_kurspott_for_the_year_is_refused(
    client, auth, db, gap_org, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, cost_ore=150_000)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    auth.login(gap_org.lead_a)
    response = approve(client, session_id, seat_of(db, gap_org.employee))
    assert "ingen kurspott for 2026" in client.get(response.location).get_data(as_text=True)
    assert db.scalars(select(Application)).all() == []


def test_the_pages_read_in_english(client, auth, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.employee)
    client.post("/language", data={"language": "en"})
    assert "Course sessions" in client.get("/sessions/").get_data(as_text=True)
    assert "Sign me up" in client.get(f"/sessions/{session_id}").get_data(as_text=True)
