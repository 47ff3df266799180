"""The lead's start-page panel: who has expired, expiring and missing mandatory competences,
which coverage rules are breached, and which submissions wait for review. Counted by the
database, so the panel costs the same for a GP office and a health trust."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select

from portal.clock import expiring_window, today
from portal.competence.gaps import Status
from portal.competence.models import Submission
from portal.db import get_session
from portal.org.jobs import in_units
from portal.org.models import Person
from portal.org.scope import scope_of
from portal.reports import aggregates, queries

SHOWN = (Status.EXPIRED, Status.EXPIRING, Status.MISSING)
NAMES_PER_STATUS = 12


def panel(user) -> Markup | None:
    """The panel for a lead (their units) or an administrator (submissions only: the whole
    organisation's gaps belong in the report, not on a start page)."""
    if not (user.is_lead or user.is_admin):
        return None
    db, scope = get_session(), scope_of(user)
    pending = (
        select(func.count(Submission.id))
        .join(Person, Person.id == Submission.person_id)
        .where(Submission.state == "pending", Submission.person_id != user.id)
    )
    units = queries.unit_ids(db, scope, None)
    if units is not None:
        pending = pending.where(in_units(units))
    groups: list[aggregates.StatusGroup] = []
    breaches: list = []
    if user.is_lead:
        groups = aggregates.people_by_status(
            db, scope, today(), expiring_window(), SHOWN, NAMES_PER_STATUS
        )
        breaches = [r for r in queries.coverage_results(db, units, today()) if r.is_breached]
    return Markup(
        render_template(
            "reports/_panel.html",
            groups=groups,
            breaches=breaches,
            pending=db.scalar(pending),
            limit=NAMES_PER_STATUS,
        )
    )
