"""Checklists, their items, templates and template items by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.onboarding.models import Checklist, ChecklistItem, OnboardingTemplate, TemplateItem
from portal.org.models import Person, Position, Unit


def checklists(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Checklist.id, Person.name)
        .join(Person, Person.id == Checklist.person_id)
        .where(Checklist.id.in_(ids))
    )
    return {
        id_: Named(person, url_for("onboarding.checklist", checklist_id=id_))
        for id_, person in rows
    }


def checklist_items(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(ChecklistItem.id, ChecklistItem.title, Person.name)
        .join(Checklist, Checklist.id == ChecklistItem.checklist_id)
        .join(Person, Person.id == Checklist.person_id)
        .where(ChecklistItem.id.in_(ids))
    )
    return {
        id_: Named(f"{title} – {person}", url_for("onboarding.item", item_id=id_))
        for id_, title, person in rows
    }


def templates(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(OnboardingTemplate.id, Position.name, Unit.name)
        .join(Position, Position.id == OnboardingTemplate.position_id)
        .outerjoin(Unit, Unit.id == OnboardingTemplate.unit_id)
        .where(OnboardingTemplate.id.in_(ids))
    )
    return {
        id_: Named(
            f"{position}, {unit}" if unit else position,
            url_for("onboarding_templates.show", template_id=id_),
        )
        for id_, position, unit in rows
    }


def template_items(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(TemplateItem.id, TemplateItem.title, TemplateItem.template_id).where(
            TemplateItem.id.in_(ids)
        )
    )
    return {
        id_: Named(title, url_for("onboarding_templates.show", template_id=template_id))
        for id_, title, template_id in rows
    }


def register_names(app: Flask) -> None:
    register(app, "Checklist", checklists)
    register(app, "ChecklistItem", checklist_items)
    register(app, "OnboardingTemplate", templates)
    register(app, "TemplateItem", template_items)
