"""Changing the kurspott: budgets, applications, decisions, cancellations and actual costs.

Every change that moves money locks the budget row first (``SELECT … FOR UPDATE``, with
``populate_existing`` so that the row read is the one just locked, not a stale copy), then
reads what is committed and spent, then checks, then writes, all in the caller's transaction.
Two approvals at once therefore take turns, and the second sees the first. The application row
is locked before the budget, always in that order, so that two requests cannot deadlock.
Operations flush and never commit; every change is audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.operations import record
from portal.clock import today
from portal.db import utcnow
from portal.funds.models import Application, Budget
from portal.funds.queries import usage
from portal.notify.messages import N_
from portal.notify.operations import close_tasks, notify
from portal.org.models import Person
from portal.org.scope import leads_of_unit

logger = logging.getLogger(__name__)


class FundsError(Exception):
    """A change the kurspott's rules do not allow; nothing was changed."""


class NoBudget(FundsError):
    def __init__(self, year: int):
        super().__init__(year)
        self.year = year


class OverBudget(FundsError):
    def __init__(self, remaining_ore: int):
        super().__init__(remaining_ore)
        self.remaining_ore = remaining_ore


class BudgetBelowUse(FundsError):
    def __init__(self, used_ore: int):
        super().__init__(used_ore)
        self.used_ore = used_ore


class AlreadyDecided(FundsError):
    """The application is no longer waiting for a decision, and this is not the same one."""


class AboveApproval(FundsError):
    """Only someone who decides on the application may report a cost above its approval."""

    def __init__(self, approved_ore: int):
        super().__init__(approved_ore)
        self.approved_ore = approved_ore


class WrongState(FundsError):
    """The application is not in a state where this can be done."""


class BadAmount(FundsError):
    """A part approval must be more than nothing and less than what was applied for."""


@dataclass
class ApplicationData:
    title: str
    provider: str
    start_date: date
    end_date: date
    fee_ore: int
    travel_ore: int
    accommodation_ore: int
    justification: str
    need_id: int | None = None
    competence_id: int | None = None


def locked_budget(session: Session, unit_id: int, year: int) -> Budget | None:
    """The budget row, locked for the rest of the transaction (SQLite: no lock, one writer)."""
    return session.scalars(
        select(Budget)
        .where(Budget.unit_id == unit_id, Budget.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def set_budget(
    session: Session, *, actor_id: int, unit_id: int, year: int, amount_ore: int
) -> Budget:
    """Set a unit's kurspott for a year, never below what is already committed and spent.

    :raise BudgetBelowUse: if ``amount_ore`` is less than what is committed and spent
    """
    budget = locked_budget(session, unit_id, year)
    before = None
    if budget is None:
        budget = Budget(unit_id=unit_id, year=year, amount_ore=amount_ore)
        session.add(budget)
    else:
        used = usage(session, budget)
        if amount_ore < used.committed_ore + used.spent_ore:
            raise BudgetBelowUse(used.committed_ore + used.spent_ore)
        before, budget.amount_ore = budget.amount_ore, amount_ore
    record(
        session,
        actor_id=actor_id,
        action="funds.budget_set",
        obj=budget,
        unit_id=unit_id,
        year=year,
        before_ore=before,
        amount_ore=amount_ore,
    )
    return budget


def apply(session: Session, *, person: Person, data: ApplicationData) -> Application:
    """An application from ``person``, paid from their unit's kurspott if approved."""
    application = Application(person_id=person.id, unit_id=person.unit_id, **vars(data))
    session.add(application)
    record(
        session,
        actor_id=person.id,
        action="funds.application_submitted",
        obj=application,
        unit_id=person.unit_id,
        requested_ore=application.requested_ore,
    )
    for lead in leads_of(session, person.unit_id):
        if lead.id != person.id:
            notify(
                session,
                person=lead,
                subject=N_("Ny kurssøknad fra %(name)s: %(title)s"),
                body=N_("Avgjør søknaden."),
                params={"name": person.name, "title": data.title},
                link=f"/funds/applications/{application.id}",
                task=("application", application.id),
            )
    return application


def decide(
    session: Session,
    *,
    actor_id: int,
    application: Application,
    decision: str,
    reason: str,
    amount_ore: int | None = None,
) -> bool:
    """Approve in full, approve ``amount_ore`` in part, or reject, with a reason.

    The same decision posted again (a double click) changes nothing and returns False.

    :return: True if the application was decided now
    :raise AlreadyDecided: if it was decided otherwise before
    :raise BadAmount: if a part approval is not between nothing and the amount applied for
    :raise NoBudget: if the unit has no kurspott for the course's year
    :raise OverBudget: if the approval would pass what remains of the budget
    """
    _lock(session, application)
    if application.status != "pending":
        if application.decision == decision and (
            decision != "partial" or application.approved_ore == amount_ore
        ):
            return False
        raise AlreadyDecided(application.status)
    if decision == "reject":
        application.status = "rejected"
    else:
        amount = application.requested_ore if decision == "full" else amount_ore
        if amount is None or (decision == "partial" and not 0 < amount < application.requested_ore):
            raise BadAmount(amount)
        commit_amount(session, application, amount)
    _decided(session, application, actor_id=actor_id, decision=decision, reason=reason)
    if decision == "full":
        subject = N_("Kurssøknaden din er innvilget: %(title)s")
    elif decision == "partial":
        subject = N_("Kurssøknaden din er delvis innvilget: %(title)s")
    else:
        subject = N_("Kurssøknaden din er avslått: %(title)s")
    notify(
        session,
        person=application.person,
        subject=subject,
        note=application.decision_reason or "",
        params={"title": application.title},
        link=f"/funds/applications/{application.id}",
    )
    logger.info("application %s decided %s by %s", application.id, decision, actor_id)
    return True


def approve_at_once(
    session: Session, *, actor_id: int, person: Person, data: ApplicationData, reason: str
) -> Application:
    """An application approved in full as it is made, by a lead who decides on the cost
    elsewhere (a seat on a paid course session): the same rules, lock and refusal as
    :func:`decide`, and the kurspott shows it like any other approval.

    :raise NoBudget: if the unit has no kurspott for the course's year
    :raise OverBudget: if the cost would pass what remains of the budget
    """
    application = Application(person_id=person.id, unit_id=person.unit_id, **vars(data))
    commit_amount(session, application, application.requested_ore)  # refused: nothing added
    session.add(application)
    session.flush()
    _decided(session, application, actor_id=actor_id, decision="full", reason=reason)
    return application


def commit_amount(session: Session, application: Application, amount_ore: int) -> None:
    """Commit ``amount_ore`` of the kurspott of the application's unit, in the year its course
    starts, to the application: with the budget row locked, and refused if it passes what
    remains. Every approval commits money here.

    :raise NoBudget: if the unit has no kurspott for that year
    :raise OverBudget: if the amount would pass what remains of the budget
    """
    budget = _budget_for(session, application)
    remaining = usage(session, budget).remaining_ore
    if amount_ore > remaining:
        raise OverBudget(remaining)
    application.status, application.approved_ore = "approved", amount_ore
    application.budget_id = budget.id


def _decided(
    session: Session, application: Application, *, actor_id: int, decision: str, reason: str
) -> None:
    application.decision, application.decision_reason = decision, reason.strip()
    close_tasks(session, ("application", application.id))  # for every lead who was asked
    application.decided_by_id, application.decided_dt = actor_id, utcnow()
    record(
        session,
        actor_id=actor_id,
        action="funds.application_decided",
        obj=application,
        decision=decision,
        approved_ore=application.approved_ore,
        budget_id=application.budget_id,
        reason=application.decision_reason,
    )


def cancel(
    session: Session, *, actor_id: int, application: Application, tell_person: bool = True
) -> bool:
    """Withdraw a pending application or cancel an approved one, freeing what it committed.

    :param tell_person: notify the applicant when someone else cancels (False where the
        caller tells them itself, in its own words)

    :return: False if it was already cancelled (a second click)
    :raise WrongState: if it was rejected or its actual cost is reported
    """
    _lock(session, application)
    if application.status == "cancelled":
        return False
    if application.status not in ("pending", "approved"):
        raise WrongState(application.status)
    if application.budget_id is not None:
        # Wait for any approval in progress on the same budget, so the freed money is seen.
        locked_budget(session, application.unit_id, application.start_date.year)
    freed = application.approved_ore if application.status == "approved" else 0
    application.status = "cancelled"
    close_tasks(session, ("application", application.id))  # nothing is left to decide
    record(
        session,
        actor_id=actor_id,
        action="funds.application_cancelled",
        obj=application,
        freed_ore=freed,
    )
    if tell_person and actor_id != application.person_id:
        notify(
            session,
            person=application.person,
            subject=N_("Kurssøknaden din er kansellert: %(title)s"),
            params={"title": application.title},
            link=f"/funds/applications/{application.id}",
        )
    return True


def report_cost(
    session: Session,
    *,
    actor_id: int,
    application: Application,
    spent_ore: int,
    may_exceed_approval: bool,
) -> None:
    """Record what an approved course actually cost; the approval becomes spending.

    A cost above the approval takes the difference from the budget, which must have it, and
    only someone who decides on the application (``may_exceed_approval``) may report one:
    the applicant cannot spend the kurspott beyond what a lead approved.

    :raise WrongState: if the application is not approved
    :raise AboveApproval: if the cost is above the approval and the actor may not decide that
    :raise OverBudget: if the difference does not fit in what remains
    """
    _lock(session, application)
    if application.status != "approved":
        raise WrongState(application.status)
    budget = _budget_for(session, application)
    extra = spent_ore - (application.approved_ore or 0)
    if extra > 0 and not may_exceed_approval:
        raise AboveApproval(application.approved_ore or 0)
    if extra > 0:
        remaining = usage(session, budget).remaining_ore
        if extra > remaining:
            raise OverBudget(remaining)
    application.status, application.spent_ore = "completed", spent_ore
    application.spent_reported_dt = utcnow()
    record(
        session,
        actor_id=actor_id,
        action="funds.cost_reported",
        obj=application,
        spent_ore=spent_ore,
        approved_ore=application.approved_ore,
    )


def _lock(session: Session, application: Application) -> None:
    session.scalars(
        select(Application)
        .where(Application.id == application.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _budget_for(session: Session, application: Application) -> Budget:
    year = application.start_date.year
    budget = locked_budget(session, application.unit_id, year)
    if budget is None:
        raise NoBudget(year)
    return budget


def leads_of(session: Session, unit_id: int | None) -> list[Person]:
    """Who leads ``unit_id`` today: its leads and their stand-ins."""
    return leads_of_unit(session, unit_id, today()) if unit_id is not None else []
