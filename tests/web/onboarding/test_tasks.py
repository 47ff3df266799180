"""A reminder of an overdue item is a task for the responsible person, closed when the item
is signed off, by them or by a lead on their behalf, or dropped."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import select

from portal.notify.models import Notification
from tests.web.onboarding.conftest import read


def key() -> str:
    return secrets.token_urlsafe(32)


def tasks_page(client) -> str:
    page = client.get("/notifications/").text
    return page[page.index('id="tasks-heading"') : page.index('id="notifications-heading"')]


@pytest.mark.parametrize(
    ("who", "data"),
    [
        ("mentor", {}),
        ("lead", {"reason": "Fadderen er syk; jeg viste telefonen selv."}),
    ],
)
def test_the_reminder_closes_when_the_item_is_signed_off_by_anyone_entitled(
    client, auth, world, db, who, data
):
    item_id = world.items["Telefon og timebok"]
    auth.login(world.lead)
    assert client.post(f"/onboarding/items/{item_id}/remind", data={"_once": key()}).status_code
    auth.login(world.mentor)
    assert "Påminnelse: Telefon og timebok for Nora Ny" in tasks_page(client)

    auth.login(getattr(world, who))
    response = client.post(f"/onboarding/items/{item_id}/confirm", data={**data, "_once": key()})
    assert response.status_code == 302

    auth.login(world.mentor)
    assert "Påminnelse: Telefon og timebok" not in tasks_page(client)
    [task] = read(db, select(Notification).where(Notification.person_id == world.mentor.id))
    assert (task.task, task.closed_dt is not None) == (f"onboarding_item:{item_id}", True)
