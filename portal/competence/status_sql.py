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
    position_since: Column,
    due_days: Column,
) -> ColumnElement[str]:
    """The status of one requirement of one person, from the columns of their standing (an
    outer join: ``record_id`` is NULL when they hold nothing) and of the requirement."""
    held = record_id.is_not(None)
    return case(
        (and_(held, or_(expires_on.is_(None), expires_on > today + window)), Status.OK.value),
        (and_(held, expires_on >= today), Status.EXPIRING.value),
        (days_after(position_since, due_days) >= today, Status.NOT_DUE.value),
        (held, Status.EXPIRED.value),
        else_=Status.MISSING.value,
    )
