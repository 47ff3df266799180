"""Managing what is required: competences, requirements per position, coverage rules per unit.

Operations flush and never commit; every change is audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.audit.operations import record
from portal.competence.models import COMPETENCE_KINDS, Competence, CoverageRule, Requirement


class CodeTaken(Exception):
    """Another competence already has this code."""


@dataclass
class CompetenceData:
    """What describes a competence, as entered in the form."""

    name: str
    description: str
    kind: str
    validity_months: int | None
    typical_cost_ore: int | None
    is_authorisation: bool = False


def create_competence(
    session: Session, *, actor_id: int, code: str, data: CompetenceData
) -> Competence:
    """Add a competence.

    :raise CodeTaken: if ``code`` is in use
    """
    code = code.strip().lower()
    if session.scalar(select(Competence.id).where(func.lower(Competence.code) == code)):
        raise CodeTaken(code)
    competence = Competence(code=code)
    _apply(competence, data)
    session.add(competence)
    record(
        session,
        actor_id=actor_id,
        action="competence.created",
        obj=competence,
        code=code,
        **asdict(data),
    )
    return competence


def update_competence(
    session: Session, *, actor_id: int, competence: Competence, data: CompetenceData
) -> Competence:
    """Change a competence; its code stays, since courses and imports refer to it."""
    before = _snapshot(competence)
    _apply(competence, data)
    changed = {k: [before[k], v] for k, v in _snapshot(competence).items() if before[k] != v}
    if changed:
        record(
            session, actor_id=actor_id, action="competence.updated", obj=competence, changed=changed
        )
    session.flush()
    return competence


def granted_by_content(
    session: Session, *, code: str, name: str, kind: str, validity_months: int | None
) -> tuple[Competence, bool]:
    """The competence a course or a document grants, made when missing (then True), with the
    content's validity: the content file is where the validity is kept."""
    competence = session.scalar(select(Competence).where(Competence.code == code))
    created = competence is None
    if competence is None:
        competence = Competence(code=code, name=name, kind=kind, description="")
        session.add(competence)
    competence.validity_months = validity_months
    return competence, created


def _apply(competence: Competence, data: CompetenceData) -> None:
    if data.kind not in COMPETENCE_KINDS:
        raise ValueError(f"unknown kind {data.kind!r}")
    competence.name, competence.description = data.name.strip(), data.description.strip()
    competence.kind, competence.validity_months = data.kind, data.validity_months
    competence.typical_cost_ore = data.typical_cost_ore
    competence.is_authorisation = data.is_authorisation


def _snapshot(competence: Competence) -> dict[str, object]:
    return {
        "name": competence.name,
        "description": competence.description,
        "kind": competence.kind,
        "validity_months": competence.validity_months,
        "typical_cost_ore": competence.typical_cost_ore,
        "is_authorisation": competence.is_authorisation,
    }


def _upsert(
    session: Session,
    model,
    name: str,
    keys: dict[str, int],
    values: dict[str, object],
    actor_id: int,
):
    """The one ``model`` row with ``keys``, made if missing, set to ``values``, audited as
    ``<name>.created`` or ``<name>.updated``."""
    row = session.scalar(select(model).filter_by(**keys))
    action = f"{name}.updated"
    if row is None:
        row = model(**keys)
        session.add(row)
        action = f"{name}.created"
    for attribute, value in values.items():
        setattr(row, attribute, value)
    record(session, actor_id=actor_id, action=action, obj=row, **keys, **values)
    return row


def _remove(session: Session, row, action: str, actor_id: int, **details) -> None:
    record(session, actor_id=actor_id, action=action, obj=row, **details)
    session.delete(row)
    session.flush()


def set_requirement(
    session: Session,
    *,
    actor_id: int,
    position_id: int,
    competence_id: int,
    is_mandatory: bool,
    due_days: int,
) -> Requirement:
    """Require (or recommend) a competence in a position, or change how; one per pair."""
    return _upsert(
        session,
        Requirement,
        "requirement",
        {"position_id": position_id, "competence_id": competence_id},
        {"is_mandatory": is_mandatory, "due_days": due_days},
        actor_id,
    )


def remove_requirement(session: Session, *, actor_id: int, requirement: Requirement) -> None:
    _remove(
        session,
        requirement,
        "requirement.removed",
        actor_id,
        position_id=requirement.position_id,
        competence_id=requirement.competence_id,
    )


def set_coverage_rule(
    session: Session, *, actor_id: int, unit_id: int, competence_id: int, minimum: int
) -> CoverageRule:
    """Require at least ``minimum`` active holders of a competence in a unit; one per pair."""
    return _upsert(
        session,
        CoverageRule,
        "coverage_rule",
        {"unit_id": unit_id, "competence_id": competence_id},
        {"minimum": minimum},
        actor_id,
    )


def remove_coverage_rule(session: Session, *, actor_id: int, rule: CoverageRule) -> None:
    _remove(
        session,
        rule,
        "coverage_rule.removed",
        actor_id,
        unit_id=rule.unit_id,
        competence_id=rule.competence_id,
        minimum=rule.minimum,
    )
