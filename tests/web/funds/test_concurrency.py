"""Simultaneous decisions on PostgreSQL: the budget row lock lets only one pass.

Each thread has its own session and so its own connection, as two gunicorn workers would.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from portal.audit.models import AuditEvent
from portal.funds import operations
from portal.funds.models import Application

pytestmark = pytest.mark.postgres_only


def run_together(app, application_ids, lead_id, decision="full", amount_ore=None):
    """Decide each application in its own thread and connection, all starting at once; each
    holds its transaction open a moment after deciding, as a slow request would."""
    barrier = threading.Barrier(len(application_ids))
    results: list[str] = []

    def decide(application_id: int) -> None:
        with app.app_context(), app.extensions["portal.sessionmaker"]() as session:
            application = session.get(Application, application_id)
            barrier.wait()
            try:
                changed = operations.decide(
                    session,
                    actor_id=lead_id,
                    application=application,
                    decision=decision,
                    amount_ore=amount_ore,
                    reason="Samtidig.",
                )
                time.sleep(0.3)
                session.commit()
                results.append("decided" if changed else "unchanged")
            except operations.OverBudget:
                session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=decide, args=(i,)) for i in application_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


# SQLite ignores SELECT … FOR UPDATE (it has one writer at a time): the budget lock can only
# be shown at work on PostgreSQL.
pytestmark = pytest.mark.postgres_only


def test_concurrent_approvals_cannot_overspend(
    app, db, make_unit, make_person, make_budget, make_application
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    budget = make_budget(unit, 1_000_000)
    first, second = (make_application(make_person(unit=unit), fee_ore=600_000) for _ in range(2))
    assert run_together(app, [first.id, second.id], lead.id) == ["decided", "refused"]
    rows = db.scalars(select(Application).where(Application.budget_id == budget.id)).all()
    assert [a.approved_ore for a in rows if a.status == "approved"] == [600_000]
    assert sorted(a.status for a in db.scalars(select(Application))) == ["approved", "pending"]


def test_concurrent_identical_decisions_count_once(
    app, db, make_unit, make_person, make_budget, make_application
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    make_budget(unit, 1_000_000)
    application = make_application(make_person(unit=unit), fee_ore=400_000)
    results = run_together(app, [application.id, application.id], lead.id, "partial", 300_000)
    assert results == ["decided", "unchanged"]
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "funds.application_decided")
        )
        == 1
    )
    assert db.get(Application, application.id).approved_ore == 300_000
