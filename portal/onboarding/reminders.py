"""Reminders of overdue checklist items for ``portal reminders send``: to the new hire and to
whoever must sign the item off. Each item is reminded once per recipient (the key says so)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select

from portal.formatting import format_date
from portal.notify.messages import N_, Message
from portal.notify.reminders import Reminder
from portal.onboarding import queries, rules
from portal.onboarding.models import Checklist, ChecklistItem
from portal.org.models import Person


def overdue_reminders(session, today: date, _window: timedelta) -> Iterator[Reminder]:
    query = (
        select(Checklist)
        .join(Checklist.person)
        .where(
            Person.is_active.is_(True),
            queries.job_runs(today),
            Checklist.start_date >= today - timedelta(days=rules.NEW_HIRE_DAYS),
            Checklist.items.any(
                (ChecklistItem.completed_dt.is_(None)) & ChecklistItem.is_dropped.is_(False)
            ),
        )
    )
    found = queries.views(session, list(session.scalars(queries.with_items(query))), today)
    leads = queries.leads_by_unit(session, today) if found else {}
    lead_ids = {pid for v in found for pid in leads.get(v.checklist.for_unit_id, ())}
    people = queries.people(session, lead_ids)
    for view in found:
        checklist, hire = view.checklist, view.checklist.person
        for item_view in view.overdue:
            item = item_view.item
            subject = Message(N_("Forfalt i introduksjonsplanen: %(title)s"), {"title": item.title})
            body = Message(
                N_(
                    "%(name)s: «%(title)s» skulle vært gjort innen %(date)s. Se Introduksjon i "
                    "Kompetanseportalen."
                ),
                {"name": hire.name, "title": item.title, "date": format_date(item_view.due)},
            )
            recipients = [hire]
            if item.kind == "signoff":
                helper = {"mentor": checklist.mentor, "it": checklist.it_contact}.get(
                    item.responsible_role or ""
                )
                # No mentor or IT contact yet: the leads must assign one, so they hear of it.
                recipients += (
                    [helper]
                    if helper is not None and helper.is_active
                    else [people[pid] for pid in sorted(leads.get(checklist.for_unit_id, ()))]
                )
            for person in recipients:
                yield Reminder(
                    key=f"onboarding:item:{item.id}:overdue:{person.id}",
                    person_id=person.id,
                    email=person.email,
                    subject=subject,
                    body=body,
                    language=person.language,
                )
