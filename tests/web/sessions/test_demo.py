"""The demo's courses in a room: a full HLR course at Leknes this month with a waiting list,
and a paid course with a place that waits for the lead's approval."""

from __future__ import annotations

from sqlalchemy import select

from portal.sessions.models import CourseSession, Seat


def test_the_demo_has_a_full_hlr_course_and_a_paid_place_to_approve(app, db, client, auth, demo):
    sessions = db.scalars(select(CourseSession)).all()
    hlr = next(s for s in sessions if s.competence.code == "hlr")
    today = app.config["TODAY"]
    assert (hlr.first_day.year, hlr.first_day.month) == (today.year, today.month)
    assert [u.name for u in hlr.units] == ["Leknes legesenter"]
    states = [seat.state for seat in db.scalars(select(Seat).where(Seat.session_id == hlr.id))]
    assert states.count("booked") == hlr.capacity
    assert "waiting" in states
    paid = next(s for s in sessions if s.cost_ore > 0)
    assert db.scalar(select(Seat.state).where(Seat.session_id == paid.id)) == "awaiting_approval"
    auth.login("leder@leknes.example", "kompetanse-demo")
    assert "venter på din godkjenning" in client.get("/sessions/").get_data(as_text=True)
    auth.login("sekretaer@leknes.example", "kompetanse-demo")
    page = client.get(f"/sessions/{hlr.id}").get_data(as_text=True)
    assert "Sett meg på ventelisten" in page
