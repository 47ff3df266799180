"""A paid place waiting for approval is a task for every lead of the person's unit, closed for
all of them when one approves or turns it down, or when the person gives it up."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.notify.models import Notification
from portal.sessions.models import Seat


def tasks_page(client) -> str:
    page = client.get("/notifications/").get_data(as_text=True)
    return page[page.index('id="tasks-heading"') : page.index('id="notifications-heading"')]


def tasks_of(db, person) -> list[Notification]:
    db.rollback()
    rows = list(
        db.scalars(
            select(Notification).where(
                Notification.person_id == person.id, Notification.task.is_not(None)
            )
        )
    )
    db.rollback()
    return rows


@pytest.mark.parametrize("act", ["approve", "reject", "cancel"])
def test_the_approval_task_closes_for_every_lead(
    client, auth, db, gap_org, make_person, make_session, make_budget, act
):
    make_budget(gap_org.a, 200_000)
    second = make_person(unit=gap_org.a, access="lead", leads=(gap_org.a,), name="Leder To")
    session_id = make_session(gap_org.hlr, gap_org.a, cost_ore=150_000)
    auth.login(gap_org.employee)
    client.post(f"/sessions/{session_id}/signup")
    seat = db.scalars(select(Seat).where(Seat.person_id == gap_org.employee.id)).one()
    db.rollback()
    auth.login(gap_org.lead_a)
    assert "Ansatt A venter på godkjenning av plass på kurs" in tasks_page(client)

    if act == "cancel":
        auth.login(gap_org.employee)
        response = client.post(f"/sessions/{session_id}/leave")
    else:
        auth.login(second)
        response = client.post(f"/sessions/{session_id}/seats/{seat.id}/{act}")
    assert response.status_code == 302

    auth.login(gap_org.lead_a)
    assert "venter på godkjenning" not in tasks_page(client)
    for lead in (gap_org.lead_a, second):
        [task] = tasks_of(db, lead)
        assert (task.task, task.closed_dt is not None) == (f"session_booking:{seat.id}", True)
