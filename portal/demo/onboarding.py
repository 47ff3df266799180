"""The demo's onboarding: templates before the people are created (so that the new hires get
checklists when their jobs start, by the ``job_started`` signal), and progress on two
checklists afterwards."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo import data as org_data
from portal.demo import onboarding_data as data
from portal.formatting import OSLO
from portal.onboarding.models import Checklist, OnboardingTemplate, TemplateItem
from portal.onboarding.operations import ItemData, assign_helpers, confirm_item


def templates(session: Session, ctx) -> None:
    """An organisation-wide template for every demo position with requirements."""
    for position, extra in data.EXTRA.items():
        template = OnboardingTemplate(position=ctx.positions[position], unit_id=None)
        for kind, title, due_days, role, description in data.COMMON + extra:
            _add(
                template,
                ItemData(
                    kind=kind,
                    title=title,
                    due_days=due_days,
                    description=description,
                    responsible_role=role,
                    competence_id=_stands_for(ctx, title),
                ),
            )
        for code, mandatory, due_days in org_data.REQUIREMENTS[position]:
            competence = ctx.competences[code]
            if mandatory and competence.kind == "course":
                _add(
                    template,
                    ItemData(
                        kind="course",
                        title=f"Kurs: {competence.name}",
                        due_days=due_days,
                        competence_id=competence.id,
                        description=competence.description,
                    ),
                )
        session.add(template)
    session.flush()


def _stands_for(ctx, title: str) -> int | None:
    code = data.STANDS_FOR.get(title)
    return ctx.competences[code].id if code else None


def _add(template: OnboardingTemplate, data: ItemData) -> None:
    item = TemplateItem()
    data.apply_to(item)
    template.items.append(item)


def progress(session: Session, ctx) -> None:
    """Mentors, IT contacts and some items done on the demo new hires' checklists."""
    for email, (mentor, it_contact, done) in data.PROGRESS.items():
        checklist = session.scalar(
            select(Checklist)
            .where(Checklist.person_id == ctx.people[email].id)
            .order_by(Checklist.id)
            .limit(1)
        )
        if checklist is None:
            continue
        admin = ctx.people[org_data.PEOPLE[0][0]]
        assign_helpers(
            session,
            actor_id=admin.id,
            checklist=checklist,
            mentor=ctx.people[mentor],
            it_contact=ctx.people[it_contact] if it_contact else None,
        )
        items = {item.title: item for item in checklist.items}
        for title, by, days_ago in done:
            at = datetime.combine(ctx.today - timedelta(days=days_ago), time(10), OSLO)
            confirm_item(session, actor_id=ctx.people[by].id, item=items[title], at=at)
    session.flush()
