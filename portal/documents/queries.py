"""Reads: the documents, who has confirmed which version, and a person's confirmations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portal.authz import Scope
from portal.competence.models import CompetenceRecord, Standing
from portal.documents import rules
from portal.documents.models import Document, DocumentConfirmation, DocumentVersion
from portal.org.jobs import current_jobs, in_units
from portal.org.models import Job, Person


def listed(session: Session) -> list[Document]:
    """The documents not retired, by title."""
    query = (
        select(Document)
        .where(Document.is_retired.is_(False))
        .options(selectinload(Document.versions))
        .order_by(Document.title)
    )
    return list(session.scalars(query))


def document_or_404(session: Session, slug: str) -> Document:
    """The document (retired ones too: their versions stay readable), or a 404."""
    document = session.scalar(
        select(Document).where(Document.slug == slug).options(selectinload(Document.versions))
    )
    if document is None:
        abort(404)
    return document


def version_or_404(document: Document, number: int) -> DocumentVersion:
    found = next((v for v in document.versions if v.version == number), None)
    if found is None:
        abort(404)
    return found


def required(document: Document) -> int:
    """The version whose confirmation counts in full (see :func:`rules.required_version`)."""
    return rules.required_version((v.version, v.is_material) for v in document.versions)


def _held(document: Document, reference: str | None, expires_on: date | None) -> rules.Held:
    return rules.Held(rules.version_of(reference, document.slug), expires_on)


def _counting(
    session: Session, competence_ids: Iterable[int], person_ids: Iterable[int] | Select | None
):
    """``(person_id, competence_id, reference, expires_on)`` of each record that counts."""
    query = (
        select(
            Standing.person_id,
            Standing.competence_id,
            CompetenceRecord.reference,
            Standing.expires_on,
        )
        .join(CompetenceRecord, CompetenceRecord.id == Standing.record_id)
        .where(Standing.competence_id.in_(list(competence_ids)))
    )
    if person_ids is not None:
        ids = person_ids if isinstance(person_ids, Select) else list(person_ids)
        query = query.where(Standing.person_id.in_(ids))
    return session.execute(query).all()


def held_version(session: Session, person_id: int, document: Document) -> rules.Held | None:
    """The person's confirmation that counts for ``document``, or None."""
    rows = _counting(session, [document.competence_id], [person_id])
    return _held(document, rows[0].reference, rows[0].expires_on) if rows else None


@dataclass(frozen=True)
class Row:
    """One document for one person: where they stand, and whether it is asked of them."""

    document: Document
    person: Person | None
    held: rules.Held | None
    state: rules.State
    is_asked: bool


def _position_codes(person: Person, today: date, units: frozenset[int] | None = None) -> set[str]:
    """The codes of the positions of the person's current jobs (in ``units``; None: all)."""
    return {
        job.position.code
        for job in current_jobs(person, today)
        if job.position is not None and (units is None or job.unit_id in units)
    }


def my_rows(session: Session, person: Person, today: date) -> list[Row]:
    """Every listed document as it stands for ``person``: those asked of them first."""
    documents = listed(session)
    held = {
        row.competence_id: row
        for row in _counting(session, [d.competence_id for d in documents], [person.id])
    }
    codes = _position_codes(person, today)
    rows = []
    for document in documents:
        found = held.get(document.competence_id)
        mine = _held(document, found.reference, found.expires_on) if found else None
        rows.append(
            Row(
                document=document,
                person=None,
                held=mine,
                state=rules.state(mine, required(document), today),
                is_asked=not codes.isdisjoint(document.applies_to),
            )
        )
    return sorted(rows, key=lambda row: not row.is_asked)


def people_rows(session: Session, document: Document, scope: Scope, today: date) -> list[Row]:
    """The active people in ``scope`` whom a position of a job of theirs (in the scope's
    units) asks to confirm ``document``, and those in scope who confirmed it anyway, by name."""
    query = (
        select(Person)
        .where(Person.is_active.is_(True))
        .options(
            joinedload(Person.unit),
            joinedload(Person.position),
            selectinload(Person.jobs).joinedload(Job.position),
        )
        .order_by(Person.name)
    )
    if not scope.is_all:
        query = query.where(in_units(scope.unit_ids))
    in_scope = None if scope.is_all else query.with_only_columns(Person.id).order_by(None)
    held = {row.person_id: row for row in _counting(session, [document.competence_id], in_scope)}
    rows = []
    wanted = required(document)
    units = None if scope.is_all else scope.unit_ids
    for person in session.scalars(query):
        is_asked = not _position_codes(person, today, units).isdisjoint(document.applies_to)
        found = held.get(person.id)
        if not is_asked and found is None:
            continue
        mine = _held(document, found.reference, found.expires_on) if found else None
        state = rules.state(mine, wanted, today)
        rows.append(Row(document, person, mine, state, is_asked))
    return rows


def confirmations_of(session: Session, person_id: int) -> list[DocumentConfirmation]:
    """Everything the person has confirmed, newest first, with the versions' documents."""
    query = (
        select(DocumentConfirmation)
        .where(DocumentConfirmation.person_id == person_id)
        .options(
            joinedload(DocumentConfirmation.version).joinedload(DocumentVersion.document),
            joinedload(DocumentConfirmation.record),
        )
        .order_by(DocumentConfirmation.confirmed_dt.desc(), DocumentConfirmation.id.desc())
    )
    return list(session.scalars(query))


def has_confirmed(session: Session, person_id: int, version: DocumentVersion) -> bool:
    found = session.scalar(
        select(DocumentConfirmation.id)
        .where(
            DocumentConfirmation.person_id == person_id,
            DocumentConfirmation.version_id == version.id,
        )
        .limit(1)
    )
    return found is not None
