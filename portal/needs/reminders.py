"""Reminders for ``portal reminders send``: a self-assessment not yet filled in, three days
before the round's deadline (and on each day after that through the deadline, once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.formatting import format_date
from portal.needs.models import NeedsRound, SelfAssessment, round_units
from portal.notify.messages import N_, Message
from portal.notify.reminders import Reminder
from portal.org.models import Person

#: How many days before the deadline people who have not answered are reminded.
DAYS_BEFORE = 3


def deadline_reminders(session: Session, today: date, _window: timedelta) -> Iterator[Reminder]:
    """One reminder per person and round closing soon whose self-assessment is missing."""
    rows = session.execute(
        select(
            NeedsRound.id,
            NeedsRound.title,
            NeedsRound.deadline,
            Person.id,
            Person.email,
            Person.language,
        )
        .join(round_units, round_units.c.round_id == NeedsRound.id)
        .join(Person, Person.unit_id == round_units.c.unit_id)
        .where(
            NeedsRound.deadline.between(today, today + timedelta(days=DAYS_BEFORE)),
            Person.is_active.is_(True),
            ~select(SelfAssessment.id)
            .where(SelfAssessment.round_id == NeedsRound.id, SelfAssessment.person_id == Person.id)
            .exists(),
        )
    )
    for round_id, title, deadline, person_id, email, language in rows:
        yield Reminder(
            key=f"needs-self-assessment:{round_id}:{person_id}",
            person_id=person_id,
            email=email,
            subject=Message(N_("Påminnelse: egenvurdering for %(title)s"), {"title": title}),
            body=Message(
                N_("Fristen for å fylle ut egenvurderingen er %(date)s."),
                {"date": format_date(deadline)},
            ),
            language=language,
            link=f"/needs/rounds/{round_id}/self",
        )
