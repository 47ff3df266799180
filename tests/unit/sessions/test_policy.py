"""Who may manage, mark and approve: table-driven, plain values."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.authz import Scope
from portal.sessions import policy

ADMIN = SimpleNamespace(id=1, is_admin=True, is_lead=False)
LEAD = SimpleNamespace(id=2, is_admin=False, is_lead=True)
EMPLOYEE = SimpleNamespace(id=3, is_admin=False, is_lead=False)
ALL, A_AND_B, A_ONLY, NONE = (
    Scope(True, frozenset()),
    Scope(False, frozenset({10, 11})),
    Scope(False, frozenset({10})),
    Scope(False, frozenset()),
)


@pytest.mark.parametrize(
    ("user", "units", "scope", "expected"),
    [
        (ADMIN, [10, 11], ALL, True),
        (LEAD, [10, 11], A_AND_B, True),
        (LEAD, [10, 11], A_ONLY, False),  # one unit is someone else's
        (LEAD, [], A_ONLY, False),
        (EMPLOYEE, [10], NONE, False),
    ],
)
def test_can_manage(user, units, scope, expected):
    assert policy.can_manage(user, units, scope) is expected


@pytest.mark.parametrize(
    ("user", "trainer_id", "scope", "expected"),
    [(EMPLOYEE, 3, NONE, True), (EMPLOYEE, 4, NONE, False), (EMPLOYEE, None, NONE, False)],
)
def test_the_trainer_marks(user, trainer_id, scope, expected):
    assert policy.can_mark(user, [10], trainer_id, scope) is expected


@pytest.mark.parametrize(
    ("user", "person_id", "unit_id", "scope", "expected"),
    [
        (LEAD, 5, 10, A_ONLY, True),
        (LEAD, 2, 10, A_ONLY, False),  # never one's own place
        (LEAD, 5, 11, A_ONLY, False),
        (ADMIN, 5, 99, ALL, True),
        (EMPLOYEE, 5, 10, NONE, False),
    ],
)
def test_can_approve(user, person_id, unit_id, scope, expected):
    assert policy.can_approve(user, person_id, unit_id, scope) is expected
