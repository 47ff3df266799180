"""Every sessions route for every kind of user: anonymous, employee, lead of the session's
unit, lead of another unit, administrator. (The seat's own routes are in test_seats.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.sessions.models import Seat

KINDS = ("anonymous", "employee", "lead_a", "lead_b", "admin")

GETS = {
    "/sessions/": (302, 200, 200, 200, 200),
    "/sessions/new": (302, 403, 200, 200, 200),
    "/sessions/{id}": (302, 200, 200, 403, 200),
    "/sessions/{id}/edit": (302, 403, 200, 403, 200),
    "/sessions/{id}/attendance": (302, 403, 200, 403, 200),
    "/sessions/{id}/attendance/print": (302, 403, 200, 403, 200),
    "/sessions/{id}/calendar.ics": (302, 200, 200, 403, 200),  # the employee has a seat
    "/sessions/999": (302, 404, 404, 404, 404),
}

POSTS = {
    "/sessions/{id}/seats/{seat}/attendance": (302, 403, 302, 403, 302),
    "/sessions/{id}/seats/{seat}/undo": (302, 403, 302, 403, 302),
    "/sessions/{id}/seats/{seat}/remove": (302, 403, 302, 403, 302),
    "/sessions/{id}/seats/{seat}/approve": (302, 403, 302, 403, 302),
    "/sessions/{id}/seats/{seat}/reject": (302, 403, 302, 403, 302),
    "/sessions/{id}/book": (302, 403, 302, 403, 302),
    "/sessions/{id}/cancel": (302, 403, 422, 403, 422),
    "/sessions/999/signup": (302, 404, 404, 404, 404),
}


@pytest.fixture
def seated(client, auth, db, gap_org, make_session):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    auth.logout()
    seat = db.scalar(select(Seat).where(Seat.session_id == session_id))
    return session_id, seat.id


def as_kind(auth, gap_org, kind: str) -> None:
    if kind == "anonymous":
        auth.logout()
    else:
        auth.login(getattr(gap_org, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_pages_answer_each_kind_of_user(client, auth, gap_org, seated, kind):
    session_id, _seat = seated
    as_kind(auth, gap_org, kind)
    got = {url: client.get(url.format(id=session_id)).status_code for url in GETS}
    assert got == {url: codes[KINDS.index(kind)] for url, codes in GETS.items()}


@pytest.mark.parametrize("kind", KINDS)
def test_forms_answer_each_kind_of_user(client, auth, gap_org, seated, kind):
    session_id, seat_id = seated
    as_kind(auth, gap_org, kind)
    got = {url: client.post(url.format(id=session_id, seat=seat_id)).status_code for url in POSTS}
    assert got == {url: codes[KINDS.index(kind)] for url, codes in POSTS.items()}
