"""The onboarding rules, table by table: due dates, done, state, progress, templates, signers."""

from __future__ import annotations

from datetime import date

import pytest

from portal.competence.gaps import Held
from portal.onboarding.rules import (
    ItemState,
    Progress,
    Signer,
    due_on,
    is_done,
    item_state,
    may_sign_off,
    progress,
    template_for,
    wants_checklist,
)

START = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (START, 0, date(2026, 11, 1)),
        (START, 30, date(2026, 12, 1)),
        (date(2028, 2, 28), 1, date(2028, 2, 29)),  # leap year
        (date(2027, 2, 28), 1, date(2027, 3, 1)),
    ],
)
def test_due_on(start, days, expected):
    assert due_on(start, days) == expected


@pytest.mark.parametrize(
    ("kind", "confirmed", "held", "today", "expected"),
    [
        ("acknowledgement", True, None, START, True),
        ("acknowledgement", False, Held(START, None), START, False),
        ("signoff", True, None, START, True),
        ("signoff", False, None, START, False),
        ("course", True, None, START, False),  # a course is never done by hand
        ("course", False, Held(START, None), START, True),
        ("course", False, Held(START, date(2026, 11, 30)), date(2026, 11, 30), True),  # last day
        ("course", False, Held(START, date(2026, 11, 30)), date(2026, 12, 1), False),  # expired
    ],
)
def test_is_done(kind, confirmed, held, today, expected):
    assert is_done(kind, is_confirmed=confirmed, held=held, today=today) is expected


@pytest.mark.parametrize(
    ("dropped", "done", "today", "expected"),
    [
        (False, False, date(2026, 11, 10), ItemState.OPEN),  # the due day itself
        (False, False, date(2026, 11, 11), ItemState.OVERDUE),
        (False, True, date(2026, 11, 11), ItemState.DONE),
        (True, False, date(2026, 11, 11), ItemState.DROPPED),
        (True, True, date(2026, 11, 1), ItemState.DROPPED),
    ],
)
def test_item_state(dropped, done, today, expected):
    assert (
        item_state(is_dropped=dropped, done=done, due=date(2026, 11, 10), today=today) is expected
    )


@pytest.mark.parametrize(
    ("states", "expected", "percent", "finished"),
    [
        ([], Progress(0, 0, 0), 100, True),
        ([ItemState.DROPPED], Progress(0, 0, 0), 100, True),
        ([ItemState.DONE, ItemState.OPEN, ItemState.OVERDUE], Progress(1, 3, 1), 33, False),
        ([ItemState.DONE, ItemState.DONE, ItemState.DROPPED], Progress(2, 2, 0), 100, True),
        ([ItemState.DONE] * 199 + [ItemState.OPEN], Progress(199, 200, 0), 99, False),
    ],
)
def test_progress(states, expected, percent, finished):
    result = progress(states)
    assert result == expected
    assert result.percent == percent
    assert result.is_finished is finished


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 12, 1), True),
        (date(2026, 11, 22), True),
        (date(2026, 8, 24), True),  # 90 days before
        (date(2026, 8, 23), False),  # 91 days before: an existing employee being registered
        (date(2010, 1, 1), False),
    ],
)
def test_wants_checklist(start, expected):
    assert wants_checklist(start, date(2026, 11, 22)) is expected


# unit tree: 1 → 2 → 3, and 4 on its own
PARENTS = {1: None, 2: 1, 3: 2, 4: None}


@pytest.mark.parametrize(
    ("unit", "templates", "expected"),
    [
        (3, {None: "org", 3: "own", 1: "top"}, "own"),
        (3, {None: "org", 1: "top"}, "top"),
        (3, {None: "org"}, "org"),
        (3, {}, None),
        (4, {1: "top"}, None),
        (None, {None: "org", 1: "top"}, "org"),
        (99, {None: "org"}, "org"),  # an unknown unit falls back to the organisation's
    ],
)
def test_template_for(unit, templates, expected):
    assert template_for(unit, PARENTS, templates) == expected


def test_template_for_survives_a_cycle():
    assert template_for(1, {1: 2, 2: 1}, {None: "org"}) == "org"


MENTOR, IT, LEAD, OTHER = 10, 20, 30, 40


@pytest.mark.parametrize(
    ("role", "signer", "expected"),
    [
        ("mentor", Signer(MENTOR, False, False), True),
        ("mentor", Signer(IT, False, False), False),
        ("mentor", Signer(LEAD, True, False), False),  # the lead is not the mentor
        ("it", Signer(IT, False, False), True),
        ("it", Signer(MENTOR, False, False), False),
        ("it", Signer(OTHER, False, True), False),  # nor is an administrator the IT contact
        ("lead", Signer(LEAD, True, False), True),
        ("lead", Signer(OTHER, False, True), True),  # an administrator stands in for the lead
        ("lead", Signer(MENTOR, False, False), False),
        (None, Signer(LEAD, True, True), False),
    ],
)
def test_may_sign_off(role, signer, expected):
    assert may_sign_off(role, signer, mentor_id=MENTOR, it_contact_id=IT) is expected


def test_nobody_signs_for_a_helper_not_yet_assigned():
    assert not may_sign_off(
        "mentor", Signer(MENTOR, False, False), mentor_id=None, it_contact_id=None
    )
