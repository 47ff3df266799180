"""The units a user may manage, read once per request."""

from __future__ import annotations

from typing import Any

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.authz import Scope, subtree_ids
from portal.db import get_session
from portal.org.models import Unit


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
    edges = unit_edges(get_session())
    return Scope(False, subtree_ids(edges, (unit.id for unit in user.led_units)))


def unit_edges(session: Session) -> list[tuple[int, int | None]]:
    """Every unit's ``(id, parent_id)``, read once per database session: scopes, subtrees and
    coverage all walk the same tree, and a request or a command is one session."""
    if _EDGES not in session.info:
        rows = session.execute(select(Unit.id, Unit.parent_id)).all()
        session.info[_EDGES] = [(unit_id, parent_id) for unit_id, parent_id in rows]
    return session.info[_EDGES]


_EDGES = "portal.unit_edges"
