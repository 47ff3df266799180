"""Keeping the obligations (:class:`portal.competence.models.Obligation`): one row per active
person, competence and unit that a current job of theirs requires, with the dates of their
standing.

They follow every write, in its own transaction and without any caller asking:

- a flush that adds or changes a job (unit, position, first or last day), a person (active), a
  requirement, or a standing refills the rows of that person, position or pair, or of the
  pairs' people when there are many (an import) (:func:`_follow_flush`);
- the bulk statements that bypass the session say so through ``org.signals.people_written``
  (the people import) or call :func:`rebuild` (a restore, the demo, the scale fixture);
- a job that ends changes the rows the day after its last day, with no write at all: the
  daily run refills its person's rows then (:func:`refresh_ended`).

A refill first locks the rows of the people it refills, so that of two transactions that both
change what a person's rows say (a new record and a new requirement, say) the second reads only
after the first committed. :func:`check` compares every row with what jobs, people,
requirements and standings say, in the database; :func:`rebuild` mends what disagrees
(``portal standings check`` / ``rebuild``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    Table,
    and_,
    case,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    tuple_,
)
from sqlalchemy.orm import Session, UOWTransaction, selectinload

from portal import clock
from portal.competence import unit_counts
from portal.competence.models import Obligation, Requirement, Standing
from portal.competence.status_sql import days_after
from portal.org import jobs
from portal.org.models import Job, Person
from portal.org.signals import people_written

logger = logging.getLogger(__name__)

Pair = tuple[int, int]  # (person_id, competence_id)
Key = tuple[int, int, int]  # (person_id, competence_id, unit_id)

#: What a person's rows depend on, besides their jobs, requirements and standings.
PERSON_FIELDS = ("is_active", "several_units")

#: What a person's rows depend on in each of their jobs.
JOB_FIELDS = ("unit_id", "position_id", "starts_on", "ends_on")

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
    "shared",
)

#: The table itself: the rows are written and compared by statements, never as objects.
TABLE = cast(Table, Obligation.__table__)

#: Statements name at most this many ids, well under every database's limit of parameters.
CHUNK = 5000

#: More standings than this changed in one flush refill their people's rows whole.
MANY_PAIRS = 100


def _required(people: Sequence[ColumnElement[bool]], today: date) -> Subquery:
    """A row per current job of the active people of ``people`` and requirement of the job's
    position, due from the job's first day."""
    return (
        select(
            Job.person_id,
            Job.unit_id,
            Job.position_id,
            Requirement.competence_id,
            Requirement.is_mandatory,
            days_after(Job.starts_on, Requirement.due_days).label("due_on"),
        )
        .join(Requirement, Requirement.position_id == Job.position_id)
        .join(Person, Person.id == Job.person_id)
        .where(Person.is_active.is_(True), jobs.runs_on(today), *people)
        .subquery()
    )


def expected(today: date, *people: ColumnElement[bool]) -> Select:
    """What the rows should be (:data:`COLUMNS`, in order) on ``today``, for the people that
    match ``people`` (conditions on :class:`Person`: a row depends on all of a person's jobs,
    so people are chosen whole; narrow the result by its ``selected_columns``)."""
    per_job, all_jobs = _required(people, today), _required(people, today)
    per_unit = (
        select(
            per_job.c.person_id,
            per_job.c.competence_id,
            per_job.c.unit_id,
            func.min(per_job.c.position_id).label("position_id"),
        )
        .group_by(per_job.c.person_id, per_job.c.competence_id, per_job.c.unit_id)
        .subquery()
    )
    merged = (
        select(
            all_jobs.c.person_id,
            all_jobs.c.competence_id,
            (func.max(case((all_jobs.c.is_mandatory, 1), else_=0)) == 1).label("is_mandatory"),
            func.min(all_jobs.c.due_on).label("due_on"),
        )
        .group_by(all_jobs.c.person_id, all_jobs.c.competence_id)
        .subquery()
    )
    return (
        select(
            per_unit.c.person_id,
            per_unit.c.competence_id,
            per_unit.c.unit_id,
            per_unit.c.position_id,
            merged.c.is_mandatory,
            merged.c.due_on,
            Standing.record_id,
            Standing.achieved_on,
            Standing.expires_on,
            Person.several_units,
        )
        .join(Person, Person.id == per_unit.c.person_id)
        .join(
            merged,
            and_(
                merged.c.person_id == per_unit.c.person_id,
                merged.c.competence_id == per_unit.c.competence_id,
            ),
        )
        .outerjoin(
            Standing,
            and_(
                Standing.person_id == per_unit.c.person_id,
                Standing.competence_id == per_unit.c.competence_id,
            ),
        )
    )


def _kept(*conditions: ColumnElement[bool]) -> Select:
    return select(*(TABLE.c[name] for name in COLUMNS)).where(*conditions)


def _refill(
    session: Session,
    locked: ColumnElement[bool],
    kept: ColumnElement[bool],
    wanted: Select,
) -> None:
    """Lock the people of ``locked``, drop the rows of ``kept`` and write those of ``wanted``."""
    connection = session.connection()
    people = select(Person.id).where(locked).order_by(Person.id)
    locked_ids = list(connection.execute(people.with_for_update()).scalars())
    jobs_of_locked = select(Job.unit_id).where(Job.person_id.in_(locked_ids)).distinct()
    now_in = set(connection.execute(jobs_of_locked).scalars()) if locked_ids else set()
    dropped = delete(TABLE).where(kept).returning(TABLE.c.unit_id)
    were_in = set(connection.execute(dropped).scalars())
    connection.execute(insert(TABLE).from_select(list(COLUMNS), wanted))
    unit_counts.touched(session, now_in | were_in)


def refresh_people(session: Session, person_ids: Iterable[int], today: date) -> None:
    """Refill every row of these people."""
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        _refill(
            session,
            Person.id.in_(chunk),
            TABLE.c.person_id.in_(chunk),
            expected(today, Person.id.in_(chunk)),
        )


def refresh_positions(session: Session, position_ids: Iterable[int], today: date) -> None:
    """Refill the rows of everyone with a job in these positions (a requirement was set or
    removed)."""
    for position_id in sorted(set(position_ids)):
        holders = select(Job.person_id).where(Job.position_id == position_id).scalar_subquery()
        _refill(
            session,
            Person.id.in_(holders),
            TABLE.c.person_id.in_(holders),
            expected(today, Person.id.in_(holders)),
        )


def refresh_pairs(session: Session, pairs: Iterable[Pair], today: date) -> None:
    """Refill the rows of these (person, competence) pairs (a standing changed)."""
    chosen = sorted(set(pairs))
    for start in range(0, len(chosen), CHUNK):
        chunk = chosen[start : start + CHUNK]
        people = Person.id.in_({person_id for person_id, _ in chunk})
        wanted = expected(today, people)
        result = wanted.selected_columns
        _refill(
            session,
            people,
            tuple_(TABLE.c.person_id, TABLE.c.competence_id).in_(chunk),
            wanted.where(tuple_(result.person_id, result.competence_id).in_(chunk)),
        )


def refresh_ended(session: Session, today: date) -> int:
    """Follow the jobs that ended before ``today`` (the daily run, the day after a job's last
    day): their people's main job, and the rows of those who still have rows in the unit of
    such a job; how many people."""
    ended = (
        select(Job.person_id)
        .distinct()
        .join(TABLE, and_(TABLE.c.person_id == Job.person_id, TABLE.c.unit_id == Job.unit_id))
        .where(Job.ends_on < today)
    )
    people = list(session.scalars(ended))
    for start in range(0, len(people), CHUNK):
        chosen = select(Person).where(Person.id.in_(people[start : start + CHUNK]))
        for person in session.scalars(chosen.options(selectinload(Person.jobs))):
            jobs.mirror(person, today)
    session.flush()
    refresh_people(session, people, today)
    return len(people)


@dataclass(frozen=True)
class Disagreement:
    key: Key
    kept: tuple | None
    expected: tuple | None

    def __str__(self) -> str:
        person_id, competence_id, unit_id = self.key
        return (
            f"obligation of person {person_id}, competence {competence_id}, unit {unit_id}: "
            f"kept {_describe(self.kept)}, should be {_describe(self.expected)}"
        )


def _describe(row: tuple | None) -> str:
    if row is None:
        return "nothing"
    return ", ".join(f"{name} {value}" for name, value in zip(COLUMNS[3:], row[3:], strict=True))


def check(session: Session, today: date) -> list[Disagreement]:
    """Every row that is not what jobs, people, requirements and standings say on ``today``,
    and every row that is missing: compared by the database, both ways."""
    kept, wanted = _kept(), expected(today)
    rows_kept = _rows(session, kept.except_(wanted))
    rows_wanted = _rows(session, wanted.except_(kept))
    return [
        Disagreement(key, rows_kept.get(key), rows_wanted.get(key))
        for key in sorted(rows_kept.keys() | rows_wanted.keys())
    ]


def _rows(session: Session, query: Any) -> dict[Key, tuple]:
    return {
        (row[0], row[1], row[2]): tuple(_plain(value) for value in row)
        for row in session.connection().execute(query)
    }


def _plain(value: Any) -> Any:
    # SQLite gives dates computed in SQL back as text; compare and print them alike.
    return value.isoformat() if hasattr(value, "isoformat") else value


def rebuild(session: Session, today: date) -> int:
    """Mend every row that disagrees; the number of rows mended. Running it again mends
    nothing."""
    wrong = check(session, today)
    if wrong:
        refresh_people(session, {d.key[0] for d in wrong}, today)
        logger.info("obligations: mended %d", len(wrong))
    return len(wrong)


def fill(session: Session, today: date) -> None:
    """Write every row into an empty table at once (scale fixture)."""
    session.connection().execute(insert(TABLE).from_select(list(COLUMNS), expected(today)))


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
        elif isinstance(instance, Job) and (
            instance in session.new or _changed(instance, JOB_FIELDS)
        ):
            people.add(instance.person_id)
            # A job moved or ended leaves its holders' counts in the unit it was in.
            unit_counts.touched(
                session, chain(inspect(instance).attrs.unit_id.history.deleted, [instance.unit_id])
            )
        elif isinstance(instance, Requirement):
            history = inspect(instance).attrs.position_id.history
            positions.update(p for p in chain(history.deleted, [instance.position_id]) if p)
        elif isinstance(instance, Standing):
            pairs.add((instance.person_id, instance.competence_id))
    if not (people or positions or pairs):
        return
    today = clock.today()
    if people:
        refresh_people(session, people, today)
    if positions:
        refresh_positions(session, positions, today)
    pairs = {pair for pair in pairs if pair[0] not in people}
    if len(pairs) > MANY_PAIRS:
        # A long list of pairs is slow for PostgreSQL to match (an import's standings): all
        # rows of their people are hardly more, and found by an index.
        refresh_people(session, {person_id for person_id, _ in pairs}, today)
    elif pairs:
        refresh_pairs(session, pairs, today)


def _on_people_written(session: Session, *, person_ids: Iterable[int]) -> None:
    refresh_people(session, person_ids, clock.today())


people_written.connect(_on_people_written)
