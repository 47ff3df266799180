"""Counts per unit, kept by each server process and true whatever another process wrote.

The lead's start page and the coverage rules need, for each unit, how many people have a
mandatory requirement expired, expiring or missing, and how many hold each competence valid
today. Over a health trust those are counts over every obligation and standing, too slow to
make on every page view. So a process keeps them per unit beside the unit's token
(:class:`UnitVersion`) as it read it before counting, and counts again only the units whose
token has changed since, or all of them on a new day. Every transaction that changes a unit's
obligations or standings gives the unit a new token as it commits (:func:`touched`), so a kept
count is used only while it is true, and a page view still only reads.

A person with jobs in one unit is counted in it, so the counts of a set of units add up to the
count of their people. The few whose jobs are in several units (``Person.several_units``) are
left out of the kept counts and counted afresh for each question (:func:`shared_people`,
:func:`shared_holders`), so that a count over several units counts them once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, event, func, null, or_, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.competence.gaps import Status
from portal.competence.models import SHARED, Obligation, Standing, UnitVersion
from portal.competence.status_sql import in_status
from portal.org import jobs
from portal.org.models import Job, Person, Unit

#: The statuses whose people are counted (the start page's).
COUNTED = (Status.EXPIRED, Status.EXPIRING, Status.MISSING)

#: Units changed by the session's transaction, given new tokens as it commits.
_TOUCHED = "portal.touched_units"

#: What the session's transaction asked of :func:`of_units`, and the answers.
_ASKED = "portal.unit_counts_asked"

#: Ids per statement, well under every database's limit of parameters.
CHUNK = 5000


@dataclass(frozen=True)
class UnitCounts:
    """One unit's counts on one day."""

    #: Per status of :data:`COUNTED`: its people with a mandatory requirement in it.
    people: Mapping[Status, int]
    #: Per competence: its active people who hold it valid.
    holders: Mapping[int, int]


def touched(session: Session, unit_ids: Iterable[int | None]) -> None:
    """Note that this transaction changes the obligations or standings of these units."""
    session.info.setdefault(_TOUCHED, set()).update(u for u in unit_ids if u is not None)


def renew_all(session: Session) -> None:
    """Give every unit a new token (after writes that bypass the session: a restore, a
    rebuild, the scale fixture)."""
    touched(session, session.scalars(select(Unit.id)))


@event.listens_for(Session, "before_commit")
def _renew_touched(session: Session) -> None:
    # Flushed first, so that the last flush's units are known. The tokens are written last,
    # in the order of their ids: a transaction holds a unit's token only while it commits,
    # and two transactions take the tokens they share in the same order.
    session.flush()
    session.info.pop(_ASKED, None)
    units = sorted(session.info.pop(_TOUCHED, ()))
    for start in range(0, len(units), CHUNK):
        rows = [{"unit_id": u, "token": secrets.randbits(62)} for u in units[start : start + CHUNK]]
        session.connection().execute(_upsert(session, rows))


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_ASKED, None)


def _upsert(session: Session, rows: list[dict[str, int]]) -> Any:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(UnitVersion).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[UnitVersion.unit_id], set_={"token": statement.excluded.token}
    )


def of_units(
    session: Session, unit_ids: frozenset[int] | None, today: date, window: timedelta
) -> dict[int, UnitCounts]:
    """The counts of each of ``unit_ids`` (None: every unit): kept ones where still true, the
    rest counted now. Asked again in the same transaction, the same answer without a query."""
    asked = session.info.setdefault(_ASKED, {})
    if (unit_ids, today, window) not in asked:
        asked[unit_ids, today, window] = _of_units(session, unit_ids, today, window)
    return asked[unit_ids, today, window]


def _of_units(
    session: Session, unit_ids: frozenset[int] | None, today: date, window: timedelta
) -> dict[int, UnitCounts]:
    kept: dict[int, tuple[Any, UnitCounts]] = current_app.extensions.setdefault(
        "portal.unit_counts", {}
    )
    tokens = select(Unit.id, UnitVersion.token).outerjoin(
        UnitVersion, UnitVersion.unit_id == Unit.id
    )
    if unit_ids is not None:
        tokens = tokens.where(Unit.id.in_(unit_ids))
    keys = {unit_id: (token, today, window) for unit_id, token in session.execute(tokens)}
    stale = [u for u, key in keys.items() if u not in kept or kept[u][0] != key]
    if stale:
        every_unit = unit_ids is None and len(stale) == len(keys)
        counted = _count(session, None if every_unit else stale, today, window)
        for unit_id in stale:
            kept[unit_id] = (keys[unit_id], counted.get(unit_id, _EMPTY))
    return {unit_id: kept[unit_id][1] for unit_id in keys}


_EMPTY = UnitCounts({}, {})


def _count(
    session: Session, unit_ids: list[int] | None, today: date, window: timedelta
) -> dict[int, UnitCounts]:
    """Both counts of ``unit_ids`` (None: every unit), in one query a chunk of units."""
    people: dict[int, dict[Status, int]] = {}
    holders: dict[int, dict[int, int]] = {}
    chunks = (
        [None]
        if unit_ids is None
        else [unit_ids[start : start + CHUNK] for start in range(0, len(unit_ids), CHUNK)]
    )
    for chunk in chunks:
        both = union_all(_people_query(chunk, today, window), _holders_query(chunk, today))
        for unit_id, competence_id, *counts in session.execute(both):
            if competence_id is None:
                people[unit_id] = dict(zip(COUNTED, counts, strict=True))
            else:
                holders.setdefault(unit_id, {})[competence_id] = counts[0]
    return {
        unit_id: UnitCounts(people.get(unit_id, {}), holders.get(unit_id, {}))
        for unit_id in people.keys() | holders.keys()
    }


def _obligation_in(status: Status, today: date, window: timedelta) -> ColumnElement[bool]:
    return in_status(
        status,
        today=today,
        window=window,
        record_id=Obligation.record_id,
        expires_on=Obligation.expires_on,
        due_on=Obligation.due_on,
    )


def _people_query(unit_ids: list[int] | None, today: date, window: timedelta) -> Any:
    def in_(status: Status) -> Any:
        return _obligation_in(status, today, window)

    query = (
        select(
            Obligation.unit_id,
            null().label("competence_id"),
            *(func.count(Obligation.person_id.distinct()).filter(in_(s)) for s in COUNTED),
        )
        .where(
            Obligation.is_mandatory.is_(True),
            Obligation.shared.is_(False),
            or_(*(in_(s) for s in COUNTED)),
        )
        .group_by(Obligation.unit_id)
    )
    return query if unit_ids is None else query.where(Obligation.unit_id.in_(unit_ids))


def _valid_today(today: date) -> ColumnElement[bool]:
    return and_(
        Person.is_active.is_(True),
        Standing.record_id.is_not(None),
        Standing.achieved_on <= today,
        or_(Standing.expires_on.is_(None), Standing.expires_on >= today),
    )


def _holders_query(unit_ids: list[int] | None, today: date) -> Any:
    query = (
        select(
            Job.unit_id,
            Standing.competence_id,
            func.count(Standing.person_id.distinct()),
            # As many columns as the people's counts, to be read in the same query.
            *(null() for _ in COUNTED[1:]),
        )
        .join(Person, Person.id == Standing.person_id)
        .join(Job, Job.person_id == Person.id)
        .where(_valid_today(today), jobs.runs_on(today), Person.several_units.is_(False))
        .group_by(Job.unit_id, Standing.competence_id)
    )
    return query if unit_ids is None else query.where(Job.unit_id.in_(unit_ids))


@dataclass(frozen=True)
class Shared:
    """What the kept counts leave out of a question about some units: the people in several
    units, each once."""

    #: Per status of :data:`COUNTED`: those with a mandatory requirement of the units in it.
    people: Mapping[Status, int]
    #: (person, unit, competence) for each of their current jobs in the units and each
    #: competence they hold valid.
    holders: list[tuple[int, int, int]]


def shared(
    session: Session, unit_ids: frozenset[int] | None, today: date, window: timedelta
) -> Shared:
    """The people in several units for ``unit_ids`` (None: every unit): kept by the process
    like the counts, and counted again only when a token of one of the units has changed (or
    on a new day)."""
    counted = of_units(session, unit_ids, today, window)  # reads the tokens, once a transaction
    kept = current_app.extensions["portal.unit_counts"]
    version = tuple(kept[unit_id][0] for unit_id in sorted(counted))
    memo: dict[frozenset[int] | None, tuple[tuple, Shared]] = current_app.extensions.setdefault(
        "portal.shared_counts", {}
    )
    found = memo.get(unit_ids)
    if found is None or found[0] != version:
        found = memo[unit_ids] = (
            version,
            Shared(
                _shared_people(session, unit_ids, today, window),
                _shared_holders(session, unit_ids, today),
            ),
        )
    return found[1]


def _shared_people(
    session: Session, unit_ids: frozenset[int] | None, today: date, window: timedelta
) -> dict[Status, int]:
    """Per status of :data:`COUNTED`, the people in several units with a mandatory requirement
    of ``unit_ids`` (None: any unit) in it, each once: what the kept counts leave out."""
    query = select(
        *(
            func.count(Obligation.person_id.distinct()).filter(_obligation_in(s, today, window))
            for s in COUNTED
        )
    ).where(SHARED, Obligation.is_mandatory.is_(True))
    if unit_ids is not None:
        query = query.where(Obligation.unit_id.in_(unit_ids))
    return dict(zip(COUNTED, session.execute(query).one(), strict=True))


def _shared_holders(
    session: Session, unit_ids: frozenset[int] | None, today: date
) -> list[tuple[int, int, int]]:
    """(person, unit, competence) for each current job in ``unit_ids`` (None: any) of a person
    in several units who holds the competence valid today: what the kept counts leave out."""
    query = (
        select(Person.id, Job.unit_id, Standing.competence_id)
        .join(Person, Person.id == Standing.person_id)
        .join(Job, Job.person_id == Person.id)
        .where(_valid_today(today), jobs.runs_on(today), Person.several_units.is_(True))
        .distinct()
    )
    if unit_ids is not None:
        query = query.where(Job.unit_id.in_(unit_ids))
    return [
        (person_id, unit_id, competence_id)
        for person_id, unit_id, competence_id in session.execute(query)
    ]
