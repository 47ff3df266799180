"""Where an item links to: a course item to the course that grants its competence (else the
catalogue), an acknowledgement item to its document."""

from __future__ import annotations

from flask import url_for

from portal.catalog.queries import courses_by_competence
from portal.db import get_session
from portal.documents.models import Document


def course_url(competence_id: int | None) -> str:
    course = (
        courses_by_competence(get_session(), {competence_id}).get(competence_id)
        if competence_id
        else None
    )
    return url_for("catalog.course", slug=course.slug) if course else url_for("catalog.index")


def document_url(document_id: int | None) -> str | None:
    document = get_session().get(Document, document_id) if document_id else None
    return url_for("documents.show", slug=document.slug) if document else None
