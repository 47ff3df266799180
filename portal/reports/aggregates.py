"""Counts and rows of the gap report computed by the database over the kept obligations (a row
per person and requirement with the dates of their standing): a fixed number of queries, and
nothing in memory that grows with the organisation. For the lead's start page, the summary and
the CSV; the statuses are :mod:`portal.competence.status_sql`, the gap rule in SQL."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    Integer,
    Select,
    any_,
    bindparam,
    exists,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from portal.authz import Scope
from portal.competence import unit_counts
from portal.competence.gaps import Status
from portal.competence.models import SHARED, Competence, Obligation
from portal.competence.status_sql import in_status, status_expression
from portal.org.models import Person, Position, Unit
from portal.reports.matrix import Tally
from portal.reports.queries import (
    Filters,
    obligation_conditions,
    person_conditions,
    raw_rows,
    unit_ids,
)


def _status(today: date, window: timedelta) -> ColumnElement[str]:
    """The status of each obligation, in SQL."""
    return status_expression(today=today, window=window, **_dates())


def _in_status(status: Status, today: date, window: timedelta) -> ColumnElement[bool]:
    return in_status(status, today=today, window=window, **_dates())


def _dates() -> dict[str, Any]:
    return {
        "record_id": Obligation.record_id,
        "expires_on": Obligation.expires_on,
        "due_on": Obligation.due_on,
    }


def _filtered(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> list[ColumnElement[bool]]:
    """:func:`obligation_conditions`, and with a status in ``filters`` only the people with
    at least one requirement in it."""
    conditions = obligation_conditions(session, scope, filters)
    if filters.status is None:
        return conditions
    chosen = aliased(Obligation)
    in_chosen_status = in_status(
        filters.status,
        today=today,
        window=window,
        record_id=chosen.record_id,
        expires_on=chosen.expires_on,
        due_on=chosen.due_on,
    )
    return [
        *conditions,
        Obligation.person_id.in_(
            select(chosen.person_id).where(
                in_chosen_status, *obligation_conditions(session, scope, filters, chosen)
            )
        ),
    ]


@dataclass(frozen=True)
class StatusGroup:
    """The people with a mandatory requirement in one status: how many, and the first few."""

    status: Status
    count: int
    people: list[tuple[int, str]]  # (person_id, name), by name


def people_by_status(
    session: Session,
    scope: Scope,
    today: date,
    window: timedelta,
    statuses: Sequence[Status],
    limit: int,
) -> list[StatusGroup]:
    """For the start page: per status, the people with a *mandatory* requirement in it.

    How many comes from the kept counts of their units (:mod:`portal.competence.unit_counts`);
    the first names walk the people by name, each asking an index of the obligations whether
    they have such a requirement, and stop at ``limit``."""
    conditions = obligation_conditions(session, scope, Filters())
    units = unit_ids(session, scope, None)
    counts = unit_counts.of_units(session, units, today, window).values()
    shared = unit_counts.shared(session, units, today, window).people

    def in_(status: Status) -> list[ColumnElement[bool]]:
        return [Obligation.is_mandatory.is_(True), _in_status(status, today, window), *conditions]

    # One query: per status, its first names.
    first = [
        select(literal(status.value).label("status"), Person.id, Person.name)
        .where(exists().where(Obligation.person_id == Person.id, *in_(status)))
        .order_by(func.lower(Person.name), Person.id)
        .limit(limit)
        .subquery()
        for status in statuses
    ]
    names: dict[str, list[tuple[int, str]]] = {s.value: [] for s in statuses}
    for status, person_id, name in session.execute(union_all(*(select(f) for f in first))):
        names[status].append((person_id, name))
    return [
        StatusGroup(s, shared[s] + sum(tally.people.get(s, 0) for tally in counts), names[s.value])
        for s in statuses
    ]


#: The statuses a summary counts by their ranges of dates; the rest of the cells are OK.
_COUNTED = (Status.EXPIRING, Status.EXPIRED, Status.MISSING, Status.NOT_DUE)


def tallies(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> tuple[list[Tally], list[Tally]]:
    """The summary per competence and per unit, counted by the database in one pass over the
    obligations, in the order of an index that holds all it reads (so no sorting either)."""
    counts = (
        select(
            Obligation.competence_id,
            Obligation.unit_id,
            Obligation.is_mandatory,
            func.count(),
            *(func.count().filter(_in_status(status, today, window)) for status in _COUNTED),
        )
        .where(*_filtered(session, scope, filters, today, window))
        .group_by(Obligation.competence_id, Obligation.unit_id, Obligation.is_mandatory)
    )
    rows = session.execute(counts).all()
    per_competence = _named(session, select(Competence.id, Competence.name), {r[0] for r in rows})
    per_unit = _named(session, select(Unit.id, Unit.name), {r[1] for r in rows})
    for competence_id, unit_id, is_mandatory, total, *counted in rows:
        for status, count in _by_status(total, counted):
            per_competence[competence_id].add_count(status, bool(is_mandatory), count)
            per_unit[unit_id].add_count(status, bool(is_mandatory), count)
    for competence_id, is_mandatory, status, count in _counted_twice(
        session, scope, filters, today, window
    ):
        per_competence[competence_id].add_count(status, is_mandatory, -count)
    return _by_label(per_competence), _by_label(per_unit)


def _counted_twice(
    session: Session, scope: Scope, filters: Filters, today: date, window: timedelta
) -> Iterator[tuple[int, bool, Status, int]]:
    """How many times too often the count per competence has each status: a competence that
    jobs in several of the report's units require is one requirement of the person, counted
    once per unit. Only the few people in several units have such rows: they are read first,
    by their own index (materialised, so that no database walks another index to group them),
    then counted; per unit, each row counts."""
    rows = (
        select(
            Obligation.person_id,
            Obligation.competence_id,
            Obligation.is_mandatory,
            *_dates().values(),
        )
        .where(SHARED, *_filtered(session, scope, filters, today, window))
        .cte("shared_rows")
        .prefix_with("MATERIALIZED")
    )
    dates = {name: rows.c[name] for name in _dates()}

    def twice(condition: Any) -> Any:
        once = func.count(rows.c.person_id.distinct())
        return func.count().filter(condition) - once.filter(condition)

    query = select(
        rows.c.competence_id,
        rows.c.is_mandatory,
        twice(true()),
        *(twice(in_status(status, today=today, window=window, **dates)) for status in _COUNTED),
    ).group_by(rows.c.competence_id, rows.c.is_mandatory)
    for competence_id, is_mandatory, total, *counted in session.execute(query):
        for status, count in _by_status(total, counted):
            yield competence_id, bool(is_mandatory), status, count


def _by_status(total: int, counted: Sequence[int]) -> Iterator[tuple[Status, int]]:
    """The non-zero counts per status, from a total and the counts of :data:`_COUNTED` (the
    rest are OK)."""
    for status, count in ((Status.OK, total - sum(counted)), *zip(_COUNTED, counted, strict=True)):
        if count:
            yield status, count


def _named(session: Session, names: Select, ids: set[int]) -> dict[int, Tally]:
    """An empty tally for each of ``ids``, named by ``names`` (``id, name``)."""
    return {key: Tally(name, key) for key, name in session.execute(names) if key in ids}


def _by_label(tallies: dict[int, Tally]) -> list[Tally]:
    return sorted(tallies.values(), key=lambda t: t.label)


#: People per query of their obligations while a CSV streams.
CSV_BATCH = 1000


def csv_rows(
    session: Session,
    scope: Scope,
    filters: Filters,
    today: date,
    window: timedelta,
    *,
    sort: str = "name",
    descending: bool = False,
) -> Iterator[tuple]:
    """The gap CSV's rows (CONTRACT.md's columns; dates as the driver gives them: dates, or ISO
    text from SQLite), in the page's order of people and then by competence.

    The people come from a server-side cursor in that order (read through an index, never
    sorted whole), and their obligations a batch of people at a time; units, positions and
    competences are named from one read of each. Nothing holds every row, whatever the size
    of the organisation, and the database never sorts the rows."""
    # Keyed as people's columns are typed (optional): only people with both have lines.
    units: dict[int | None, str] = {k: v for k, v in session.execute(select(Unit.id, Unit.name))}
    positions: dict[int | None, str] = {
        k: v for k, v in session.execute(select(Position.id, Position.name))
    }
    competences = session.execute(
        select(Competence.id, Competence.name).order_by(Competence.name, Competence.id)
    ).all()
    rank = {competence_id: n for n, (competence_id, _name) in enumerate(competences)}
    names = dict(competences)
    people = (
        select(Person.id, Person.email, Person.name, Person.unit_id, Person.position_id)
        .join(Unit, Unit.id == Person.unit_id)
        .join(Position, Position.id == Person.position_id)
        .where(*person_conditions(session, scope, filters))
        .order_by(*_csv_order(sort, descending, today, window))
    )
    status = _status(today, window)
    of_people = select(
        Obligation.person_id,
        Obligation.competence_id,
        Obligation.is_mandatory,
        status,
        Obligation.achieved_on,
        Obligation.expires_on,
        Obligation.unit_id,
        Obligation.position_id,
    ).where(*obligation_conditions(session, scope, filters))
    if filters.status is not None:
        of_people = of_people.where(_in_status(filters.status, today, window))
    of_batch = _for_batches(session, of_people, Obligation.person_id)
    streamed = session.connection().execute(
        people.execution_options(stream_results=True, yield_per=CSV_BATCH)
    )
    for batch in streamed.partitions():
        found: dict[int, list] = {}
        ids = [person[0] for person in batch]
        for row in raw_rows(session, of_batch(ids)):
            found.setdefault(row[0], []).append(row)
        for person_id, email, name, main_unit_id, _position_id in batch:
            for row in _one_per_competence(found.get(person_id, ()), rank, main_unit_id):
                _p, competence_id, is_mandatory, cell, achieved_on, expires_on, unit, role = row
                yield (
                    email,
                    name,
                    units[unit],
                    positions[role],
                    names[competence_id],
                    is_mandatory,
                    cell,
                    achieved_on,
                    expires_on,
                )


def _one_per_competence(
    rows: Iterable[Sequence], rank: dict[int, int], main_unit_id: int | None
) -> Iterator[Sequence]:
    """A person's rows in the order of their competences, one each: a competence that jobs in
    two of the report's units require is one line, with the unit and role of the main job
    where that is one of them (the rows agree on all else)."""
    seen = None
    for row in sorted(rows, key=lambda r: (rank[r[1]], r[6] != main_unit_id, r[6])):
        if row[1] != seen:
            seen = row[1]
            yield row


def _for_batches(session: Session, query: Select, column: Any) -> Callable[[list[int]], Select]:
    """``query`` for a batch of ids of ``column``: on PostgreSQL with the ids as one array, so
    that the statement is the same short text for every batch (parsed once)."""
    if session.get_bind().dialect.name == "postgresql":
        return lambda ids: query.where(column == any_(bindparam("ids", ids, ARRAY(Integer))))
    return lambda ids: query.where(column.in_(ids))


def _csv_order(sort: str, descending: bool, today: date, window: timedelta) -> list:
    """The people in the page's order (``matrix.sort_rows``): by unit, position or number of
    gaps, then by name."""
    keys: list = {"unit": [func.lower(Unit.name)], "position": [func.lower(Position.name)]}.get(
        sort, []
    )
    if sort == "gaps":
        keys = [_gap_count(today, window)]
    name = [func.lower(Person.name), Person.id]
    if sort == "name":
        return [key.desc() for key in name] if descending else name
    return [key.desc() if descending else key for key in keys] + name


def _gap_count(today: date, window: timedelta):
    """The number of the person's mandatory requirements that are expired or missing."""
    each = aliased(Obligation)
    status = status_expression(
        today=today,
        window=window,
        record_id=each.record_id,
        expires_on=each.expires_on,
        due_on=each.due_on,
    )
    return (
        select(func.count())
        .select_from(each)
        .where(
            each.person_id == Person.id,
            each.is_mandatory.is_(True),
            status.in_([Status.EXPIRED.value, Status.MISSING.value]),
        )
        .correlate(Person)
        .scalar_subquery()
    )
