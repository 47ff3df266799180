from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from portal.authz import Scope, has_access, subtree_ids
from portal.org.models import Job
from portal.org.policy import (
    can_edit_person,
    can_manage_job,
    can_manage_person,
    can_see_job,
    can_set_password,
    can_view_person,
)

TREE = [(1, None), (2, 1), (3, 1), (4, 2), (5, 4), (6, 3)]


@pytest.mark.parametrize(
    ("roots", "expected"),
    [
        ([1], {1, 2, 3, 4, 5, 6}),
        ([2], {2, 4, 5}),
        ([3], {3, 6}),
        ([5], {5}),
        ([2, 3], {2, 3, 4, 5, 6}),
        ([], set()),
        ([99], {99}),
    ],
)
def test_subtree_is_the_units_at_and_below_the_roots(roots, expected):
    assert subtree_ids(TREE, roots) == frozenset(expected)


def test_subtree_survives_a_cycle():
    assert subtree_ids([(1, 2), (2, 1)], [1]) == {1, 2}


def user(access, uid=1):
    return SimpleNamespace(
        id=uid,
        access=access,
        is_authenticated=True,
        is_admin=access == "admin",
        is_lead=access == "lead",
    )


def person(uid, unit_id, access="employee"):
    """A person with one job, in ``unit_id``."""
    job = Job(unit_id=unit_id, starts_on=date(2020, 1, 1))
    return SimpleNamespace(id=uid, unit_id=unit_id, jobs=[job], is_admin=access == "admin")


LEAD_SCOPE = Scope(False, frozenset({2, 4}))


@pytest.mark.parametrize(
    ("who", "target", "scope", "manage", "view"),
    [
        (user("admin"), person(9, 3), Scope(True, frozenset()), True, True),
        (user("lead"), person(9, 4), LEAD_SCOPE, True, True),
        (user("lead"), person(9, 3), LEAD_SCOPE, False, False),
        (user("lead"), person(9, None), LEAD_SCOPE, False, False),
        (user("employee"), person(9, 2), Scope(False, frozenset()), False, False),
        (user("employee", uid=9), person(9, 2), Scope(False, frozenset()), False, True),
        (user("lead", uid=9), person(9, 4), LEAD_SCOPE, False, True),
        (user("lead"), person(9, 4, access="admin"), LEAD_SCOPE, False, True),
    ],
)
def test_person_predicates(who, target, scope, manage, view):
    assert can_manage_person(who, target, scope) is manage
    assert can_view_person(who, target, scope) is view


@pytest.mark.parametrize(
    ("who", "target", "led", "scope", "ok"),
    [
        (user("admin"), person(9, 3, access="admin"), (), Scope(True, frozenset()), True),
        (user("lead"), person(9, 4), (), LEAD_SCOPE, True),
        (user("lead"), person(9, 4), (4,), LEAD_SCOPE, True),  # a lead below, inside
        (user("lead"), person(9, 4), (4, 3), LEAD_SCOPE, False),  # also leads outside
        (user("lead"), person(9, 3), (), LEAD_SCOPE, False),
        (user("lead"), person(9, 4, access="admin"), (), LEAD_SCOPE, False),
        (user("lead", uid=9), person(9, 4), (4,), LEAD_SCOPE, False),  # oneself
        (user("employee"), person(9, 2), (), Scope(False, frozenset()), False),
    ],
)
def test_who_may_set_a_new_password(who, target, led, scope, ok):
    assert can_set_password(who, target, scope, led) is ok


@pytest.mark.parametrize(
    ("access", "level", "ok"),
    [
        ("employee", "employee", True),
        ("employee", "lead", False),
        ("lead", "lead", True),
        ("lead", "admin", False),
        ("admin", "lead", True),
        ("admin", "admin", True),
    ],
)
def test_access_levels_are_ordered(access, level, ok):
    assert has_access(user(access), level) is ok


# A person whose main job is in unit 3 and who has another job in unit 4 (the lead's).
@pytest.mark.parametrize(
    ("who", "target", "job_unit", "see", "manage"),
    [
        (user("admin"), person(9, 3), 3, True, True),
        (user("lead"), person(9, 3), 4, True, True),
        (user("lead"), person(9, 3), 3, False, False),
        (user("lead"), person(9, 4, access="admin"), 4, True, False),
        (user("lead", uid=9), person(9, 4), 4, True, False),
        (user("employee", uid=9), person(9, 3), 3, True, False),
        (user("employee"), person(8, 4), 4, False, False),
    ],
)
def test_a_job_is_seen_and_managed_by_the_leads_of_its_unit(who, target, job_unit, see, manage):
    assert can_see_job(who, target, job_unit, LEAD_SCOPE) is see
    assert can_manage_job(who, target, job_unit, LEAD_SCOPE) is manage


def in_two_units(main: int, other: int):
    """A person whose main job is in ``main`` and who has another job in ``other``."""
    target = person(9, main)
    target.jobs.append(Job(unit_id=other, starts_on=date(2021, 1, 1), employment_percent=20))
    return target


@pytest.mark.parametrize(
    ("main", "other", "view", "edit", "password"),
    [
        (3, 4, True, False, False),  # the lead has the other job's unit
        (4, 3, True, True, False),  # the main job's, but not the other's
        (4, 2, True, True, True),  # both
        (3, 6, False, False, False),  # neither
    ],
)
def test_a_lead_of_either_job_sees_her_the_main_jobs_edits_her_only_one_of_both_sets_a_password(
    main, other, view, edit, password
):
    lead, target = user("lead"), in_two_units(main, other)
    assert can_view_person(lead, target, LEAD_SCOPE) is view
    assert can_manage_person(lead, target, LEAD_SCOPE) is view
    assert can_edit_person(lead, target, LEAD_SCOPE) is edit
    assert can_set_password(lead, target, LEAD_SCOPE, ()) is password
