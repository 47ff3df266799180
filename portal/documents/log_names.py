"""Documents by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.documents.models import Document


def documents(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Document.id, Document.title, Document.slug).where(Document.id.in_(ids))
    )
    return {id_: Named(title, url_for("documents.show", slug=slug)) for id_, title, slug in rows}


def register_names(app: Flask) -> None:
    register(app, "Document", documents)
