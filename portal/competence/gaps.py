"""The gap rule: one person's status for one requirement on one day. Pure: no Flask, no SQL.

Every page, export, dashboard and reminder uses :func:`status`, so the rule is written once.

Decisions at the boundaries (tested in ``tests/unit/competence/test_gaps.py``):

- ``expires_on`` is the last day a record is valid; the day after, it is expired.
- A record is *expiring* from ``expires_on - window`` through ``expires_on``, both included.
- A requirement falls due ``due_days`` after the person took up the position; on that last day
  it is still *not due*.
- Until it falls due, a requirement is *not due* even when an old record has expired: a new hire
  is not in breach before the deadline they were given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from portal.dates import add_months

DEFAULT_WINDOW = timedelta(days=60)


class Status(StrEnum):
    OK = "ok"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_DUE = "not_due"


#: From most to least urgent, for sorting "what must I do next".
URGENCY = (Status.EXPIRED, Status.MISSING, Status.EXPIRING, Status.NOT_DUE, Status.OK)


@dataclass(frozen=True)
class Held:
    """The record that counts for a person and a competence."""

    achieved_on: date
    expires_on: date | None


def status(
    due_days: int,
    held: Held | None,
    position_since: date,
    today: date,
    window: timedelta = DEFAULT_WINDOW,
) -> Status:
    """The gap status of one person for one requirement on ``today``.

    :param due_days: days after ``position_since`` within which the competence must be held
    :param held: the person's best record of the competence, or None
    :param position_since: the day the person took up the position that carries the requirement
    """
    return status_on(today, window)(due_days, held, position_since)


def status_on(
    today: date, window: timedelta = DEFAULT_WINDOW
) -> Callable[[int, Held | None, date], Status]:
    """The gap rule for one day, as a function of ``(due_days, held, position_since)``.

    Reports compute hundreds of thousands of statuses for the same day: the day's dates are
    worked out once here rather than for every cell.
    """
    horizon = today + window
    first_day_missing: dict[int, date] = {}  # due_days → earliest start still not due

    def of(due_days: int, held: Held | None, position_since: date) -> Status:
        if held is not None:
            expires = held.expires_on
            if expires is None or horizon < expires:
                return OK
            if today <= expires:
                return EXPIRING
        cutoff = first_day_missing.get(due_days)
        if cutoff is None:
            cutoff = first_day_missing[due_days] = today - timedelta(days=due_days)
        if position_since >= cutoff:
            return NOT_DUE
        return MISSING if held is None else EXPIRED

    return of


OK, EXPIRING, EXPIRED, MISSING, NOT_DUE = (
    Status.OK,
    Status.EXPIRING,
    Status.EXPIRED,
    Status.MISSING,
    Status.NOT_DUE,
)


def due_date(position_since: date, due_days: int) -> date:
    """The last day on which a requirement is still not due."""
    return position_since + timedelta(days=due_days)


class Dated(Protocol):
    """Anything with a record's dates: a :class:`Held`, a record row."""

    @property
    def achieved_on(self) -> date: ...

    @property
    def expires_on(self) -> date | None: ...


D = TypeVar("D", bound=Dated)


def best_held(records: Iterable[D]) -> D | None:
    """The record that counts: the one valid longest (no expiry beats any date), then the
    latest achieved. This is the one definition; the kept standings follow it."""
    return max(records, key=rank_of, default=None)


def rank_of(record: Dated) -> tuple[bool, date, date]:
    """The order of :func:`best_held`: a larger rank counts first."""
    return (record.expires_on is None, record.expires_on or date.min, record.achieved_on)


def expiry_after_completion(
    completed_on: date,
    validity_months: int | None,
    previous: Held | None,
    window: timedelta = DEFAULT_WINDOW,
) -> date | None:
    """The expiry of a competence earned on ``completed_on``.

    Renewed inside the expiring window of a record still valid, it runs on from the old
    expiry date, so that nobody loses time by renewing early. Renewed earlier than the window,
    after expiry, or for the first time, it runs from the completion date.
    """
    if validity_months is None:
        return None
    if (
        previous is not None
        and previous.expires_on is not None
        and previous.expires_on <= completed_on + window
        and completed_on <= previous.expires_on
    ):
        return add_months(previous.expires_on, validity_months)
    return add_months(completed_on, validity_months)
