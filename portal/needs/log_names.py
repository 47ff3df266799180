"""Needs-assessment rounds, self-assessments and training needs by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.needs.models import NeedsRound, SelfAssessment, TrainingNeed
from portal.org.models import Person


def rounds(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(NeedsRound.id, NeedsRound.title).where(NeedsRound.id.in_(ids)))
    return {id_: Named(title, url_for("needs.round_view", round_id=id_)) for id_, title in rows}


def self_assessments(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(SelfAssessment.id, SelfAssessment.round_id, SelfAssessment.person_id)
        .add_columns(NeedsRound.title, Person.name)
        .join(NeedsRound, NeedsRound.id == SelfAssessment.round_id)
        .join(Person, Person.id == SelfAssessment.person_id)
        .where(SelfAssessment.id.in_(ids))
    )
    return {
        id_: Named(
            f"{title} – {person}",
            url_for("needs.person_view", round_id=round_id, person_id=person_id),
        )
        for id_, round_id, person_id, title, person in rows
    }


def needs(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(TrainingNeed.id, TrainingNeed.round_id, TrainingNeed.person_id)
        .add_columns(TrainingNeed.title, Person.name)
        .join(Person, Person.id == TrainingNeed.person_id)
        .where(TrainingNeed.id.in_(ids))
    )
    return {
        id_: Named(
            f"{title} – {person}",
            url_for("needs.person_view", round_id=round_id, person_id=person_id)
            if round_id is not None
            else None,
        )
        for id_, round_id, person_id, title, person in rows
    }


def register_names(app: Flask) -> None:
    register(app, "NeedsRound", rounds)
    register(app, "SelfAssessment", self_assessments)
    register(app, "TrainingNeed", needs)
