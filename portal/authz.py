"""Who may do what. Predicates are pure; the decorators and ``scope_of`` read the request.

A lead acts on the units they lead and every unit below them, nothing else; an administrator
acts on everything. Views load an object, then call a predicate with the user's :class:`Scope`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort, g
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.db import get_session
from portal.org.models import Person, Unit

RANK = {"employee": 0, "lead": 1, "admin": 2}


@dataclass(frozen=True)
class Scope:
    """The units a user may manage: all of them (administrator) or a set of subtrees."""

    is_all: bool
    unit_ids: frozenset[int]

    def covers(self, unit_id: int | None) -> bool:
        return self.is_all or (unit_id is not None and unit_id in self.unit_ids)

    @property
    def is_empty(self) -> bool:
        return not self.is_all and not self.unit_ids


def subtree_ids(edges: Iterable[tuple[int, int | None]], roots: Iterable[int]) -> frozenset[int]:
    """Every unit at or below ``roots``, from ``(unit_id, parent_id)`` pairs."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in edges:
        children.setdefault(parent_id, []).append(unit_id)
    found: set[int] = set()
    pending = list(roots)
    while pending:
        unit_id = pending.pop()
        if unit_id not in found:
            found.add(unit_id)
            pending.extend(children.get(unit_id, ()))
    return frozenset(found)


def has_access(user: Any, level: str) -> bool:
    return bool(user.is_authenticated) and RANK[user.access] >= RANK[level]


def can_manage_person(user: Any, person: Person, scope: Scope) -> bool:
    """An administrator manages everyone. A lead manages the people of their units, except
    themselves (nobody records or corrects their own competence, or changes their own
    access) and administrators."""
    if user.is_admin:
        return True
    return (
        user.is_lead
        and scope.covers(person.unit_id)
        and person.id != user.id
        and not person.is_admin
    )


def can_view_person(user: Any, person: Person, scope: Scope) -> bool:
    """Everyone sees themselves; leads see their units' people; administrators see all."""
    return person.id == user.id or user.is_admin or (user.is_lead and scope.covers(person.unit_id))


def can_manage_unit(user: Any, unit_id: int | None, scope: Scope) -> bool:
    return user.is_admin or (user.is_lead and scope.covers(unit_id))


def scope_of(user: Any) -> Scope:
    """The user's scope, read once per request."""
    if "portal_scope" not in g:
        g.portal_scope = _read_scope(user)
    return g.portal_scope


def _read_scope(user: Any) -> Scope:
    if not user.is_authenticated:
        return Scope(False, frozenset())
    if user.is_admin:
        return Scope(True, frozenset())
    if not user.is_lead:
        return Scope(False, frozenset())
    session = get_session()
    edges = session.execute(select(Unit.id, Unit.parent_id)).all()
    return Scope(False, subtree_ids(edges, (unit.id for unit in user.led_units)))


def require(ok: bool, status: int = 403) -> None:
    """Stop the request with ``status`` unless ``ok``."""
    if not ok:
        abort(status)


def access_required(level: str) -> Callable:
    """Let only users of at least ``level`` (employee < lead < admin) through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(has_access(current_user, level))
            return view(*args, **kwargs)

        return wrapped

    return decorator


lead_required = access_required("lead")
admin_required = access_required("admin")
