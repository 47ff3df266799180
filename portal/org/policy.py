"""Who may see and manage whom: predicates of the user, the person and the user's scope. A
lead manages the people with a current job in their units (:func:`works_in`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from portal import clock
from portal.authz import Scope
from portal.org import jobs
from portal.org.models import Person


def can_manage_person(user: Any, person: Person, scope: Scope) -> bool:
    """An administrator manages everyone. A lead manages the people of their units, except
    themselves (nobody records or corrects their own competence, or changes their own
    access), administrators, and the lead they stand in for."""
    if user.is_admin:
        return True
    return (
        user.is_lead
        and works_in(person, scope)
        and person.id != user.id
        and not person.is_admin
        and all(deputyship.lead_id != person.id for deputyship in standing_in(user))
    )


def works_in(person: Person, scope: Scope) -> bool:
    """Whether the person has a job today in the scope's units."""
    return scope.covers_any(jobs.unit_ids_of(person, clock.today()))


def standing_in(user: Any) -> list[Any]:
    """The deputyships that make ``user`` a stand-in today (none for a plain object)."""
    return list(getattr(user, "standing_in", ()))


def can_view_person(user: Any, person: Person, scope: Scope) -> bool:
    """Everyone sees themselves; leads see their units' people; administrators see all."""
    return person.id == user.id or user.is_admin or (user.is_lead and works_in(person, scope))


def can_set_password(user: Any, person: Person, scope: Scope, led_unit_ids: Iterable[int]) -> bool:
    """An administrator sets anyone's password. A lead sets a temporary one for the people of
    their units, but not their own (that is the change form, with the current password), not
    an administrator's, and not a lead's who leads a unit outside theirs: whoever knows the new
    password has that person's access, so it must be no more than the lead already has.

    :param led_unit_ids: the units ``person`` leads
    """
    if user.is_admin:
        return True
    return can_manage_person(user, person, scope) and all(scope.covers(u) for u in led_unit_ids)
