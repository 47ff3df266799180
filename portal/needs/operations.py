"""Changing the needs assessment: rounds, self-assessments and needs. Flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.operations import record
from portal.db import utcnow
from portal.formatting import format_date
from portal.needs.models import (
    ACTIONS,
    CONFIDENCE_LEVELS,
    NEED_STATUSES,
    PRIORITIES,
    NeedsRound,
    SelfAssessment,
    SelfRating,
    TrainingNeed,
)
from portal.notify.messages import N_
from portal.notify.operations import close_tasks, notify
from portal.org.jobs import in_units
from portal.org.models import Person, Unit


def _(text: str, **values) -> str:
    """``text`` in the actor's language during a request; as written (Norwegian) elsewhere,
    such as ``portal demo``, where there is no user to choose a language."""
    if has_request_context():
        return gettext(text, **values)
    return text % values if values else text


class RoundClosed(Exception):
    """The round's deadline has passed; self-assessments can no longer change."""


def open_round(
    session: Session, *, actor_id: int, title: str, deadline: date, units: Sequence[Unit]
) -> NeedsRound:
    """Open a round for ``units`` and tell each of their people to fill in a self-assessment."""
    needs_round = NeedsRound(
        title=title.strip(), deadline=deadline, opened_by_id=actor_id, units=list(units)
    )
    session.add(needs_round)
    record(
        session,
        actor_id=actor_id,
        action="needs.round_opened",
        obj=needs_round,
        title=needs_round.title,
        deadline=deadline.isoformat(),
        unit_ids=[unit.id for unit in units],
    )
    people = session.scalars(
        select(Person).where(in_units([unit.id for unit in units]), Person.is_active.is_(True))
    )
    for person in people:
        notify(
            session,
            person=person,
            subject=N_("Kartlegging av opplæringsbehov: %(title)s"),
            body=N_("Fyll ut egenvurderingen innen %(date)s."),
            params={"title": needs_round.title, "date": format_date(deadline)},
            link=f"/needs/rounds/{needs_round.id}/self",
            task=("self_assessment", needs_round.id),
        )
    return needs_round


def save_self_assessment(
    session: Session,
    *,
    needs_round: NeedsRound,
    person: Person,
    ratings: Mapping[int, int],
    wishes: str,
    today: date,
) -> SelfAssessment:
    """Store (or replace) the person's self-assessment in the round.

    :param ratings: competence id → confidence (1–4)
    :raise RoundClosed: after the deadline
    """
    if not needs_round.is_open(today):
        raise RoundClosed(needs_round.id)
    if any(level not in CONFIDENCE_LEVELS for level in ratings.values()):
        raise ValueError("confidence out of range")
    assessment = session.scalar(
        select(SelfAssessment).where(
            SelfAssessment.round_id == needs_round.id, SelfAssessment.person_id == person.id
        )
    )
    if assessment is None:
        assessment = SelfAssessment(round_id=needs_round.id, person_id=person.id)
        session.add(assessment)
    else:
        assessment.updated_dt = utcnow()
    assessment.wishes = wishes.strip()
    close_tasks(session, ("self_assessment", needs_round.id), person_id=person.id)
    by_competence = {r.competence_id: r for r in assessment.ratings}
    for competence_id, level in ratings.items():
        rating = by_competence.get(competence_id)
        if rating is None:
            assessment.ratings.append(SelfRating(competence_id=competence_id, confidence=level))
        else:
            rating.confidence = level
    record(
        session,
        actor_id=person.id,
        action="needs.self_assessment_saved",
        obj=assessment,
        round_id=needs_round.id,
        ratings={str(k): v for k, v in ratings.items()},
    )
    return assessment


@dataclass
class NeedData:
    title: str
    competence_id: int | None
    priority: str
    action: str
    target_date: date
    estimated_cost_ore: int


def record_need(
    session: Session, *, actor_id: int, person: Person, round_id: int | None, data: NeedData
) -> TrainingNeed:
    if data.priority not in PRIORITIES or data.action not in ACTIONS:
        raise ValueError("unknown priority or action")
    need = TrainingNeed(
        person_id=person.id, round_id=round_id, recorded_by_id=actor_id, **vars(data)
    )
    session.add(need)
    record(
        session,
        actor_id=actor_id,
        action="needs.need_recorded",
        obj=need,
        person_id=person.id,
        round_id=round_id,
        title=need.title,
        priority=need.priority,
        action_kind=need.action,
        target_date=need.target_date.isoformat(),
        estimated_cost_ore=need.estimated_cost_ore,
    )
    return need


def set_need_status(session: Session, *, actor_id: int, need: TrainingNeed, status: str) -> bool:
    """Mark a need done or dropped (or open again); False if it already had that status."""
    if status not in NEED_STATUSES:
        raise ValueError(status)
    if need.status == status:
        return False
    before, need.status = need.status, status
    record(
        session,
        actor_id=actor_id,
        action="needs.need_status_changed",
        obj=need,
        before=before,
        after=status,
    )
    return True
