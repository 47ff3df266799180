"""Each new job's checklist: when a job starts, the onboarding of it is made from the template
that fits the job's unit and position, its due dates counted from the job's first day.

A job started through the session says so by ``org.signals.job_started``, the bulk import's
jobs by ``jobs_inserted``; either way the checklists are made in a few statements however many
jobs started (the jobs, the templates, the units, then one insert each for the checklists,
their items and the audit events).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import has_app_context
from sqlalchemy import ColumnElement, Row, exists, insert, select
from sqlalchemy.orm import Session, selectinload

from portal import clock
from portal.audit.models import AuditEvent
from portal.onboarding import queries, rules
from portal.onboarding.models import ITEM_FIELDS, Checklist, ChecklistItem, OnboardingTemplate
from portal.org.models import Job


def on_job_started(session: Session, *, job: Job) -> None:
    """Receiver of ``org.signals.job_started``."""
    session.flush()  # the job needs an id
    create_checklists(session, Job.id == job.id, _today())


def on_jobs_inserted(session: Session, *, person_ids: Sequence[int]) -> None:
    """Receiver of ``org.signals.jobs_inserted``: the jobs of these new people."""
    if person_ids:
        create_checklists(session, Job.person_id.in_(person_ids), _today())


def _today() -> date:
    return clock.today() if has_app_context() else date.today()


def create_checklists(session: Session, jobs: ColumnElement[bool], today: date) -> int:
    """Make a checklist for each of these jobs that is a new hire's (see
    :func:`rules.wants_checklist`), has none yet and has a template that applies.

    :param jobs: which jobs, as a condition on :class:`Job`
    :return: how many were made
    """
    started = _new_hire_jobs(session, jobs, today)
    by_position = _templates(session, {job.position_id for job in started}) if started else {}
    parents = queries.unit_parents(session) if by_position else {}
    made = {
        job.id: (job, template)
        for job in started
        if (template := rules.template_for(job.unit_id, parents, by_position[job.position_id]))
        is not None
    }
    if not made:
        return 0
    # Without RETURNING, which SQLite would send row by row; the unique job names each.
    session.execute(
        insert(Checklist),
        [
            {
                "person_id": job.person_id,
                "job_id": job.id,
                "template_id": template.id,
                "start_date": job.starts_on,
            }
            for job, template in made.values()
        ],
    )
    ids = session.execute(
        select(Checklist.job_id, Checklist.id).where(Checklist.job_id.in_(made))
    ).all()
    items = [
        {"checklist_id": checklist_id, **{name: getattr(source, name) for name in ITEM_FIELDS}}
        for job_id, checklist_id in ids
        for source in made[job_id][1].items
    ]
    if items:
        session.execute(insert(ChecklistItem), items)
    session.execute(
        insert(AuditEvent), [_created(checklist_id, *made[job_id]) for job_id, checklist_id in ids]
    )
    return len(ids)


def _created(checklist_id: int, job: Row, template: OnboardingTemplate) -> dict[str, Any]:
    """The audit event of a checklist made for ``job`` from ``template``."""
    return {
        "actor_id": None,
        "action": "onboarding.checklist_created",
        "object_type": "Checklist",
        "object_id": str(checklist_id),
        "subject_id": job.person_id,
        "details": {
            "person_id": job.person_id,
            "job_id": job.id,
            "template_id": template.id,
            "items": len(template.items),
        },
    }


def _new_hire_jobs(session: Session, jobs: ColumnElement[bool], today: date) -> list[Row]:
    """Of these jobs, those with a position and no checklist that start a new hire."""
    query = select(Job.id, Job.person_id, Job.unit_id, Job.position_id, Job.starts_on).where(
        jobs,
        Job.position_id.is_not(None),
        ~exists().where(Checklist.job_id == Job.id),
    )
    return [job for job in session.execute(query) if rules.wants_checklist(job.starts_on, today)]


def _templates(
    session: Session, position_ids: set[int]
) -> dict[int, dict[int | None, OnboardingTemplate]]:
    """These positions' templates by unit (None: organisation-wide), with their items."""
    found: dict[int, dict[int | None, OnboardingTemplate]] = defaultdict(dict)
    query = (
        select(OnboardingTemplate)
        .where(OnboardingTemplate.position_id.in_(position_ids))
        .options(selectinload(OnboardingTemplate.items))
    )
    for template in session.scalars(query):
        found[template.position_id][template.unit_id] = template
    return found
