"""My requirements on the start page: each one not met is an entry of "Hva må jeg gjøre nå"
(with the course that grants it), and a line says how many of the mandatory ones are met."""

from __future__ import annotations

from datetime import date

from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from portal import web
from portal.catalog.queries import courses_by_competence
from portal.clock import expiring_window, today
from portal.competence.gaps import Status, is_met
from portal.competence.queries import RequirementStatus, statuses_for
from portal.db import get_session
from portal.labels import PENDING, RECOMMENDED_GAP, gap_status_word
from portal.todo import Entry, Source


def _statuses(user, day: date) -> list[RequirementStatus]:
    return web.per_request(
        "catalog.statuses", lambda: statuses_for(get_session(), user, day, expiring_window())
    )


def due_of(row: RequirementStatus) -> date:
    """When the person must act: the last valid day of a record that is expiring or expired,
    else the requirement's due date."""
    if row.status in (Status.EXPIRING, Status.EXPIRED) and row.held and row.held.expires_on:
        return row.held.expires_on
    return row.due_on


def _note(row: RequirementStatus) -> str:
    """«Påkrevd – Utløpt», «Anbefalt, ikke tatt», «Påkrevd – Venter på godkjenning» …"""
    mandatory = row.is_mandatory
    if row.is_pending:
        return f"{_('Påkrevd') if mandatory else _('Anbefalt')} – {PENDING[1]}"
    if not mandatory and row.status in RECOMMENDED_GAP:
        kind = str(RECOMMENDED_GAP[row.status][1])
    else:
        kind = _("Påkrevd") if mandatory else _("Anbefalt")
        if row.status is not Status.NOT_DUE:
            kind = f"{kind} – {gap_status_word(row.status)}"
    return kind


def todo_entries(user, day: date) -> list[Entry]:
    """Every requirement of the person's position that is not met, or must be renewed."""
    if user.position_id is None:
        return []
    rows = [row for row in _statuses(user, day) if row.status is not Status.OK]
    courses = courses_by_competence(get_session(), {row.competence.id for row in rows})
    entries = []
    for row in rows:
        course = courses.get(row.competence.id)
        entries.append(
            Entry(
                source=Source.REQUIREMENT,
                title=row.competence.name,
                due=due_of(row),
                is_mandatory=row.is_mandatory,
                url=url_for("catalog.course", slug=course.slug) if course else None,
                competence_id=row.competence.id,
                note=_note(row),
                subject=row,
            )
        )
    return entries


def todo_panel(user) -> Markup | None:
    """How many of the position's mandatory requirements are met."""
    if user.position_id is None:
        return None
    mandatory = [row for row in _statuses(user, today()) if row.is_mandatory]
    if not mandatory:
        return None
    return Markup(
        render_template(
            "catalog/_todo.html",
            done=sum(is_met(row.status) for row in mandatory),
            total=len(mandatory),
        )
    )
