"""The declaration of confidentiality in the demo: the onboarding items of that name point to
the document, and at Leknes legesenter the lead and the new hire have confirmed its version 2
while the others (the secretary with expired records among them) have not. Run after the
content is loaded, since the document comes from ``documents/``."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.demo.onboarding_data import DECLARATION_ITEM
from portal.documents import operations
from portal.documents.models import Document, DocumentConfirmation
from portal.onboarding.models import ChecklistItem, TemplateItem
from portal.org.models import Person

DECLARATION = "taushetserklaering"
#: Who has confirmed the declaration, and how many days ago.
CONFIRMED = (("leder@leknes.example", 20), ("nyansatt@leknes.example", 9))


def load(session: Session, today: date) -> int:
    """Confirm the declaration for the demo people who have; 0 when done before or when the
    content has no declaration."""
    document = session.scalar(select(Document).where(Document.slug == DECLARATION))
    if document is None or _confirmed_before(session, document):
        return 0
    _link_items(session, document)
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
            signed_with="password" if document.is_strong else None,
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


def _link_items(session: Session, document: Document) -> None:
    """The demo's declaration items, in templates and checklists, point to the document."""
    kind, title = DECLARATION_ITEM[0], DECLARATION_ITEM[1]
    models: tuple[type[TemplateItem] | type[ChecklistItem], ...] = (TemplateItem, ChecklistItem)
    for model in models:
        session.execute(
            update(model)
            .where(model.kind == kind, model.title == title)
            .values(document_id=document.id)
        )
