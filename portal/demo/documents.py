"""The declaration of confidentiality in the demo: two at Leknes legesenter have confirmed its
version 2, and the new hire has not yet (her onboarding item waits for it). Run after the
content is loaded, since the document comes from ``documents/``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.documents import operations
from portal.documents.models import Document, DocumentConfirmation
from portal.org.models import Person

DECLARATION = "taushetserklaering"
#: Who has confirmed the declaration, and how many days ago.
CONFIRMED = (("leder@leknes.example", 20), ("mentor@leknes.example", 6))


def load(session: Session, today: date) -> int:
    """Confirm the declaration for the demo people who have; 0 when done before or when the
    content has no declaration."""
    document = session.scalar(select(Document).where(Document.slug == DECLARATION))
    if document is None or _confirmed_before(session, document):
        return 0
    made = 0
    for email, days_ago in CONFIRMED:
        person = session.scalar(select(Person).where(Person.email == email))
        if person is None:
            continue
        operations.confirm(
            session,
            person_id=person.id,
            document=document,
            today=today - timedelta(days=days_ago),
            window=timedelta(days=0),
            is_strong=document.is_strong,
        )
        made += 1
    return made


def _confirmed_before(session: Session, document: Document) -> bool:
    versions = [v.id for v in document.versions]
    found = session.scalar(
        select(DocumentConfirmation.id)
        .where(DocumentConfirmation.version_id.in_(versions))
        .limit(1)
    )
    return found is not None
