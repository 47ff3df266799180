"""The gap rule in SQL (``status_sql``) gives the pure rule's answer at every boundary, on
both databases: the start page and the summary count with it."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import Date, Integer, literal, select

from portal.competence.gaps import Held, Status, status_on
from portal.competence.status_sql import days_after, in_status, status_expression

TODAY = date(2028, 2, 29)  # a leap day
WINDOW = timedelta(days=60)
EXPIRIES = [
    None,
    TODAY - timedelta(days=1),
    TODAY,
    TODAY + timedelta(days=1),
    TODAY + WINDOW - timedelta(days=1),
    TODAY + WINDOW,
    TODAY + WINDOW + timedelta(days=1),
    date(2031, 1, 1),
]
STARTS = [TODAY - timedelta(days=n) for n in (0, 29, 30, 31, 400)]
DUE_DAYS = [0, 30]


def test_sql_and_the_pure_rule_agree_on_every_boundary(db):
    pure = status_on(TODAY, WINDOW)
    for held_flag, expires_on, since, due_days in itertools.product(
        (True, False), EXPIRIES, STARTS, DUE_DAYS
    ):
        if not held_flag and expires_on is not None:
            continue
        columns = {
            "today": TODAY,
            "window": WINDOW,
            "record_id": literal(1 if held_flag else None, Integer),
            "expires_on": literal(expires_on, Date),
            "due_on": days_after(literal(since, Date), literal(due_days, Integer)),
        }
        held = Held(date(2020, 1, 1), expires_on) if held_flag else None
        expected = pure(due_days, held, since)
        case = (held_flag, expires_on, since, due_days)
        assert db.scalar(select(status_expression(**columns))) == expected.value, case
        # Each status's condition holds for that status and no other.
        for each in Status:
            assert bool(db.scalar(select(in_status(each, **columns)))) == (each is expected), (
                each,
                case,
            )
