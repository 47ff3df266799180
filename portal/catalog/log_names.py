"""Courses by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.catalog.models import Course


def courses(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(select(Course.id, Course.title, Course.slug).where(Course.id.in_(ids)))
    return {id_: Named(title, url_for("catalog.course", slug=slug)) for id_, title, slug in rows}


def register_names(app: Flask) -> None:
    register(app, "Course", courses)
