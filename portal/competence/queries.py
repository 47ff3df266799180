"""Reads for the gap rule: requirements, the records that count, and statuses in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from portal.competence.gaps import URGENCY, Held, Status, best_held, due_date, status
from portal.competence.models import Competence, CompetenceRecord, Requirement
from portal.org.models import Person


@dataclass(frozen=True)
class RequirementStatus:
    """One person's standing on one requirement."""

    requirement: Requirement
    competence: Competence
    status: Status
    held: Held | None
    due_on: date


def effective_records():
    """Records that count: not void and not superseded by a correction."""
    correction = aliased(CompetenceRecord)
    superseded = select(correction.id).where(correction.supersedes_id == CompetenceRecord.id)
    return select(CompetenceRecord).where(CompetenceRecord.is_void.is_(False), ~superseded.exists())


def held_map(
    session: Session, person_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], Held]:
    """The record that counts for each (person, competence), in one query."""
    query = effective_records().with_only_columns(
        CompetenceRecord.person_id,
        CompetenceRecord.competence_id,
        CompetenceRecord.achieved_on,
        CompetenceRecord.expires_on,
    )
    if person_ids is not None:
        query = query.where(CompetenceRecord.person_id.in_(list(person_ids)))
    grouped: dict[tuple[int, int], list[Held]] = defaultdict(list)
    for person_id, competence_id, achieved_on, expires_on in session.execute(query):
        grouped[person_id, competence_id].append(Held(achieved_on, expires_on))
    return {key: best_held(records) for key, records in grouped.items()}


def requirements_of_position(session: Session, position_id: int | None) -> list[Requirement]:
    if position_id is None:
        return []
    return list(
        session.scalars(
            select(Requirement)
            .join(Requirement.competence)
            .where(Requirement.position_id == position_id)
            .order_by(Requirement.is_mandatory.desc(), Competence.name)
        )
    )


def statuses_for(
    session: Session, person: Person, today: date, window: timedelta
) -> list[RequirementStatus]:
    """Every requirement of the person's position with its status, most urgent first."""
    held = held_map(session, [person.id])
    rows = [
        RequirementStatus(
            requirement=req,
            competence=req.competence,
            status=status(
                req.due_days,
                held.get((person.id, req.competence_id)),
                person.position_since,
                today,
                window,
            ),
            held=held.get((person.id, req.competence_id)),
            due_on=due_date(person.position_since, req.due_days),
        )
        for req in requirements_of_position(session, person.position_id)
    ]
    urgency = {s: i for i, s in enumerate(URGENCY)}
    return sorted(
        rows,
        key=lambda r: (
            urgency[r.status],
            not r.requirement.is_mandatory,
            r.held.expires_on if r.held and r.held.expires_on else r.due_on,
        ),
    )
