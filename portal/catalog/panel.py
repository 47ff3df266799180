"""The start page's "Hva må jeg gjøre nå": my requirements, most urgent first, with courses."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.catalog.queries import courses_by_competence
from portal.clock import expiring_window, today
from portal.competence.gaps import Status, is_met
from portal.competence.queries import statuses_for
from portal.db import get_session


def todo_panel(user) -> Markup | None:
    if user.position_id is None:
        return None
    db = get_session()
    rows = statuses_for(db, user, today(), expiring_window())
    courses = courses_by_competence(db, {row.competence.id for row in rows})
    todo = [row for row in rows if row.status != Status.OK]
    mandatory = [row for row in rows if row.requirement.is_mandatory]
    return Markup(
        render_template(
            "catalog/_todo.html",
            todo=todo,
            courses=courses,
            done=sum(is_met(row.status) for row in mandatory),
            total=len(mandatory),
        )
    )
