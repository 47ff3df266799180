"""A sign-off, a mentor assigned from the start page and a reminder, each sent twice at once
(a double click) to a live server, are carried out once, and both answers lead to the same
page."""

from __future__ import annotations

from sqlalchemy import select

from portal.audit.models import AuditEvent
from portal.competence.models import CompetenceRecord
from portal.notify.models import Notification
from portal.onboarding.operations import ItemData
from tests.factories import PASSWORD
from tests.live import Visitor
from tests.web.onboarding.conftest import START, read


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


def test_a_mentor_assigned_from_the_start_page_twice_at_once_is_assigned_once(
    live_app, db, world, make_person, make_checklist
):
    person = make_person(
        unit=world.unit, position=world.position, start_date=START, name="Per Alene"
    )
    lone = make_checklist(
        person, items=[ItemData("signoff", "Nøkkelkort", 0, responsible_role="mentor")]
    )
    lead = Visitor(live_app)
    lead.login(world.lead.email, PASSWORD)
    action = f"/onboarding/checklists/{lone.id}/missing-helpers"
    form = {**lead.form("/", action), f"hire{lone.id}-mentor_id": str(world.colleague.id)}
    answers = lead.post_twice_at_once(action, form)
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    assert len({answer.headers["Location"] for answer in answers}) == 1
    assigned = select(AuditEvent).where(AuditEvent.action == "onboarding.helpers_assigned")
    assert len(read(db, assigned)) == 1
    assert len(read(db, select(Notification))) == 1


def test_a_reminder_sent_twice_at_once_is_sent_once(live_app, db, world):
    item_id = world.items["EPJ-tilgang"]
    lead = Visitor(live_app)
    lead.login(world.lead.email, PASSWORD)
    action = f"/onboarding/items/{item_id}/remind"
    answers = lead.post_twice_at_once(action, lead.form(f"/onboarding/items/{item_id}", action))
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    assert len({answer.headers["Location"] for answer in answers}) == 1
    reminded = select(AuditEvent).where(AuditEvent.action == "onboarding.reminder_sent")
    assert len(read(db, reminded)) == 1
    assert len(read(db, select(Notification))) == 1


def test_a_sign_off_that_records_a_competence_sent_twice_records_it_once(
    live_app, db, world, make_competence, make_checklist, make_person
):
    timebok = make_competence("timebok", kind="signoff", validity_months=None)
    person = make_person(unit=world.unit, position=world.position, start_date=START)
    checklist = make_checklist(
        person,
        items=[
            ItemData("signoff", "Timebok", 7, responsible_role="mentor", competence_id=timebok.id)
        ],
        mentor=world.mentor,
    )
    item_id = checklist.items[0].id
    mentor = Visitor(live_app)
    mentor.login(world.mentor.email, PASSWORD)
    action = f"/onboarding/items/{item_id}/confirm"
    answers = mentor.post_twice_at_once(action, mentor.form(f"/onboarding/items/{item_id}", action))
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    recorded = select(CompetenceRecord).where(CompetenceRecord.person_id == person.id)
    assert [(r.competence_id, r.source) for r in read(db, recorded)] == [(timebok.id, "signoff")]
