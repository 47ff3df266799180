"""The gap rule of :func:`portal.competence.gaps.status_on`, as a SQL expression over the kept
standings, for counts that must not grow with the organisation (the start page, the summary).

The same decisions at the same boundaries as the pure rule; ``tests/unit/competence`` checks
that the two agree on every boundary. Date arithmetic differs between the databases, so
:class:`days_after` compiles to each one's form.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from portal.competence.gaps import Status

Column = ColumnElement[Any] | QueryableAttribute[Any]


class days_after(FunctionElement[date]):  # noqa: N801 (a SQL function, named as one)
    """``day + days`` (a date column plus an integer column), on every database."""

    type = Date()
    inherit_cache = True


@compiles(days_after, "postgresql")
def _days_after_postgresql(element: days_after, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(days, **kw)})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element: days_after, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


def status_expression(
    *,
    today: date,
    window: timedelta,
    record_id: Column,
    expires_on: Column,
    due_on: Column,
) -> ColumnElement[str]:
    """The status of one requirement of one person, from the columns of their standing (an
    outer join: ``record_id`` is NULL when they hold nothing) and the last day it is not due."""
    held = record_id.is_not(None)
    return case(
        (and_(held, or_(expires_on.is_(None), expires_on > today + window)), Status.OK.value),
        (and_(held, expires_on >= today), Status.EXPIRING.value),
        (due_on >= today, Status.NOT_DUE.value),
        (held, Status.EXPIRED.value),
        else_=Status.MISSING.value,
    )


def in_status(
    status: Status,
    *,
    today: date,
    window: timedelta,
    record_id: Column,
    expires_on: Column,
    due_on: Column,
) -> ColumnElement[bool]:
    """``status_expression(...) == status``, written as ranges of dates, so that a count of
    one status reads an index of the obligations instead of every row."""
    held, unheld = record_id.is_not(None), record_id.is_(None)
    lapsed = and_(held, expires_on < today)
    return {
        Status.OK: and_(held, or_(expires_on.is_(None), expires_on > today + window)),
        Status.EXPIRING: and_(held, expires_on >= today, expires_on <= today + window),
        Status.NOT_DUE: and_(due_on >= today, or_(unheld, lapsed)),
        Status.EXPIRED: and_(lapsed, due_on < today),
        Status.MISSING: and_(unheld, due_on < today),
    }[status]
