"""Loading documents from content, confirming them, requiring a new version, retiring.

Operations flush, never commit, and audit the actor.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.operations import record as audit
from portal.competence import records
from portal.competence.models import CompetenceRecord
from portal.competence.operations import granted_by_content
from portal.competence.queries import other_version_records
from portal.content import Content, Refused
from portal.content.documents import DocumentDef
from portal.content.render import render
from portal.dates import add_months
from portal.db import utcnow
from portal.documents import rules
from portal.documents.models import Document, DocumentConfirmation, DocumentVersion
from portal.documents.queries import held_version
from portal.documents.signals import document_confirmed
from portal.formatting import format_date
from portal.org.models import Person

logger = logging.getLogger(__name__)


class AlreadyConfirmed(Exception):
    """The person holds a valid confirmation of this version already."""


class Retired(Exception):
    """The document is retired: nothing more is confirmed or required of it."""


def sync_documents(session: Session, content: Content, *, actor_id: int | None = None) -> list[str]:
    """Bring the documents in the database in line with ``content``; one line per change.

    A new version is stored beside the old ones, which stay as they were; a document no longer
    on disk is retired.

    :raise Refused: if a file would rewrite a loaded version (then nothing is loaded)
    """
    stored = {document.slug: document for document in session.scalars(select(Document))}
    _check_versions(stored, content.documents)
    lines = []
    for definition in content.documents:
        document = stored.pop(definition.slug, None)
        line = _store(session, document, definition, actor_id)
        if line:
            lines.append(line)
    for document in stored.values():
        if not document.is_retired:
            retire(session, actor_id=actor_id, document=document)
            lines.append(f"document {document.slug} retired (its file is gone)")
    session.flush()
    return lines


def _check_versions(stored: dict[str, Document], definitions: tuple[DocumentDef, ...]) -> None:
    problems = []
    for definition in definitions:
        document = stored.get(definition.slug)
        loaded = {v.version: v.digest for v in document.versions} if document else {}
        try:
            rules.version_change(loaded, definition.version, definition.digest)
        except rules.VersionRefused as refused:
            problems.append(f"{definition.path}:1: {refused}")
    if problems:
        raise Refused(problems)


def _store(
    session: Session, document: Document | None, definition: DocumentDef, actor_id: int | None
) -> str | None:
    competence, _created = granted_by_content(
        session,
        code=definition.competence,
        name=definition.title,
        kind="document",
        validity_months=definition.validity_months,
    )
    if document is None:
        document = Document(slug=definition.slug, versions=[])
        session.add(document)
    document.title = definition.title
    document.competence = competence
    document.applies_to = list(definition.applies_to)
    document.validity_months = definition.validity_months
    document.confirm = definition.confirm
    document.sources = list(definition.sources)
    document.reviewed_on = definition.reviewed_on
    if any(v.version == definition.version for v in document.versions):
        return None
    first = not document.versions
    document.versions.append(
        DocumentVersion(
            version=definition.version,
            title=definition.title,
            text=definition.text,
            html=render(definition.text),
            # The first version asks everyone, whatever the file says.
            is_material=first or definition.is_material,
            digest=definition.digest,
        )
    )
    document.version = definition.version
    document.synced_dt = utcnow()
    session.flush()
    audit(
        session,
        actor_id=actor_id,
        action="document.version_loaded",
        obj=document,
        slug=document.slug,
        version=definition.version,
        is_material=definition.is_material,
        digest=definition.digest,
    )
    return f"document {document.slug} version {definition.version} loaded"


def _lock_person(session: Session, person_id: int) -> Person:
    # Two clicks of the same person wait for each other here, so the second sees the first's
    # confirmation (SQLite, which has no FOR UPDATE, runs one writer at a time anyway).
    return session.scalars(
        select(Person)
        .where(Person.id == person_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def confirm(
    session: Session,
    *,
    person_id: int,
    document: Document,
    today: date,
    window: timedelta,
    signed_with: str | None = None,
) -> DocumentConfirmation:
    """The person has read and understood the current version: a record that names it.
    ``signed_with`` says how a strong confirmation was signed: ``"password"`` or ``"sso"``
    (a new login at a provider); the view checks the proof.

    :raise Retired: if the document is retired
    :raise AlreadyConfirmed: if they hold a valid confirmation of this version already
    """
    if document.is_retired:
        raise Retired(document.slug)
    _lock_person(session, person_id)
    version = document.current
    held = held_version(session, person_id, document)
    if not rules.may_confirm(held, version.version, today, window):
        raise AlreadyConfirmed(document.slug)
    months = document.validity_months
    new = CompetenceRecord(
        person_id=person_id,
        competence_id=document.competence_id,
        achieved_on=today,
        expires_on=add_months(today, months) if months else None,
        source="document",
        reference=version.reference,
        recorded_by_id=person_id,
    )
    records.add(session, new)
    confirmation = DocumentConfirmation(
        person_id=person_id,
        version_id=version.id,
        record_id=new.id,
        confirmed_on=today,
        is_strong=signed_with is not None,
        signed_with=signed_with,
    )
    session.add(confirmation)
    session.flush()
    audit(
        session,
        actor_id=person_id,
        action="document.confirmed",
        obj=confirmation,
        slug=document.slug,
        version=version.version,
        record_id=new.id,
        is_strong=signed_with is not None,
        signed_with=signed_with,
    )
    document_confirmed.send(
        session, person_id=person_id, document=document, confirmation=confirmation
    )
    return confirmation


def require_version(
    session: Session, *, actor_id: int, document: Document, by: date
) -> list[CompetenceRecord]:
    """Everyone must confirm the current (material) version by ``by``: confirmations of older
    versions count until then (see :func:`portal.competence.records.require_by`).

    :raise Retired: if the document is retired
    """
    if document.is_retired:
        raise Retired(document.slug)
    current = document.current
    current.required_from = by
    corrections = records.require_by(
        session,
        actor_id=actor_id,
        older=other_version_records(session, document.competence_id, current.reference),
        by=by,
        note=(
            f"Versjon {current.version} av «{document.title}» må bekreftes innen {format_date(by)}."
        ),
    )
    audit(
        session,
        actor_id=actor_id,
        action="document.version_required",
        obj=document,
        version=current.version,
        by=by.isoformat(),
        corrected_record_ids=[c.supersedes_id for c in corrections],
    )
    return corrections


def retire(session: Session, *, actor_id: int | None, document: Document) -> None:
    """The document leaves the lists; its versions and confirmations stay."""
    if document.is_retired:
        return
    document.is_retired = True
    document.retired_dt = utcnow()
    session.flush()
    audit(session, actor_id=actor_id, action="document.retired", obj=document, slug=document.slug)
