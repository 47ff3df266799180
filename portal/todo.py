"""What a person must do next: one list, ranked by one rule. Pure: no Flask, no SQL.

Every feature that asks something of a person (a required competence not met, an item of their
onboarding plan, a self-assessment to fill in, an item waiting for their sign-off) turns it into
an :class:`Entry`; the start page ranks them all with :func:`rank`, and the onboarding page
takes its «Neste» from the same ranking of its own entries, so both say the same.

The rule (tested in ``tests/unit/test_todo.py``):

- by due date, earliest first: what is overdue comes first, the most overdue first;
- on the same day, mandatory before recommended, then by title;
- what has no due date comes last.

``due`` is the last day on which the entry is not yet overdue (the reading of the gap rule and
of onboarding items alike). An entry that stands for a competence (an onboarding course item,
a practical item whose sign-off records the competence) replaces the requirement of the same
competence: :func:`merge` keeps one of the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

#: Due within this many days: the tag warns.
SOON_DAYS = 14


class Source(StrEnum):
    REQUIREMENT = "requirement"  # a required competence not met
    ONBOARDING = "onboarding"  # an item of my own onboarding plan
    SIGNOFF = "signoff"  # an item of someone else's plan, waiting for me to sign it off
    ASSESSMENT = "assessment"  # a self-assessment to fill in


class Urgency(StrEnum):
    DANGER = "danger"  # overdue
    WARNING = "warning"  # due within SOON_DAYS days
    NEUTRAL = "neutral"  # later, or no date


@dataclass(frozen=True)
class Entry:
    """One thing a person is asked to do."""

    source: Source
    title: str
    due: date | None
    is_mandatory: bool = True
    url: str | None = None
    #: the competence the entry stands for, if any
    competence_id: int | None = None
    #: a short line under the title (whose item it is, what the requirement is)
    note: str = ""
    #: the feature's own object (an item view, a requirement's status), for its template
    subject: object = None


def days_left(due: date, today: date) -> int:
    """Days from ``today`` to ``due``: 0 on the day, negative once overdue."""
    return (due - today).days


def urgency(due: date | None, today: date) -> Urgency:
    if due is None:
        return Urgency.NEUTRAL
    left = days_left(due, today)
    if left < 0:
        return Urgency.DANGER
    return Urgency.WARNING if left <= SOON_DAYS else Urgency.NEUTRAL


def _key(entry: Entry) -> tuple:
    return (entry.due is None, entry.due or date.max, not entry.is_mandatory, entry.title)


def merge(entries: Iterable[Entry]) -> list[Entry]:
    """Drop a requirement that another entry stands for (the onboarding item of the same
    competence): one thing to do, with one date."""
    found = list(entries)
    covered = {
        e.competence_id
        for e in found
        if e.source is Source.ONBOARDING and e.competence_id is not None
    }
    return [
        e for e in found if e.source is not Source.REQUIREMENT or e.competence_id not in covered
    ]


def rank(entries: Iterable[Entry]) -> list[Entry]:
    """The entries merged (:func:`merge`) and in the order of the rule above."""
    return sorted(merge(entries), key=_key)


def first_of(entries: Iterable[Entry], source: Source) -> Entry | None:
    """The first entry of ``source`` in the ranking of ``entries``."""
    return next((e for e in rank(entries) if e.source is source), None)
