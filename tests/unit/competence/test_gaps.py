"""The gap rule at its boundaries, and its properties over any dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.competence.gaps import (
    URGENCY,
    Held,
    Status,
    add_months,
    best_held,
    due_date,
    expiry_after_completion,
    status,
)

W = timedelta(days=60)
TODAY = date(2026, 11, 22)
LONG_AGO = date(2010, 1, 1)


@pytest.mark.parametrize(
    ("expires_on", "expected"),
    [
        (TODAY + timedelta(days=61), Status.OK),  # the day before the window opens
        (TODAY + timedelta(days=60), Status.EXPIRING),  # the window opens: today == expiry - 60
        (TODAY + timedelta(days=1), Status.EXPIRING),
        (TODAY, Status.EXPIRING),  # the day of expiry: still valid
        (TODAY - timedelta(days=1), Status.EXPIRED),  # the day after expiry
        (None, Status.OK),  # no expiry
    ],
)
def test_expiry_boundaries(expires_on, expected):
    held = Held(date(2020, 1, 1), expires_on)
    assert status(30, held, LONG_AGO, TODAY, W) == expected


@pytest.mark.parametrize(
    ("since", "due_days", "expected"),
    [
        (TODAY - timedelta(days=30), 30, Status.NOT_DUE),  # the last due day
        (TODAY - timedelta(days=31), 30, Status.MISSING),  # the day after
        (TODAY, 0, Status.NOT_DUE),  # due on the first day, not before
        (TODAY - timedelta(days=1), 0, Status.MISSING),
        (TODAY + timedelta(days=10), 0, Status.NOT_DUE),  # starts in the future
    ],
)
def test_last_due_day(since, due_days, expected):
    assert status(due_days, None, since, TODAY, W) == expected


def test_an_expired_record_of_a_new_hire_is_not_due_until_the_deadline():
    held = Held(date(2020, 1, 1), date(2022, 1, 1))
    since = TODAY - timedelta(days=5)
    assert status(14, held, since, TODAY, W) == Status.NOT_DUE
    assert status(14, held, since, TODAY + timedelta(days=10), W) == Status.EXPIRED


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day + a year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # leap day + four years
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 22), 24, date(2028, 11, 22)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_leap_day_expiry_is_the_last_valid_day():
    held = Held(date(2022, 2, 28), date(2024, 2, 29))
    assert status(0, held, LONG_AGO, date(2024, 2, 29), W) == Status.EXPIRING
    assert status(0, held, LONG_AGO, date(2024, 3, 1), W) == Status.EXPIRED
    assert status(0, held, LONG_AGO, date(2023, 12, 31), W) == Status.EXPIRING  # 60 days before
    assert status(0, held, LONG_AGO, date(2023, 12, 30), W) == Status.OK


def test_a_position_change_restarts_the_due_window():
    """Same person, same records: a new position taken up today is not due yet, while the
    old start date would make it missing."""
    started = date(2015, 3, 1)
    assert status(30, None, started, TODAY, W) == Status.MISSING
    assert status(30, None, TODAY, TODAY, W) == Status.NOT_DUE
    assert status(30, None, TODAY, TODAY + timedelta(days=31), W) == Status.MISSING


PREVIOUS = Held(date(2024, 12, 1), date(2026, 12, 1))


@pytest.mark.parametrize(
    ("completed", "previous", "expected"),
    [
        (date(2026, 11, 1), None, date(2028, 11, 1)),  # first time
        (date(2026, 11, 1), PREVIOUS, date(2028, 12, 1)),  # early, inside the window
        (date(2026, 10, 2), PREVIOUS, date(2028, 12, 1)),  # the day the window opens
        (date(2026, 10, 1), PREVIOUS, date(2028, 10, 1)),  # the day before it opens
        (date(2026, 12, 1), PREVIOUS, date(2028, 12, 1)),  # on the day of expiry
        (date(2026, 12, 2), PREVIOUS, date(2028, 12, 2)),  # after expiry
    ],
)
def test_renewal_rule(completed, previous, expected):
    assert expiry_after_completion(completed, 24, previous, W) == expected


def test_no_validity_never_expires():
    assert expiry_after_completion(TODAY, None, None, W) is None


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
helds = st.one_of(st.none(), st.builds(Held, dates, st.one_of(st.none(), dates)))


@given(
    due_days=st.integers(0, 1000),
    held=helds,
    since=dates,
    today=dates,
    window_days=st.integers(0, 365),
)
def test_status_is_always_one_of_five_and_consistent(due_days, held, since, today, window_days):
    window = timedelta(days=window_days)
    result = status(due_days, held, since, today, window)
    assert result in URGENCY
    valid = held is not None and (held.expires_on is None or today <= held.expires_on)
    if valid:
        assert result in (Status.OK, Status.EXPIRING)
    elif today <= due_date(since, due_days):
        assert result == Status.NOT_DUE
    else:
        assert result == (Status.MISSING if held is None else Status.EXPIRED)


@given(held=st.builds(Held, dates, dates), today=dates)
def test_expiring_exactly_inside_the_window(held, today):
    result = status(0, held, date(1999, 1, 1), today, W)
    if held.expires_on - W <= today <= held.expires_on:
        assert result == Status.EXPIRING
    elif today < held.expires_on - W:
        assert result == Status.OK


@given(held=st.builds(Held, dates, dates), since=dates, today=dates, later=st.integers(1, 2000))
def test_a_record_never_gets_better_with_time(held, since, today, later):
    """Once past the due date, the status only worsens as days pass (ok → expiring → expired)."""
    rank = {Status.OK: 0, Status.EXPIRING: 1, Status.EXPIRED: 2}
    start = max(today, due_date(since, 0) + timedelta(days=1))
    first = status(0, held, since, start, W)
    second = status(0, held, since, start + timedelta(days=later), W)
    assert rank[second] >= rank[first]


@given(st.lists(st.builds(Held, dates, st.one_of(st.none(), dates)), min_size=1, max_size=6))
def test_best_held_is_the_longest_valid(records):
    best = best_held(records)
    assert best in records
    if any(r.expires_on is None for r in records):
        assert best.expires_on is None
    else:
        assert best.expires_on == max(r.expires_on for r in records)


@given(
    completed=dates,
    months=st.integers(1, 120),
    previous=st.one_of(st.none(), st.builds(Held, dates, dates)),
)
def test_renewing_never_loses_time(completed, months, previous):
    """A renewal never expires before a first-time completion on the same day would."""
    expiry = expiry_after_completion(completed, months, previous, W)
    assert expiry >= add_months(completed, months)


def test_dates_at_the_end_of_the_calendar_do_not_overflow():
    assert add_months(date(9999, 6, 1), 12) == date.max
    assert expiry_after_completion(
        date(2026, 11, 22), 24, Held(date(1, 1, 1), date(1, 1, 2))
    ) == date(2028, 11, 22)
