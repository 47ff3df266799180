"""Reads for the gap rule: requirements, the records that count, and statuses in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from portal.competence.gaps import URGENCY, Held, Status, status
from portal.competence.models import (
    Competence,
    CompetenceRecord,
    Obligation,
    Requirement,
    Standing,
)
from portal.org.models import Person, Position


@dataclass(frozen=True)
class RequirementStatus:
    """One person's standing on one requirement."""

    is_mandatory: bool
    competence: Competence
    status: Status
    held: Held | None
    due_on: date
    is_pending: bool = False
    """Evidence the person sent for it waits for review."""


def effective_records():
    """Records that count: not void and not superseded by a correction."""
    correction = aliased(CompetenceRecord)
    superseded = select(correction.id).where(correction.supersedes_id == CompetenceRecord.id)
    return select(CompetenceRecord).where(CompetenceRecord.is_void.is_(False), ~superseded.exists())


def other_version_records(
    session: Session, competence_id: int, reference: str
) -> list[CompetenceRecord]:
    """Records of the competence that count now and are not of the version ``reference``
    names (a course's or a document's current version)."""
    return list(
        session.scalars(
            effective_records()
            .where(
                CompetenceRecord.competence_id == competence_id,
                CompetenceRecord.reference.is_distinct_from(reference),
            )
            .order_by(CompetenceRecord.id)
        )
    )


def held_map(
    session: Session, person_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Held]:
    """The record that counts for each (person, competence), from the kept standings."""
    query = select(
        Standing.person_id, Standing.competence_id, Standing.achieved_on, Standing.expires_on
    ).where(Standing.record_id.is_not(None))
    if person_ids is not None:
        query = query.where(Standing.person_id.in_(list(person_ids)))
    held = {}
    for person_id, competence_id, achieved_on, expires_on in session.execute(query):
        assert achieved_on is not None  # a standing with a record has the record's dates
        held[person_id, competence_id] = Held(achieved_on, expires_on)
    return held


def counting_records(session: Session, person_id: int) -> dict[int, CompetenceRecord]:
    """The record that counts per competence for one person, from the kept standings."""
    query = (
        select(CompetenceRecord)
        .join(Standing, Standing.record_id == CompetenceRecord.id)
        .where(Standing.person_id == person_id)
    )
    return {record.competence_id: record for record in session.scalars(query)}


def pending_competence_ids(session: Session, person_id: int) -> set[int]:
    """The competences for which the person has a submission waiting for review."""
    query = select(Standing.competence_id).where(
        Standing.person_id == person_id, Standing.is_pending.is_(True)
    )
    return set(session.scalars(query))


def held_of(record: CompetenceRecord | None) -> Held | None:
    return Held(record.achieved_on, record.expires_on) if record is not None else None


def statuses_for(
    session: Session,
    person: Person,
    today: date,
    window: timedelta,
    units: frozenset[int] | None = None,
) -> list[RequirementStatus]:
    """Every requirement of the person's current jobs with its status, most urgent first: of
    the jobs in ``units`` only, for a lead who sees those (None: every job). From the kept
    obligations, with their competences and the person's standings, in one query; a
    competence that several jobs require is one requirement."""
    query = (
        select(
            Competence,
            Obligation.is_mandatory,
            Obligation.due_on,
            Obligation.record_id,
            Obligation.achieved_on,
            Obligation.expires_on,
            Standing.is_pending,
        )
        .join(Competence, Competence.id == Obligation.competence_id)
        .outerjoin(
            Standing,
            (Standing.competence_id == Obligation.competence_id)
            & (Standing.person_id == Obligation.person_id),
        )
        .where(Obligation.person_id == person.id)
    )
    if units is not None:
        query = query.where(Obligation.unit_id.in_(units))
    rows: dict[int, RequirementStatus] = {}
    for (
        competence,
        is_mandatory,
        due_on,
        record_id,
        achieved_on,
        expires_on,
        is_pending,
    ) in session.execute(query):
        # A standing without a record says only that evidence waits for review.
        held = Held(achieved_on, expires_on) if record_id is not None and achieved_on else None
        rows[competence.id] = RequirementStatus(
            is_mandatory=is_mandatory,
            competence=competence,
            # The rule counts due days from a first day; the kept due date is both at once.
            status=status(0, held, due_on, today, window),
            held=held,
            due_on=due_on,
            is_pending=bool(is_pending),
        )
    urgency = {s: i for i, s in enumerate(URGENCY)}
    return sorted(
        rows.values(),
        key=lambda r: (
            urgency[r.status],
            not r.is_mandatory,
            r.held.expires_on if r.held and r.held.expires_on else r.due_on,
        ),
    )


def all_competences(session: Session) -> list[Competence]:
    return list(session.scalars(select(Competence).order_by(Competence.name)))


@dataclass(frozen=True)
class RequirementGrid:
    """Positions × competences and what each position requires, for the requirement grid."""

    positions: list[Position]
    competences: list[Competence]
    cells: dict[tuple[int, int], Requirement]
    active: dict[int, int]
    """Active people per position id (positions without any are missing)."""


def requirement_grid(session: Session) -> RequirementGrid:
    """Every position and competence, the requirements between them and how many active
    people hold each position: four queries, whatever the size of the grid."""
    active = session.execute(
        select(Person.position_id, func.count(Person.id))
        .where(Person.is_active.is_(True), Person.position_id.is_not(None))
        .group_by(Person.position_id)
    )
    return RequirementGrid(
        positions=list(session.scalars(select(Position).order_by(Position.name))),
        competences=all_competences(session),
        cells={(r.position_id, r.competence_id): r for r in session.scalars(select(Requirement))},
        active={position_id: count for position_id, count in active if position_id is not None},
    )


def active_in_position(session: Session, position_id: int) -> int:
    """How many active people hold the position now: those a change of its requirements
    reaches."""
    return (
        session.scalar(
            select(func.count(Person.id)).where(
                Person.position_id == position_id, Person.is_active.is_(True)
            )
        )
        or 0
    )
