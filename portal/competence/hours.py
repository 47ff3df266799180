"""The hours ledger: approved hours toward the career ladder (klinisk fagstige), per person and
year, from the records that count.

A line is a record that counts now (neither void nor superseded) and carries hours. A
correction carries the hours of the record it corrects unless it says otherwise, so a record
corrected or shortened by a new course version is counted once, under the source it came
from; a voided record counts for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.authz import Scope
from portal.competence.models import Competence, CompetenceRecord
from portal.competence.queries import effective_records
from portal.org.jobs import in_units
from portal.org.models import Person, Unit


@dataclass(frozen=True)
class Line:
    achieved_on: date
    competence: str
    source: str  # where the hours came from: "course", "session", "external", …
    minutes: int
    reference: str | None  # the approval's reference


@dataclass(frozen=True)
class Year:
    year: int
    lines: list[Line]

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)


def ledger(session: Session, person_id: int) -> list[Year]:
    """The person's hours by year, the latest year first, each year's lines by date."""
    rows = session.execute(
        select(CompetenceRecord, Competence.name)
        .join(Competence, Competence.id == CompetenceRecord.competence_id)
        .where(CompetenceRecord.person_id == person_id)
    ).all()
    by_id = {record.id: record for record, _name in rows}
    names = {record.id: name for record, name in rows}
    lines = [
        Line(
            record.achieved_on,
            names[record.id],
            origin_of(record, by_id).source,
            record.credit_minutes,
            record.credit_reference,
        )
        for record in counting(by_id.values())
        if record.credit_minutes is not None
    ]
    return by_year(lines)


def counting(records: Iterable[CompetenceRecord]) -> list[CompetenceRecord]:
    """Those of ``records`` (all of one person's) that count: not void, not superseded."""
    everything = list(records)
    superseded = {record.supersedes_id for record in everything if record.supersedes_id}
    return [r for r in everything if not r.is_void and r.id not in superseded]


def origin_of(record: CompetenceRecord, by_id: dict[int, CompetenceRecord]) -> CompetenceRecord:
    """The first record of the chain of corrections that ends in ``record``."""
    while record.supersedes_id is not None and record.supersedes_id in by_id:
        record = by_id[record.supersedes_id]
    return record


def by_year(lines: list[Line]) -> list[Year]:
    years: dict[int, list[Line]] = {}
    for line in sorted(lines, key=lambda line: line.achieved_on):
        years.setdefault(line.achieved_on.year, []).append(line)
    return [Year(year, years[year]) for year in sorted(years, reverse=True)]


def people_hours(session: Session, scope: Scope, year: int) -> Select:
    """Active people in ``scope`` with their unit and the minutes they have for ``year``
    (0 without any), by unit and name: one query, whatever the number of people."""
    minutes = (
        effective_records()
        .with_only_columns(
            CompetenceRecord.person_id,
            func.sum(CompetenceRecord.credit_minutes).label("minutes"),
        )
        .where(
            CompetenceRecord.credit_minutes.is_not(None),
            CompetenceRecord.achieved_on.between(date(year, 1, 1), date(year, 12, 31)),
        )
        .group_by(CompetenceRecord.person_id)
        .subquery()
    )
    query = (
        select(Person.id, Person.name, Unit.name, func.coalesce(minutes.c.minutes, 0))
        .join(Unit, Unit.id == Person.unit_id)
        .outerjoin(minutes, minutes.c.person_id == Person.id)
        .where(Person.is_active.is_(True))
        .order_by(Unit.name, Person.name, Person.id)
    )
    if not scope.is_all:
        query = query.where(in_units(scope.unit_ids))
    return query
