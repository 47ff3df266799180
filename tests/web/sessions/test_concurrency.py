"""Two requests at once on PostgreSQL: the session row lock gives the last place to one, and
the budget lock refuses the approval that would overspend."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from portal.funds import operations as funds
from portal.funds.models import Application
from portal.org.models import Person
from portal.sessions import operations
from portal.sessions.models import CourseSession, Seat

# SQLite ignores SELECT … FOR UPDATE: the locks can only be shown at work on PostgreSQL.
pytestmark = pytest.mark.postgres_only


def together(app, work, items) -> list[str]:
    """``work(session, item)`` in a thread and connection per item, all starting at once; each
    holds its transaction open a moment, as a slow request would."""
    barrier = threading.Barrier(len(items))
    results: list[str] = []

    def run(item) -> None:
        with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
            barrier.wait()
            try:
                results.append(work(session, item))
                time.sleep(0.3)
                session.commit()
            except funds.OverBudget:
                session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


def test_two_people_racing_for_the_last_place_get_one_place(
    app, db, gap_org, make_person, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=1)
    racers = [make_person(unit=gap_org.a).id for _ in range(2)]

    def sign_up(session, person_id):
        course_session = session.get(CourseSession, session_id)
        seat, _changed = operations.sign_up(
            session,
            course_session=course_session,
            person=session.get(Person, person_id),
            today=app.config["TODAY"],
        )
        return seat.state

    assert together(app, sign_up, racers) == ["booked", "waiting"]
    seats = db.scalars(select(Seat).where(Seat.session_id == session_id)).all()
    assert sorted(seat.state for seat in seats) == ["booked", "waiting"]


def test_the_same_person_twice_at_once_gets_one_seat(app, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=3)

    def sign_up(session, person_id):
        _seat, changed = operations.sign_up(
            session,
            course_session=session.get(CourseSession, session_id),
            person=session.get(Person, person_id),
            today=app.config["TODAY"],
        )
        return "changed" if changed else "unchanged"

    employee = gap_org.employee.id
    assert together(app, sign_up, [employee, employee]) == ["changed", "unchanged"]
    assert len(db.scalars(select(Seat).where(Seat.session_id == session_id)).all()) == 1


def test_two_approvals_that_together_overspend_are_one_refused(
    app, db, gap_org, make_person, make_session, make_budget
):
    make_budget(gap_org.a, 200_000)
    session_id = make_session(gap_org.hlr, gap_org.a, capacity=5, cost_ore=150_000)
    people = [make_person(unit=gap_org.a) for _ in range(2)]
    with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
        course_session = session.get(CourseSession, session_id)
        for person in people:
            operations.sign_up(
                session,
                course_session=course_session,
                person=session.get(Person, person.id),
                today=app.config["TODAY"],
            )
        session.commit()
    seat_ids = [s.id for s in db.scalars(select(Seat).where(Seat.session_id == session_id))]

    def approve(session, seat_id):
        operations.approve(session, actor_id=gap_org.lead_a.id, seat=session.get(Seat, seat_id))
        return "approved"

    assert together(app, approve, seat_ids) == ["approved", "refused"]
    approved = db.scalars(select(Application).where(Application.status == "approved")).all()
    assert [a.approved_ore for a in approved] == [150_000]
