"""Who may do what with a session and its seats. Pure: plain values in, a yes or no out."""

from __future__ import annotations

from typing import Any

from portal.authz import Scope, can_manage_unit


def can_manage(user: Any, unit_ids: list[int], scope: Scope) -> bool:
    """Create, cancel and book a session: an administrator, or a lead of every unit it is for."""
    if user.is_admin:
        return True
    return bool(user.is_lead and unit_ids and all(scope.covers(u) for u in unit_ids))


def can_mark(user: Any, unit_ids: list[int], trainer_id: int | None, scope: Scope) -> bool:
    """Mark attendance: whoever manages the session, and its trainer."""
    return can_manage(user, unit_ids, scope) or (trainer_id is not None and trainer_id == user.id)


def can_approve(user: Any, person_id: int, person_unit_id: int | None, scope: Scope) -> bool:
    """Approve a paid seat: the lead of the person's unit (or above it), never on their own."""
    return person_id != user.id and can_manage_unit(user, person_unit_id, scope)


def can_see(user: Any, *, fits: bool, has_seat: bool, marks: bool, approves: bool) -> bool:
    """See a session: those it is for, those with a seat on it, and those who run it."""
    return fits or has_seat or marks or approves


def units_to_hold_for(user: Any, fitting_unit_ids: frozenset[int], scope: Scope) -> set[int]:
    """The units of a session the user may hold places for: those of its units (and the units
    below them) that they lead, or all of them for an administrator."""
    if user.is_admin:
        return set(fitting_unit_ids)
    if not user.is_lead:
        return set()
    return {unit_id for unit_id in fitting_unit_ids if scope.covers(unit_id)}
