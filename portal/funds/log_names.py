"""Budgets and course applications by name in the audit log."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.names import Named, register
from portal.funds.models import Application, Budget
from portal.org.models import Person, Unit


def budgets(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Budget.id, Budget.unit_id, Unit.name, Budget.year)
        .join(Unit, Unit.id == Budget.unit_id)
        .where(Budget.id.in_(ids))
    )
    return {
        id_: Named(f"{unit} {year}", url_for("funds.overview", unit_id=unit_id))
        for id_, unit_id, unit, year in rows
    }


def applications(session: Session, ids: set[int]) -> dict[int, Named]:
    rows = session.execute(
        select(Application.id, Application.title, Person.name)
        .join(Person, Person.id == Application.person_id)
        .where(Application.id.in_(ids))
    )
    return {
        id_: Named(f"{title} – {person}", url_for("funds.application", application_id=id_))
        for id_, title, person in rows
    }


def register_names(app: Flask) -> None:
    register(app, "Budget", budgets)
    register(app, "Application", applications)
