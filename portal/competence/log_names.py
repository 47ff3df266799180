"""Competences, requirements, coverage rules, records and submissions by name in the log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.competence.models import (
    Competence,
    CompetenceRecord,
    CoverageRule,
    Requirement,
    Submission,
)
from portal.org.models import Person, Position, Unit


def competences(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Competence.id, Competence.name).where(Competence.id.in_(ids)))
    return {id_: Named(name, url_for("competence.edit", competence_id=id_)) for id_, name in rows}


def requirements(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Requirement.id, Position.name, Competence.name)
        .join(Position, Position.id == Requirement.position_id)
        .join(Competence, Competence.id == Requirement.competence_id)
        .where(Requirement.id.in_(ids))
    )
    url = url_for("competence.requirements")
    return {id_: Named(f"{position}: {competence}", url) for id_, position, competence in rows}


def coverage_rules(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(CoverageRule.id, Unit.name, Competence.name)
        .join(Unit, Unit.id == CoverageRule.unit_id)
        .join(Competence, Competence.id == CoverageRule.competence_id)
        .where(CoverageRule.id.in_(ids))
    )
    url = url_for("competence.coverage")
    return {id_: Named(f"{unit}: {competence}", url) for id_, unit, competence in rows}


def records(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(CompetenceRecord.id, CompetenceRecord.person_id, Person.name, Competence.name)
        .join(Person, Person.id == CompetenceRecord.person_id)
        .join(Competence, Competence.id == CompetenceRecord.competence_id)
        .where(CompetenceRecord.id.in_(ids))
    )
    return {
        id_: Named(
            f"{competence} – {person}", url_for("competence.person_records", person_id=person_id)
        )
        for id_, person_id, person, competence in rows
    }


def submissions(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Submission.id, Person.name, Competence.name)
        .join(Person, Person.id == Submission.person_id)
        .join(Competence, Competence.id == Submission.competence_id)
        .where(Submission.id.in_(ids))
    )
    return {
        id_: Named(f"{competence} – {person}", url_for("competence.submission", submission_id=id_))
        for id_, person, competence in rows
    }


def register_names(app: Flask) -> None:
    register(app, "Competence", competences)
    register(app, "Requirement", requirements)
    register(app, "CoverageRule", coverage_rules)
    register(app, "CompetenceRecord", records)
    register(app, "Submission", submissions)
