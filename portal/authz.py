"""Who may do what, in one shape for every feature.

Every view declares its access level with one decorator: :func:`public`,
:func:`employee_required`, :func:`lead_required` or :func:`admin_required`; the level is kept on
the view as ``access_level`` so tests can read what each route expects. Below the level, each
feature's pure ``can_*(user, obj, scope)`` predicates decide about one object, called right after
the view loads it: ``require(can_decide(current_user, application, scope_of(current_user)))``.

A lead acts on the units they lead and every unit below them, nothing else; a stand-in
(stedfortreder) acts as the lead in the units handed to them, on the days of the deputyship;
an administrator acts on everything.

The rule for refusals: a user who is not logged in is sent to the login page; a user below the
view's level, or outside the object's units, gets 403; an id that does not exist, and an object
that belongs to one other person alone (their notification, quiz attempt or certificate), gets
404, so that nobody learns that someone else's thing exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

RANK = {"employee": 0, "lead": 1, "admin": 2}
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Scope:
    """The units a user may manage: all of them (administrator) or a set of subtrees."""

    is_all: bool
    unit_ids: frozenset[int]

    def covers(self, unit_id: int | None) -> bool:
        return self.is_all or (unit_id is not None and unit_id in self.unit_ids)

    def covers_any(self, unit_ids: Iterable[int]) -> bool:
        """Whether one of ``unit_ids`` is covered (a person with a job in one of them)."""
        return self.is_all or not self.unit_ids.isdisjoint(unit_ids)

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
    """Whether ``user`` reaches ``level``; a stand-in for a lead reaches "lead" while their
    deputyship runs (``access_level``)."""
    return (
        bool(user.is_authenticated)
        and RANK[getattr(user, "access_level", user.access)] >= RANK[level]
    )


def can_manage_unit(user: Any, unit_id: int | None, scope: Scope) -> bool:
    return user.is_admin or (user.is_lead and scope.covers(unit_id))


def require(ok: bool, status: int = 403) -> None:
    """Stop the request with ``status`` unless ``ok``."""
    if not ok:
        abort(status)


def require_own(ok: bool) -> None:
    """Stop with 404 unless ``ok``: for a thing that belongs to one other person alone."""
    require(ok, 404)


def access_required(level: str) -> Callable[[F], F]:
    """Let only logged-in users of at least ``level`` (employee < lead < admin) through;
    others get 403, and anonymous users are sent to the login page."""

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require(has_access(current_user, level))
            return view(*args, **kwargs)

        wrapped.access_level = level  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorator


def public(view: F) -> F:
    """A view anyone may use, logged in or not."""
    view.access_level = "public"  # type: ignore[attr-defined]
    return view


employee_required = access_required("employee")
lead_required = access_required("lead")
admin_required = access_required("admin")
