"""Reads for the kurspott: budgets and their use, applications, allocations, the forecast.

Lists are read in bulk: one query per list, never one per person or per budget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, joinedload

from portal import clock
from portal.authz import Scope
from portal.competence.models import Competence
from portal.competence.queries import held_map
from portal.funds import rules
from portal.funds.models import Application, Budget
from portal.needs.models import TrainingNeed
from portal.org.jobs import in_units, runs_on
from portal.org.models import Job, Person, Unit
from portal.org.queries import units_in

#: The part of an application that counts against its budget now.
ALLOCATED = case(
    (Application.status == "approved", Application.approved_ore),
    (Application.status == "completed", Application.spent_ore),
    else_=0,
)


def usage(session: Session, budget: Budget) -> rules.Usage:
    """What is committed and spent from ``budget``, summed from its applications."""
    committed, spent = session.execute(
        select(
            func.coalesce(
                func.sum(
                    case((Application.status == "approved", Application.approved_ore), else_=0)
                ),
                0,
            ),
            func.coalesce(
                func.sum(case((Application.status == "completed", Application.spent_ore), else_=0)),
                0,
            ),
        ).where(Application.budget_id == budget.id)
    ).one()
    return rules.Usage(budget.amount_ore, int(committed), int(spent))


@dataclass(frozen=True)
class UnitBudget:
    unit: Unit
    budget: Budget | None
    usage: rules.Usage | None


def budgets_in_scope(session: Session, scope: Scope, year: int) -> list[UnitBudget]:
    """Each unit in the scope with its budget for ``year`` and its use, in two queries."""
    units = units_in(session, scope)
    budgets = {
        b.unit_id: b
        for b in session.scalars(
            select(Budget).where(Budget.year == year, Budget.unit_id.in_([u.id for u in units]))
        )
    }
    sums = {
        budget_id: (int(committed), int(spent))
        for budget_id, committed, spent in session.execute(
            select(
                Application.budget_id,
                func.sum(
                    case((Application.status == "approved", Application.approved_ore), else_=0)
                ),
                func.sum(case((Application.status == "completed", Application.spent_ore), else_=0)),
            )
            .where(Application.budget_id.in_([b.id for b in budgets.values()]))
            .group_by(Application.budget_id)
        )
    }
    rows = []
    for unit in units:
        budget = budgets.get(unit.id)
        used = None
        if budget is not None:
            used = rules.Usage(budget.amount_ore, *sums.get(budget.id, (0, 0)))
        rows.append(UnitBudget(unit, budget, used))
    return rows


def budget_of(session: Session, unit_id: int, year: int) -> Budget | None:
    return session.scalar(select(Budget).where(Budget.unit_id == unit_id, Budget.year == year))


def _applications():
    return select(Application).options(
        joinedload(Application.person), joinedload(Application.competence)
    )


def applications_of(session: Session, person_id: int) -> list[Application]:
    return list(
        session.scalars(
            _applications()
            .where(Application.person_id == person_id)
            .order_by(Application.created_dt.desc(), Application.id.desc())
        )
    )


def pending_in_scope(session: Session, scope: Scope) -> list[Application]:
    """Applications waiting for a decision in the units of ``scope``, oldest first."""
    if scope.is_empty:
        return []
    query = _applications().where(Application.status == "pending")
    if not scope.is_all:
        query = query.where(Application.unit_id.in_(scope.unit_ids))
    return list(session.scalars(query.order_by(Application.created_dt, Application.id)))


def applications_of_unit(session: Session, unit_id: int, year: int) -> list[Application]:
    """The unit's applications for courses starting in ``year``."""
    return list(
        session.scalars(
            _applications()
            .where(
                Application.unit_id == unit_id,
                Application.start_date.between(date(year, 1, 1), date(year, 12, 31)),
            )
            .order_by(Application.start_date, Application.id)
        )
    )


def fair_shares(session: Session, unit_id: int, years: Iterable[int]) -> list[rules.FairShare]:
    """The unit's active people, each with the share of their jobs in the unit and what the
    kurspott gave them in ``years``."""
    years = list(years)
    people = session.execute(
        select(Person.id, Person.name, func.sum(Job.employment_percent))
        .join(Job, Job.person_id == Person.id)
        .where(Job.unit_id == unit_id, runs_on(clock.today()), Person.is_active.is_(True))
        .group_by(Person.id, Person.name)
    ).all()
    allocated: dict[int, int] = dict(
        session.execute(
            select(Application.person_id, func.sum(ALLOCATED))
            .join(Budget, Budget.id == Application.budget_id)
            .where(Application.unit_id == unit_id, Budget.year.in_(years))
            .group_by(Application.person_id)
        ).all()
    )
    return rules.fair_shares(people, {pid: int(ore) for pid, ore in allocated.items()})


def spending_by_competence(
    session: Session, unit_id: int, year: int
) -> list[tuple[str | None, int]]:
    """What the year's budget gave per competence area (None: no competence named)."""
    rows = session.execute(
        select(Competence.name, func.sum(ALLOCATED))
        .select_from(Application)
        .join(Budget, Budget.id == Application.budget_id)
        .outerjoin(Competence, Competence.id == Application.competence_id)
        .where(
            Application.unit_id == unit_id,
            Budget.year == year,
            Application.status.in_(("approved", "completed")),
        )
        .group_by(Competence.name)
    ).all()
    return sorted(((name, int(ore)) for name, ore in rows), key=lambda r: -r[1])


@dataclass(frozen=True)
class Forecast:
    year: int
    items: list[rules.ForecastItem]
    names: dict[int, str]

    @property
    def suggested_ore(self) -> int:
        return rules.suggested_budget(self.items)

    @property
    def unpriced(self) -> list[rules.ForecastItem]:
        return [item for item in self.items if item.cost_ore is None]


def forecast(session: Session, unit_id: int, year: int) -> Forecast:
    """What ``year`` will likely cost the unit: recertifications falling due, at each
    competence's typical cost, and the open high-priority needs of its people."""
    people = dict(
        session.execute(
            select(Person.id, Person.name).where(in_units([unit_id]), Person.is_active.is_(True))
        ).all()
    )
    held = held_map(session, people)
    # Internal courses and sign-offs cost the kurspott nothing unless a cost is set; external
    # ones without a typical cost are listed as unknown, so the lead sees what is missing.
    renewable = {
        cid: (name, cost)
        for cid, name, cost in session.execute(
            select(Competence.id, Competence.name, Competence.typical_cost_ore).where(
                Competence.validity_months.is_not(None),
                or_(Competence.typical_cost_ore.is_not(None), Competence.kind == "external"),
            )
        )
    }
    recerts = rules.recertifications(
        ((pid, cid, h.expires_on) for (pid, cid), h in held.items()), year, renewable
    )
    needs = [
        rules.ForecastItem(
            "need", n.person_id, n.competence_id, n.title, n.target_date, n.estimated_cost_ore
        )
        for n in session.scalars(
            select(TrainingNeed)
            .where(
                TrainingNeed.person_id.in_(list(people)),
                TrainingNeed.status == "open",
                TrainingNeed.priority == "high",
            )
            .order_by(TrainingNeed.target_date)
        )
    ]
    return Forecast(year, rules.without_duplicates(recerts, needs), people)
