"""Filling the gap matrix from the database in bulk: a handful of queries whatever the size.

People, requirements and the records that count are each fetched in one query as plain rows;
one pass in Python then gives every cell its status through :func:`gaps.status`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.authz import Scope, subtree_ids
from portal.competence.gaps import Held, Status, best_held, status
from portal.competence.models import Competence, CompetenceRecord, CoverageRule, Requirement
from portal.competence.queries import effective_records
from portal.org.models import Person, Position, Unit
from portal.reports.matrix import Cell, Column, CoverageResult, Matrix, PersonRow


@dataclass(frozen=True)
class Filters:
    unit_id: int | None = None
    position_id: int | None = None
    status: Status | None = None
    competence_id: int | None = None


def unit_ids(session: Session, scope: Scope, unit_id: int | None) -> frozenset[int] | None:
    """The units to report on: the scope, narrowed to ``unit_id`` and below (None: all)."""
    if scope.is_all and unit_id is None:
        return None
    chosen = scope.unit_ids
    if unit_id is not None:
        edges = session.execute(select(Unit.id, Unit.parent_id)).all()
        below = subtree_ids(edges, [unit_id])
        chosen = below if scope.is_all else below & scope.unit_ids
    return chosen


def build(session: Session, scope: Scope, filters: Filters, today: date, window: timedelta,
          *, with_coverage: bool = True) -> Matrix:
    """The matrix of active people in ``scope`` and ``filters`` (status aside: see
    :func:`portal.reports.matrix.only_status`), with the coverage rules of those units."""
    units = unit_ids(session, scope, filters.unit_id)
    people = (select(Person.id, Person.name, Person.email, Person.unit_id, Unit.name,
                     Position.name, Person.position_id, Person.position_since)
              .join(Unit, Unit.id == Person.unit_id)
              .join(Position, Position.id == Person.position_id)
              .where(Person.is_active.is_(True)))
    if units is not None:
        people = people.where(Person.unit_id.in_(units))
    if filters.position_id is not None:
        people = people.where(Person.position_id == filters.position_id)

    requirements = select(Requirement.position_id, Requirement.competence_id,
                          Requirement.is_mandatory, Requirement.due_days)
    if filters.competence_id is not None:
        requirements = requirements.where(Requirement.competence_id == filters.competence_id)
    by_position: dict[int, list[tuple[int, bool, int]]] = defaultdict(list)
    for position_id, competence_id, is_mandatory, due_days in session.execute(requirements):
        by_position[position_id].append((competence_id, is_mandatory, due_days))

    held = best_records(session, people.with_only_columns(Person.id).scalar_subquery(),
                        filters.competence_id)
    rows, used = [], set()
    for pid, name, email, unit_id, unit, position, position_id, since in session.execute(people):
        row = PersonRow(pid, name, email, unit_id, unit, position)
        for competence_id, is_mandatory, due_days in by_position.get(position_id, ()):
            best, record_id = held.get((pid, competence_id), (None, None))
            row.cells[competence_id] = Cell(competence_id, is_mandatory,
                                            status(due_days, best, since, today, window),
                                            best, record_id)
            used.add(competence_id)
        rows.append(row)
    columns = [Column(*c) for c in session.execute(
        select(Competence.id, Competence.code, Competence.name)
        .where(Competence.id.in_(used)).order_by(Competence.name))] if used else []
    coverage = coverage_results(session, units, today) if with_coverage else []
    return Matrix(columns, rows, coverage)


def best_records(session: Session, person_ids, competence_id: int | None = None
                 ) -> dict[tuple[int, int], tuple[Held, int]]:
    """The record that counts, and its id, for each (person, competence) of ``person_ids``
    (a subquery or a list), in one query."""
    query = effective_records().with_only_columns(
        CompetenceRecord.person_id, CompetenceRecord.competence_id, CompetenceRecord.id,
        CompetenceRecord.achieved_on, CompetenceRecord.expires_on
    ).where(CompetenceRecord.person_id.in_(person_ids))
    if competence_id is not None:
        query = query.where(CompetenceRecord.competence_id == competence_id)
    grouped: dict[tuple[int, int], dict[Held, int]] = defaultdict(dict)
    for person_id, comp_id, record_id, achieved_on, expires_on in session.execute(query):
        grouped[person_id, comp_id][Held(achieved_on, expires_on)] = record_id
    result = {}
    for key, records in grouped.items():
        best = best_held(records)
        result[key] = (best, records[best])
    return result


def coverage_results(session: Session, units: frozenset[int] | None, today: date
                     ) -> list[CoverageResult]:
    """Each coverage rule of ``units`` (None: all) with the number of active people in the
    unit and the units below it who hold a valid record of the competence."""
    query = (select(CoverageRule.id, CoverageRule.unit_id, Unit.name, CoverageRule.competence_id,
                    Competence.name, CoverageRule.minimum)
             .join(Unit, Unit.id == CoverageRule.unit_id)
             .join(Competence, Competence.id == CoverageRule.competence_id)
             .order_by(Unit.name, Competence.name))
    if units is not None:
        query = query.where(CoverageRule.unit_id.in_(units))
    rules = session.execute(query).all()
    if not rules:
        return []
    edges = session.execute(select(Unit.id, Unit.parent_id)).all()
    subtrees = {unit_id: subtree_ids(edges, [unit_id]) for _, unit_id, *_rest in rules}
    holders = session.execute(
        effective_records().with_only_columns(CompetenceRecord.competence_id, Person.unit_id,
                                              CompetenceRecord.person_id)
        .join(Person, Person.id == CompetenceRecord.person_id)
        .where(Person.is_active.is_(True),
               CompetenceRecord.competence_id.in_({rule[3] for rule in rules}),
               Person.unit_id.in_(set().union(*subtrees.values())),
               CompetenceRecord.achieved_on <= today,
               or_(CompetenceRecord.expires_on.is_(None), CompetenceRecord.expires_on >= today))
        .distinct()).all()
    return [CoverageResult(rule_id, unit_id, unit, competence, minimum,
                           len({person for comp, person_unit, person in holders
                                if comp == competence_id and person_unit in subtrees[unit_id]}))
            for rule_id, unit_id, unit, competence_id, competence, minimum in rules]
