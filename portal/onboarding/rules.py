"""The onboarding rules: when an item is done, due or overdue, progress, which template applies,
and who may sign an item off. Pure: no Flask, no SQL.

Decisions at the boundaries (tested in ``tests/unit/onboarding/test_rules.py``):

- An item's due date is ``start_date + due_days``; on that day it is still open, the day after
  it is overdue (the same reading as the gap rule's due date). An item that names a
  competence the person's position requires is due when the requirement is instead (the
  obligation's date, read by :func:`portal.onboarding.queries.views`): one date, not two.
- A course item is done while the person holds a record of the competence that is valid today
  (``expires_on`` is the last valid day). It is derived, never stored: a record that expires
  makes the item open again.
- Progress counts the items not dropped; a checklist with nothing left to do is 100 % done, and
  it shows 100 % only when every item is done (percentages round down).
- A checklist is made only for a start date at most :data:`MAX_PAST_DAYS` before today: a
  person registered years after they started (a CSV import of existing staff) is no new hire.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from portal.competence.gaps import Held

MAX_PAST_DAYS = 90
#: How long after their start a person shows as a new hire in the lead's overview.
NEW_HIRE_DAYS = 365


class ItemState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    OPEN = "open"
    DROPPED = "dropped"


def due_on(start_date: date, due_days: int) -> date:
    """The last day on which an item is not yet overdue."""
    return start_date + timedelta(days=due_days)


def holds_valid(held: Held | None, today: date) -> bool:
    return held is not None and (held.expires_on is None or today <= held.expires_on)


def is_done(kind: str, *, is_confirmed: bool, held: Held | None, today: date) -> bool:
    """A course item is done by a valid record; the others by a confirmation."""
    if kind == "course":
        return holds_valid(held, today)
    return is_confirmed


def item_state(*, is_dropped: bool, done: bool, due: date, today: date) -> ItemState:
    if is_dropped:
        return ItemState.DROPPED
    if done:
        return ItemState.DONE
    return ItemState.OVERDUE if today > due else ItemState.OPEN


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    overdue: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.done * 100 // self.total

    @property
    def is_finished(self) -> bool:
        return self.done == self.total


def progress(states: list[ItemState]) -> Progress:
    counted = [s for s in states if s is not ItemState.DROPPED]
    return Progress(
        done=sum(s is ItemState.DONE for s in counted),
        total=len(counted),
        overdue=sum(s is ItemState.OVERDUE for s in counted),
    )


def wants_checklist(start_date: date, today: date) -> bool:
    """Whether a person created today with this start date is a new hire."""
    return start_date >= today - timedelta(days=MAX_PAST_DAYS)


T = TypeVar("T")


def template_for(
    unit_id: int | None, parents: Mapping[int, int | None], templates: Mapping[int | None, T]
) -> T | None:
    """The template that applies in ``unit_id``: the unit's own, else the nearest above it,
    else the organisation-wide one (key None).

    :param parents: each unit's parent
    :param templates: the position's templates by unit (None: organisation-wide)
    """
    seen: set[int] = set()
    while unit_id is not None and unit_id not in seen:
        if unit_id in templates:
            return templates[unit_id]
        seen.add(unit_id)
        unit_id = parents.get(unit_id)
    return templates.get(None)


@dataclass(frozen=True)
class Signer:
    """Who is asking to sign, as far as the rule needs to know."""

    person_id: int
    leads_the_hire: bool  # a lead whose units cover the unit of the checklist's job
    is_admin: bool


def may_sign_off(
    role: str | None, signer: Signer, *, mentor_id: int | None, it_contact_id: int | None
) -> bool:
    """Only the responsible person signs a sign-off item: the checklist's mentor, its IT
    contact, or for a lead's item a lead of the new hire (or an administrator)."""
    if role == "mentor":
        return mentor_id is not None and signer.person_id == mentor_id
    if role == "it":
        return it_contact_id is not None and signer.person_id == it_contact_id
    if role == "lead":
        return signer.leads_the_hire or signer.is_admin
    return False
