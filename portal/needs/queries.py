"""Reads for the needs assessment: rounds, their people with gap statuses, the plan.

List pages read in bulk: the gap statuses of everyone in a round come from one query of the
kept obligations of their jobs in the round's units, never one per person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from portal import clock
from portal.authz import Scope
from portal.competence.gaps import Held, Status, status
from portal.competence.models import Competence, Obligation
from portal.needs.models import NeedsRound, SelfAssessment, TrainingNeed, round_units
from portal.needs.plan import PlanRow, sort_plan
from portal.org.jobs import in_units, unit_ids_of
from portal.org.models import Person


def rounds_in_scope(session: Session, scope: Scope) -> list[NeedsRound]:
    """Rounds that cover at least one unit of the scope, newest first."""
    query = select(NeedsRound).options(selectinload(NeedsRound.units))
    if not scope.is_all:
        query = query.where(
            NeedsRound.id.in_(
                select(round_units.c.round_id).where(round_units.c.unit_id.in_(scope.unit_ids))
            )
        )
    return list(session.scalars(query.order_by(NeedsRound.deadline.desc(), NeedsRound.id.desc())))


def rounds_of_person(session: Session, person: Person) -> list[NeedsRound]:
    """The rounds that include the person's unit, newest first."""
    if person.unit_id is None:
        return []
    return list(
        session.scalars(
            select(NeedsRound)
            .join(round_units, round_units.c.round_id == NeedsRound.id)
            .where(round_units.c.unit_id == person.unit_id)
            .order_by(NeedsRound.deadline.desc(), NeedsRound.id.desc())
        )
    )


def rounds_to_assess(session: Session, person: Person) -> list[NeedsRound]:
    """The rounds that include the person's unit and that they have not assessed themselves
    in yet, newest first."""
    units = unit_ids_of(person, clock.today())
    if not units:
        return []
    assessed = select(SelfAssessment.round_id).where(SelfAssessment.person_id == person.id)
    return list(
        session.scalars(
            select(NeedsRound)
            .join(round_units, round_units.c.round_id == NeedsRound.id)
            .where(round_units.c.unit_id.in_(units), NeedsRound.id.not_in(assessed))
            .distinct()
            .order_by(NeedsRound.deadline.desc(), NeedsRound.id.desc())
        )
    )


def is_participant(needs_round: NeedsRound, person: Person) -> bool:
    return person.is_active and not unit_ids_of(person, clock.today()).isdisjoint(
        unit.id for unit in needs_round.units
    )


def assessment_of(session: Session, round_id: int, person_id: int) -> SelfAssessment | None:
    return session.scalar(
        select(SelfAssessment)
        .options(selectinload(SelfAssessment.ratings))
        .where(SelfAssessment.round_id == round_id, SelfAssessment.person_id == person_id)
    )


def assessed_round_ids(session: Session, person_id: int, round_ids: Iterable[int]) -> set[int]:
    return set(
        session.scalars(
            select(SelfAssessment.round_id).where(
                SelfAssessment.person_id == person_id, SelfAssessment.round_id.in_(list(round_ids))
            )
        )
    )


def participants(session: Session, needs_round: NeedsRound, scope: Scope) -> list[Person]:
    """The round's active people that the scope covers."""
    unit_ids = [u.id for u in needs_round.units if scope.covers(u.id)]
    return list(
        session.scalars(
            select(Person)
            .options(
                selectinload(Person.position),
                selectinload(Person.unit),
                selectinload(Person.jobs),
            )
            .where(in_units(unit_ids), Person.is_active.is_(True))
            .order_by(Person.name)
        )
    )


@dataclass(frozen=True)
class PersonRow:
    """One person in a round: their gap statuses counted, their self-assessment, their needs."""

    person: Person
    gaps: Counter[Status]
    assessment: SelfAssessment | None
    open_needs: int


def round_rows(
    session: Session, needs_round: NeedsRound, people: list[Person], today: date, window: timedelta
) -> list[PersonRow]:
    """Every person of the round with their gaps, in a fixed number of queries."""
    ids = [p.id for p in people]
    units = {unit.id for unit in needs_round.units}
    gaps: dict[int, dict[int, Status]] = defaultdict(dict)
    # The requirements of the people's jobs in the round's units, from the kept obligations
    # (a competence two of those jobs require is one requirement: counted once).
    for person_id, competence_id, due_on, record_id, achieved_on, expires_on in session.execute(
        select(
            Obligation.person_id,
            Obligation.competence_id,
            Obligation.due_on,
            Obligation.record_id,
            Obligation.achieved_on,
            Obligation.expires_on,
        ).where(Obligation.person_id.in_(ids), Obligation.unit_id.in_(units))
    ):
        held = Held(achieved_on, expires_on) if record_id is not None and achieved_on else None
        # The rule counts due days from a first day; the kept due date is both at once.
        gaps[person_id][competence_id] = status(0, held, due_on, today, window)
    assessments = {
        a.person_id: a
        for a in session.scalars(
            select(SelfAssessment).where(
                SelfAssessment.round_id == needs_round.id, SelfAssessment.person_id.in_(ids)
            )
        )
    }
    open_needs = Counter(
        session.scalars(
            select(TrainingNeed.person_id).where(
                TrainingNeed.person_id.in_(ids), TrainingNeed.status == "open"
            )
        )
    )
    return [
        PersonRow(
            person,
            Counter(gaps[person.id].values()),
            assessments.get(person.id),
            open_needs[person.id],
        )
        for person in people
    ]


def needs_of(session: Session, person_id: int) -> list[TrainingNeed]:
    return list(
        session.scalars(
            select(TrainingNeed)
            .options(selectinload(TrainingNeed.competence))
            .where(TrainingNeed.person_id == person_id)
            .order_by(TrainingNeed.status, TrainingNeed.target_date, TrainingNeed.id)
        )
    )


def competences(session: Session) -> list[Competence]:
    return list(session.scalars(select(Competence).order_by(Competence.name)))


def plan(session: Session, unit_id: int) -> list[PlanRow]:
    """The unit's training plan: every need of its people not dropped, in plan order."""
    rows = session.execute(
        select(TrainingNeed, Person.email, Person.name, Competence.name)
        .join(Person, Person.id == TrainingNeed.person_id)
        .outerjoin(Competence, Competence.id == TrainingNeed.competence_id)
        .where(Person.unit_id == unit_id, TrainingNeed.status != "dropped")
    ).all()
    return sort_plan(
        PlanRow(
            need.id,
            email,
            name,
            need.title,
            competence,
            need.priority,
            need.action,
            need.target_date,
            need.estimated_cost_ore,
            need.status,
        )
        for need, email, name, competence in rows
    )
