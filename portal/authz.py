"""Who may do what. Predicates are pure; the decorators and ``scope_of`` read the request.

A lead acts on the units they lead and every unit below them, nothing else; an administrator
acts on everything. Views load an object, then call a predicate with the user's :class:`Scope`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

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


def can_manage_unit(user: Any, unit_id: int | None, scope: Scope) -> bool:
    return user.is_admin or (user.is_lead and scope.covers(unit_id))


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
