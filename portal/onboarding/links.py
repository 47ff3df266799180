"""Where a course item links to: the course that grants its competence, else the catalogue."""

from __future__ import annotations

from flask import url_for

from portal.catalog.queries import courses_by_competence
from portal.db import get_session


def course_url(competence_id: int | None) -> str:
    course = (
        courses_by_competence(get_session(), {competence_id}).get(competence_id)
        if competence_id
        else None
    )
    return url_for("catalog.course", slug=course.slug) if course else url_for("catalog.index")
