"""Keeping the obligations (:class:`portal.competence.models.Obligation`): one row per active
person and requirement of their position, with the dates of their standing.

They follow every write, in its own transaction and without any caller asking:

- a flush that adds or changes a person (unit, position, the day they took it up, active),
  a requirement, or a standing refills the rows of that person, position or pair, or of the
  pairs' people when there are many (an import) (:func:`_follow_flush`);
- the bulk statements that bypass the session say so through ``org.signals.people_written``
  (the people import) or call :func:`rebuild` (a restore, the demo, the scale fixture).

A refill first locks the rows of the people it refills, so that of two transactions that both
change what a person's rows say (a new record and a new requirement, say) the second reads only
after the first committed. :func:`check` compares every row with what people, requirements and
standings say, in the database; :func:`rebuild` mends what disagrees
(``portal standings check`` / ``rebuild``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    delete,
    event,
    insert,
    inspect,
    select,
    tuple_,
)
from sqlalchemy.orm import Session, UOWTransaction

from portal.competence import unit_counts
from portal.competence.models import Obligation, Requirement, Standing
from portal.competence.status_sql import days_after
from portal.org.models import Person
from portal.org.signals import people_written

logger = logging.getLogger(__name__)

Pair = tuple[int, int]  # (person_id, competence_id)

#: What a person's rows depend on, besides their requirements and standings.
PERSON_FIELDS = ("unit_id", "position_id", "position_since", "is_active")

COLUMNS = (
    "person_id",
    "competence_id",
    "unit_id",
    "position_id",
    "is_mandatory",
    "due_on",
    "record_id",
    "achieved_on",
    "expires_on",
)

#: The table itself: the rows are written and compared by statements, never as objects.
TABLE = cast(Table, Obligation.__table__)

#: Statements name at most this many ids, well under every database's limit of parameters.
CHUNK = 5000

#: More standings than this changed in one flush refill their people's rows whole.
MANY_PAIRS = 100


def expected(*conditions: ColumnElement[bool]) -> Select:
    """What the rows should be (:data:`COLUMNS`, in order), for the people, requirements and
    standings that match ``conditions``."""
    return (
        select(
            Person.id,
            Requirement.competence_id,
            Person.unit_id,
            Person.position_id,
            Requirement.is_mandatory,
            days_after(Person.position_since, Requirement.due_days),
            Standing.record_id,
            Standing.achieved_on,
            Standing.expires_on,
        )
        .join(Requirement, Requirement.position_id == Person.position_id)
        .outerjoin(
            Standing,
            and_(
                Standing.person_id == Person.id,
                Standing.competence_id == Requirement.competence_id,
            ),
        )
        .where(Person.is_active.is_(True), Person.unit_id.is_not(None), *conditions)
    )


def _kept(*conditions: ColumnElement[bool]) -> Select:
    return select(*(TABLE.c[name] for name in COLUMNS)).where(*conditions)


def _refill(
    session: Session,
    locked: ColumnElement[bool],
    kept: ColumnElement[bool],
    wanted: ColumnElement[bool],
) -> None:
    """Lock the people of ``locked``, drop the rows of ``kept`` and write those of ``wanted``."""
    connection = session.connection()
    people = select(Person.id, Person.unit_id).where(locked).order_by(Person.id)
    now_in = {unit_id for _id, unit_id in connection.execute(people.with_for_update())}
    dropped = delete(TABLE).where(kept).returning(TABLE.c.unit_id)
    were_in = set(connection.execute(dropped).scalars())
    connection.execute(insert(TABLE).from_select(list(COLUMNS), expected(wanted)))
    unit_counts.touched(session, now_in | were_in)


def refresh_people(session: Session, person_ids: Iterable[int]) -> None:
    """Refill every row of these people."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _refill(
            session,
            Person.id.in_(chunk),
            TABLE.c.person_id.in_(chunk),
            Person.id.in_(chunk),
        )


def refresh_positions(session: Session, position_ids: Iterable[int]) -> None:
    """Refill the rows of everyone in these positions (a requirement was set or removed)."""
    for position_id in sorted(set(position_ids)):
        _refill(
            session,
            Person.position_id == position_id,
            TABLE.c.position_id == position_id,
            Person.position_id == position_id,
        )


def refresh_pairs(session: Session, pairs: Iterable[Pair]) -> None:
    """Refill the rows of these (person, competence) pairs (a standing changed)."""
    chosen = sorted(set(pairs))
    for start in range(0, len(chosen), CHUNK):
        chunk = chosen[start : start + CHUNK]
        _refill(
            session,
            Person.id.in_({person_id for person_id, _ in chunk}),
            tuple_(TABLE.c.person_id, TABLE.c.competence_id).in_(chunk),
            tuple_(Person.id, Requirement.competence_id).in_(chunk),
        )


@dataclass(frozen=True)
class Disagreement:
    pair: Pair
    kept: tuple | None
    expected: tuple | None

    def __str__(self) -> str:
        person_id, competence_id = self.pair
        return (
            f"obligation of person {person_id}, competence {competence_id}: "
            f"kept {_describe(self.kept)}, should be {_describe(self.expected)}"
        )


def _describe(row: tuple | None) -> str:
    if row is None:
        return "nothing"
    return ", ".join(f"{name} {value}" for name, value in zip(COLUMNS[2:], row[2:], strict=True))


def check(session: Session) -> list[Disagreement]:
    """Every row that is not what people, requirements and standings say, and every row that
    is missing: compared by the database, both ways."""
    kept, wanted = _kept(), expected()
    rows_kept = _rows(session, kept.except_(wanted))
    rows_wanted = _rows(session, wanted.except_(kept))
    return [
        Disagreement(pair, rows_kept.get(pair), rows_wanted.get(pair))
        for pair in sorted(rows_kept.keys() | rows_wanted.keys())
    ]


def _rows(session: Session, query: Any) -> dict[Pair, tuple]:
    return {
        (row[0], row[1]): tuple(_plain(value) for value in row)
        for row in session.connection().execute(query)
    }


def _plain(value: Any) -> Any:
    # SQLite gives dates computed in SQL back as text; compare and print them alike.
    return value.isoformat() if hasattr(value, "isoformat") else value


def rebuild(session: Session) -> int:
    """Mend every row that disagrees; the number of pairs mended. Running it again mends
    nothing."""
    wrong = check(session)
    if wrong:
        refresh_people(session, {d.pair[0] for d in wrong})
        logger.info("obligations: mended %d", len(wrong))
    return len(wrong)


def fill(session: Session) -> None:
    """Write every row into an empty table at once (scale fixture)."""
    session.connection().execute(insert(TABLE).from_select(list(COLUMNS), expected()))


def _changed(instance: Any, fields: Sequence[str]) -> bool:
    state = inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "after_flush")
def _follow_flush(session: Session, _context: UOWTransaction) -> None:
    """Refill the rows of whatever this flush wrote: after its statements, in its transaction.
    (The session's lists still show what the flush wrote.)"""
    people: set[int] = set()
    positions: set[int] = set()
    pairs: set[Pair] = set()
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, Person) and (
            instance in session.new or _changed(instance, PERSON_FIELDS)
        ):
            people.add(instance.id)
            # A person who moved leaves their holders' counts in the unit they left.
            unit_counts.touched(session, inspect(instance).attrs.unit_id.history.deleted)
        elif isinstance(instance, Requirement):
            history = inspect(instance).attrs.position_id.history
            positions.update(p for p in chain(history.deleted, [instance.position_id]) if p)
        elif isinstance(instance, Standing):
            pairs.add((instance.person_id, instance.competence_id))
    if people:
        refresh_people(session, people)
    if positions:
        refresh_positions(session, positions)
    pairs = {pair for pair in pairs if pair[0] not in people}
    if len(pairs) > MANY_PAIRS:
        # A long list of pairs is slow for PostgreSQL to match (an import's standings): all
        # rows of their people are hardly more, and found by an index.
        refresh_people(session, {person_id for person_id, _ in pairs})
    elif pairs:
        refresh_pairs(session, pairs)


def _on_people_written(session: Session, *, person_ids: Iterable[int]) -> None:
    refresh_people(session, person_ids)


people_written.connect(_on_people_written)
