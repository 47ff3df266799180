"""Creating a session and the list of sessions, for every kind of user."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portal.sessions.models import CourseSession


def form(org, **changes) -> dict:
    data = {
        "competence_id": org.hlr.id,
        "place": "Leknes legesenter, møterommet",
        "days-0-day": "2026-12-10",
        "days-0-starts": "09:00",
        "days-0-ends": "15:00",
        "capacity": "8",
        "trainer_id": "0",
        "signup_deadline": "2026-12-05",
        "cancel_deadline": "2026-12-03",
        "cost": "1 500",
        "unit_ids": [org.a.id],
    }
    data.update(changes)
    return data


def test_a_lead_creates_a_session_for_their_unit_in_norwegian_time(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    response = client.post(
        "/sessions/new",
        data=form(
            gap_org,
            **{"days-1-day": "2026-12-11", "days-1-starts": "08:30", "days-1-ends": "12:00"},
        ),
    )
    assert response.status_code == 302
    created = db.scalars(select(CourseSession)).one()
    assert [(d.starts_dt, d.ends_dt) for d in created.days] == [
        (datetime(2026, 12, 10, 8, tzinfo=UTC), datetime(2026, 12, 10, 14, tzinfo=UTC)),
        (datetime(2026, 12, 11, 7, 30, tzinfo=UTC), datetime(2026, 12, 11, 11, tzinfo=UTC)),
    ]
    assert created.cost_ore == 150_000
    assert created.unit_ids == [gap_org.a.id]
    page = client.get(response.location).get_data(as_text=True)
    assert "10.12.2026 09:00–15:00" in page
    assert "1\xa0500\xa0kr" in page


@pytest.mark.parametrize(
    "changes",
    [
        {"days-0-ends": "08:00"},
        {"days-0-day": "", "days-0-starts": "", "days-0-ends": ""},
        {"unit_ids": []},
        {"capacity": "0"},
        {"cost": "abc"},
        {"signup_deadline": "2026-12-11"},
    ],
)
def test_bad_input_is_shown_in_the_form_and_changes_nothing(client, auth, db, gap_org, changes):
    auth.login(gap_org.lead_a)
    response = client.post("/sessions/new", data=form(gap_org, **changes))
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert db.scalars(select(CourseSession)).all() == []


def test_a_lead_cannot_create_a_session_for_another_unit(client, auth, db, gap_org):
    auth.login(gap_org.lead_a)
    response = client.post("/sessions/new", data=form(gap_org, unit_ids=[gap_org.b.id]))
    assert response.status_code == 422
    assert db.scalars(select(CourseSession)).all() == []


def test_an_administrator_creates_for_any_unit(client, auth, db, gap_org):
    auth.login(gap_org.admin)
    response = client.post("/sessions/new", data=form(gap_org, unit_ids=[gap_org.b.id]))
    assert response.status_code == 302


def test_an_employee_may_not_create_and_anonymous_is_sent_to_login(client, auth, gap_org):
    assert client.get("/sessions/new").location.startswith("/login")
    assert client.get("/sessions/").location.startswith("/login")
    auth.login(gap_org.employee)
    assert client.get("/sessions/new").status_code == 403
    assert client.post("/sessions/new", data=form(gap_org)).status_code == 403


def test_the_list_puts_what_i_need_first_and_shows_only_my_units(
    client, auth, gap_org, make_session, make_competence
):
    other = make_competence("brannvern", 12, name="Brannvern")
    early = make_session(
        other,
        gap_org.a,
        days=[(datetime(2026, 12, 1, 8, tzinfo=UTC), datetime(2026, 12, 1, 9, tzinfo=UTC))],
    )
    needed = make_session(gap_org.hlr, gap_org.a)
    elsewhere = make_session(gap_org.hlr, gap_org.b)
    auth.login(gap_org.employee)
    page = client.get("/sessions/").get_data(as_text=True)
    assert page.index(f"/sessions/{needed}") < page.index(f"/sessions/{early}")
    assert f"/sessions/{elsewhere}" not in page
    assert client.get(f"/sessions/{elsewhere}").status_code == 403
    assert client.get(f"/sessions/{needed}").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("employee", 200), ("lead_a", 200), ("lead_b", 403), ("other", 403), ("admin", 200)],
)
def test_who_sees_a_session(client, auth, gap_org, make_session, who, status):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(getattr(gap_org, who))
    assert client.get(f"/sessions/{session_id}").status_code == status
    assert client.get("/sessions/").status_code == 200


def test_a_lead_sees_the_sessions_of_their_units_and_a_link_to_make_one(
    client, auth, gap_org, make_session
):
    session_id = make_session(gap_org.hlr, gap_org.a)
    auth.login(gap_org.lead_a)
    page = client.get("/sessions/").get_data(as_text=True)
    assert "/sessions/new" in page
    assert f"/sessions/{session_id}" in page
    auth.login(gap_org.lead_b)
    assert f"/sessions/{session_id}" not in client.get("/sessions/").get_data(as_text=True)


def test_the_menu_names_the_sessions(client, auth, gap_org):
    auth.login(gap_org.employee)
    assert "Kurs og samlinger" in client.get("/").get_data(as_text=True)
