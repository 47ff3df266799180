"""A sign-off sent twice at once (a double click) to a live server is signed once, and both
answers lead to the same page."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from tests.factories import PASSWORD
from tests.live import Visitor
from tests.web.onboarding.conftest import read


def test_a_sign_off_sent_twice_is_signed_once(live_app, db, world):
    item_id = world.items["Telefon og timebok"]
    mentor = Visitor(live_app)
    mentor.login(world.mentor.email, PASSWORD)
    action = f"/onboarding/items/{item_id}/confirm"
    form = mentor.form(f"/onboarding/items/{item_id}", action)
    answers = mentor.post_twice_at_once(action, form)
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    assert len({answer.headers["Location"] for answer in answers}) == 1
    signed = select(AuditEvent).where(AuditEvent.action == "onboarding.item_signed_off")
    assert len(read(db, signed)) == 1
