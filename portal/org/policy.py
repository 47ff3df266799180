"""Who may see and manage whom: predicates of the user, the person and the user's scope. A
lead manages the people with a current job in their units (:func:`works_in`), and sees and
changes only those jobs."""

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
    return lead_may_manage(user, person) and works_in(person, scope)


def can_edit_person(user: Any, person: Person, scope: Scope) -> bool:
    """The person form, which changes the main job too: an administrator, or a lead who may
    manage the person and leads the main job's unit."""
    return can_manage_person(user, person, scope) and scope.covers(person.unit_id)


def lead_may_manage(user: Any, person: Person) -> bool:
    """Whether ``user`` is a lead who may manage ``person`` where their units allow it: not
    themselves, no administrator, and not the lead they stand in for."""
    return (
        user.is_lead
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
    """Everyone sees themselves; leads see the people with a job in their units;
    administrators see all."""
    return person.id == user.id or user.is_admin or (user.is_lead and works_in(person, scope))


def can_set_password(user: Any, person: Person, scope: Scope, led_unit_ids: Iterable[int]) -> bool:
    """An administrator sets anyone's password. A lead sets a temporary one for the people of
    their units, but not their own (that is the change form, with the current password), not
    an administrator's, not of someone with a job outside their units, and not a lead's who
    leads a unit outside theirs: whoever knows the new password has that person's access and
    sees their own data, so it must be no more than the lead already sees.

    :param led_unit_ids: the units ``person`` leads
    """
    if user.is_admin:
        return True
    units = [*jobs.unit_ids_of(person, clock.today()), *led_unit_ids]
    return can_manage_person(user, person, scope) and all(scope.covers(u) for u in units)


def can_see_job(user: Any, person: Person, job_unit_id: int, scope: Scope) -> bool:
    """A job's unit, position, share and days: for the person, an administrator and the
    leads of the job's unit; another job's lead learns only that the job exists."""
    return person.id == user.id or user.is_admin or (user.is_lead and scope.covers(job_unit_id))


def can_manage_job(user: Any, person: Person, job_unit_id: int, scope: Scope) -> bool:
    """Start, change or end a job in ``job_unit_id``: an administrator anywhere, a lead in
    their units for the people they may manage."""
    return user.is_admin or (lead_may_manage(user, person) and scope.covers(job_unit_id))
