"""Changing templates and checklists. Operations flush and never commit; each is audited.

Who may call them is checked by the views with :mod:`portal.onboarding.policy`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from flask import has_app_context, has_request_context, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import clock
from portal.audit.operations import record
from portal.competence import records
from portal.competence.gaps import DEFAULT_WINDOW
from portal.competence.models import Competence
from portal.db import change_if, utcnow
from portal.documents.models import Document, DocumentConfirmation
from portal.formatting import OSLO
from portal.notify.messages import N_
from portal.notify.models import Notification, SentReminder
from portal.notify.operations import close_tasks, notify
from portal.onboarding import queries
from portal.onboarding.models import (
    Checklist,
    ChecklistItem,
    ItemFields,
    OnboardingTemplate,
    TemplateItem,
)
from portal.org.models import Person

logger = logging.getLogger(__name__)


class OnboardingError(Exception):
    """The change cannot be made; nothing was changed."""


class AlreadyDone(OnboardingError):
    pass


class NotDone(OnboardingError):
    pass


class DerivedItem(OnboardingError):
    """A course item is done by a competence record, never by hand."""


class ItemDropped(OnboardingError):
    pass


class TemplateExists(OnboardingError):
    pass


@dataclass
class ItemData:
    """An item as entered in a form or the demo."""

    kind: str
    title: str
    due_days: int
    description: str = ""
    competence_id: int | None = None
    responsible_role: str | None = None
    document_id: int | None = None

    def apply_to(self, item: ItemFields) -> None:
        """Set the fields on ``item``, keeping only those that belong to its kind."""
        item.kind, item.title = self.kind, self.title.strip()
        item.description, item.due_days = (self.description or "").strip(), self.due_days
        # A course item is done by the competence's record; a sign-off item that names a
        # competence stands for it: due when the competence is, and its sign-off records it.
        item.competence_id = self.competence_id if self.kind in ("course", "signoff") else None
        item.responsible_role = self.responsible_role if self.kind == "signoff" else None
        item.document_id = self.document_id if self.kind == "acknowledgement" else None


def _copy_fields(source: ItemFields) -> ItemData:
    return ItemData(
        kind=source.kind,
        title=source.title,
        due_days=source.due_days,
        description=source.description,
        competence_id=source.competence_id,
        responsible_role=source.responsible_role,
        document_id=source.document_id,
    )


def _snapshot(item: ItemFields) -> dict[str, object]:
    return {
        "kind": item.kind,
        "title": item.title,
        "due_days": item.due_days,
        "competence_id": item.competence_id,
        "responsible_role": item.responsible_role,
        "document_id": item.document_id,
    }


# Checklists ---------------------------------------------------------------------------------


def on_document_confirmed(
    session: Session, *, person_id: int, document: Document, confirmation: DocumentConfirmation
) -> None:
    """Receiver of ``documents.signals.document_confirmed``: the person's open acknowledgement
    items that point to the document are done, confirmed by the person at that moment."""
    items = session.scalars(
        select(ChecklistItem)
        .join(Checklist)
        .where(
            Checklist.person_id == person_id,
            ChecklistItem.document_id == document.id,
            ChecklistItem.completed_dt.is_(None),
            ChecklistItem.is_dropped.is_(False),
        )
    )
    for item in list(items):
        confirm_item(
            session,
            actor_id=person_id,
            item=item,
            at=confirmation.confirmed_dt,
            by_document=True,
        )


def confirm_item(
    session: Session,
    *,
    actor_id: int,
    item: ChecklistItem,
    at: datetime | None = None,
    by_document: bool = False,
    reason: str | None = None,
) -> ChecklistItem:
    """Record that ``actor_id`` confirmed (acknowledgement) or signed off an item.

    :param reason: why a lead signs off an item that was someone else's to sign (the role
        whose item it was is recorded with it)

    :raise DerivedItem: for a course item, and for an item that points to a document unless
        ``by_document`` (the document's confirmation completes it)
    :raise ItemDropped: if the item was dropped
    :raise AlreadyDone: if it is confirmed already
    """
    if item.document_id is not None and not by_document:
        raise DerivedItem(item.id)
    _check_open(item)
    # Signed off in the database, not on the loaded copy: a second sign-off sent at the same
    # time finds the item done.
    if not change_if(
        session,
        item,
        ChecklistItem.completed_dt.is_(None),
        completed_dt=at or utcnow(),
        completed_by_id=actor_id,
    ):
        raise AlreadyDone(item.id)
    close_tasks(session, ("onboarding_item", item.id))  # whoever was reminded of it
    action = "onboarding.item_signed_off" if item.kind == "signoff" else "onboarding.item_confirmed"
    on_behalf = (
        {"reason": reason.strip(), "responsible_role": item.responsible_role}
        if reason is not None
        else {}
    )
    record(
        session,
        actor_id=actor_id,
        action=action,
        obj=item,
        checklist_id=item.checklist_id,
        title=item.title,
        **on_behalf,
    )
    if item.kind == "signoff" and item.competence_id is not None:
        _grant(session, actor_id=actor_id, item=item, at=at)
    return item


def _reference(item: ChecklistItem) -> str:
    return f"onboarding-item:{item.id}"


def _grant(session: Session, *, actor_id: int, item: ChecklistItem, at: datetime | None) -> None:
    """The sign-off of an item that stands for a competence is a record of it, in the same
    transaction: the person's standing and obligations follow at once."""
    competence = session.get(Competence, item.competence_id)
    if competence is None:
        return
    achieved_on = at.astimezone(OSLO).date() if at is not None else clock.today()
    records.register_signoff(
        session,
        actor_id=actor_id,
        person_id=item.checklist.person_id,
        competence=competence,
        achieved_on=achieved_on,
        reference=_reference(item),
        window=clock.expiring_window() if has_app_context() else DEFAULT_WINDOW,
    )


class AlreadyReminded(OnboardingError):
    """The item's responsible person was reminded of it today already."""


def remind_responsible(
    session: Session, *, actor_id: int, item: ChecklistItem, responsible: Person, today: date
) -> Notification:
    """Remind ``responsible`` of an overdue item: a notification (and its mail), audited, at
    most once a day per item whoever sends it.

    :raise AlreadyReminded: if someone reminded of the item today already
    """
    key = f"onboarding:item:{item.id}:nudge:{today.isoformat()}"
    if session.scalar(select(SentReminder.id).where(SentReminder.key == key)) is not None:
        raise AlreadyReminded(item.id)
    session.add(SentReminder(key=key, person_id=responsible.id))
    hire = item.checklist.person
    link = url_for("onboarding.item", item_id=item.id) if has_request_context() else None
    notification = notify(
        session,
        person=responsible,
        link=link,
        subject=N_("Påminnelse: %(title)s for %(name)s"),
        body=N_(
            "Lederen minner deg om at «%(title)s» i introduksjonsplanen til %(name)s har "
            "passert fristen."
        ),
        params={"title": item.title, "name": hire.name},
        task=("onboarding_item", item.id),
    )
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action="onboarding.reminder_sent",
        obj=item,
        checklist_id=item.checklist_id,
        title=item.title,
        person_id=responsible.id,
    )
    return notification


def _check_open(item: ChecklistItem) -> None:
    if item.kind == "course":
        raise DerivedItem(item.id)
    if item.is_dropped:
        raise ItemDropped(item.id)
    if item.completed_dt is not None:
        raise AlreadyDone(item.id)


def undo_item(
    session: Session, *, actor_id: int, item: ChecklistItem, reason: str
) -> ChecklistItem:
    """Take back a confirmation or sign-off, saying why; the audit log keeps what it was.

    :raise NotDone: if the item is not confirmed
    """
    if item.kind == "course":
        raise DerivedItem(item.id)
    if item.completed_dt is None:
        raise NotDone(item.id)
    record(
        session,
        actor_id=actor_id,
        action="onboarding.item_undone",
        obj=item,
        checklist_id=item.checklist_id,
        title=item.title,
        reason=reason.strip(),
        was_completed_by=item.completed_by_id,
        was_completed_at=item.completed_dt.isoformat(),
    )
    # The record the sign-off made is void with it; a record from elsewhere stays.
    for granted in records.current_with_reference(
        session, item.checklist.person_id, _reference(item)
    ):
        try:
            records.void(session, actor_id=actor_id, record=granted, reason=reason)
        except records.NotCurrent:
            continue  # voided by an undo sent at the same time
    item.completed_dt = item.completed_by_id = None
    session.flush()
    return item


def add_item(
    session: Session, *, actor_id: int, checklist: Checklist, data: ItemData, reason: str
) -> ChecklistItem:
    """Add an item to one person's checklist only."""
    item = ChecklistItem(added_reason=reason.strip())
    data.apply_to(item)
    checklist.items.append(item)
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action="onboarding.item_added",
        obj=item,
        checklist_id=checklist.id,
        reason=item.added_reason,
        **_snapshot(item),
    )
    return item


def drop_item(
    session: Session, *, actor_id: int, item: ChecklistItem, reason: str
) -> ChecklistItem:
    """Take an item off one person's checklist; it stays, marked dropped, with the reason.

    :raise ItemDropped: if it was dropped already
    """
    if item.is_dropped:
        raise ItemDropped(item.id)
    item.is_dropped, item.dropped_reason = True, reason.strip()
    close_tasks(session, ("onboarding_item", item.id))  # nothing is left to do
    item.dropped_by_id, item.dropped_dt = actor_id, utcnow()
    record(
        session,
        actor_id=actor_id,
        action="onboarding.item_dropped",
        obj=item,
        checklist_id=item.checklist_id,
        title=item.title,
        reason=item.dropped_reason,
    )
    return item


def assign_missing_helpers(
    session: Session,
    *,
    actor_id: int,
    checklist: Checklist,
    mentor: Person | None,
    it_contact: Person | None,
) -> Checklist:
    """Fill in the mentor and the IT contact where the checklist has none; one already
    assigned (by someone else, meanwhile) is kept."""
    return assign_helpers(
        session,
        actor_id=actor_id,
        checklist=checklist,
        mentor=checklist.mentor or mentor,
        it_contact=checklist.it_contact or it_contact,
    )


def assign_helpers(
    session: Session,
    *,
    actor_id: int,
    checklist: Checklist,
    mentor: Person | None,
    it_contact: Person | None,
) -> Checklist:
    """Set the mentor (fadder) and IT contact who sign their items off; tell new ones."""
    before = {"mentor_id": checklist.mentor_id, "it_contact_id": checklist.it_contact_id}
    checklist.mentor, checklist.it_contact = mentor, it_contact
    session.flush()
    after = {"mentor_id": checklist.mentor_id, "it_contact_id": checklist.it_contact_id}
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if not changed:
        return checklist
    record(
        session,
        actor_id=actor_id,
        action="onboarding.helpers_assigned",
        obj=checklist,
        changed=changed,
    )
    link = (
        url_for("onboarding.checklist", checklist_id=checklist.id)
        if has_request_context()
        else None
    )
    hire = checklist.person.name
    if "mentor_id" in changed and mentor is not None:
        notify(
            session,
            person=mentor,
            link=link,
            subject=N_("Du er fadder for %(name)s"),
            body=N_("Du kvitterer ut fadderens punkter i introduksjonsplanen."),
            params={"name": hire},
        )
    if "it_contact_id" in changed and it_contact is not None:
        notify(
            session,
            person=it_contact,
            link=link,
            subject=N_("Du er IT-kontakt for %(name)s"),
            body=N_("Du kvitterer ut IT-punktene i introduksjonsplanen."),
            params={"name": hire},
        )
    return checklist


# Templates ----------------------------------------------------------------------------------


def create_template(
    session: Session, *, actor_id: int, position_id: int, unit_id: int | None
) -> OnboardingTemplate:
    """A new template for a position (in a unit, or organisation-wide), starting as a copy of
    the template that applied there until now.

    :raise TemplateExists: if the position has one there already
    """
    exists = select(OnboardingTemplate.id).where(
        OnboardingTemplate.position_id == position_id,
        OnboardingTemplate.unit_id.is_(None)
        if unit_id is None
        else OnboardingTemplate.unit_id == unit_id,
    )
    if session.scalar(exists) is not None:
        raise TemplateExists(position_id, unit_id)
    inherited = (
        queries.applicable_template(session, position_id, unit_id) if unit_id is not None else None
    )
    template = OnboardingTemplate(position_id=position_id, unit_id=unit_id)
    for source in inherited.items if inherited else ():
        item = TemplateItem()
        _copy_fields(source).apply_to(item)
        template.items.append(item)
    session.add(template)
    record(
        session,
        actor_id=actor_id,
        action="onboarding.template_created",
        obj=template,
        position_id=position_id,
        unit_id=unit_id,
        copied_from=inherited.id if inherited else None,
    )
    return template


def delete_template(session: Session, *, actor_id: int, template: OnboardingTemplate) -> None:
    """Remove a template; checklists made from it keep their items."""
    record(
        session,
        actor_id=actor_id,
        action="onboarding.template_deleted",
        obj=template,
        position_id=template.position_id,
        unit_id=template.unit_id,
        items=[_snapshot(item) for item in template.items],
    )
    session.delete(template)
    session.flush()


def add_template_item(
    session: Session, *, actor_id: int, template: OnboardingTemplate, data: ItemData
) -> TemplateItem:
    item = TemplateItem()
    data.apply_to(item)
    template.items.append(item)
    template.updated_dt = utcnow()
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action="onboarding.template_item_added",
        obj=item,
        template_id=template.id,
        **_snapshot(item),
    )
    return item


def update_template_item(
    session: Session, *, actor_id: int, item: TemplateItem, data: ItemData
) -> TemplateItem:
    before = {**_snapshot(item), "description": item.description}
    data.apply_to(item)
    item.template.updated_dt = utcnow()
    after = {**_snapshot(item), "description": item.description}
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    record(
        session,
        actor_id=actor_id,
        action="onboarding.template_item_updated",
        obj=item,
        template_id=item.template_id,
        changed=changed,
    )
    return item


def delete_template_item(session: Session, *, actor_id: int, item: TemplateItem) -> None:
    record(
        session,
        actor_id=actor_id,
        action="onboarding.template_item_deleted",
        obj=item,
        template_id=item.template_id,
        **_snapshot(item),
    )
    item.template.updated_dt = utcnow()
    session.delete(item)
    session.flush()
