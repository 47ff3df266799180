"""Every request of a test in its own app context, as in production.

pytest-flask pushes one request context for a whole test, and every ``client`` request reuses
its app context; ``g`` then carries the logged-in user (detached from its closed session) and
their cached scope from one request into the next (STYLE.md pitfall 1). Stepping out of that
context makes each request start clean.
"""

from __future__ import annotations

import pytest
from flask.globals import _cv_request


@pytest.fixture(autouse=True)
def _own_context_per_request(_push_request_context, app):
    ctx = _cv_request.get(None)
    if ctx is not None:
        ctx.pop()
    yield
    if ctx is not None:
        ctx.push()


@pytest.fixture
def make_session(app):
    """``make_session(competence, *units, capacity=2, cost_ore=0, trainer=None)``: a session on
    10.12.2026, 09:00–15:00 in Norway, open for sign-up until 5.12."""
    from datetime import UTC, date, datetime

    from portal.sessions import operations
    from portal.sessions.models import CourseSession

    def make(competence, *units, capacity=2, cost_ore=0, trainer=None, days=None):
        with app.app_context(), app.extensions["portal.sessionmaker"]() as db:
            created = operations.create(
                db,
                actor_id=None,
                data=operations.SessionData(
                    competence_id=competence.id,
                    place="Møterommet, Leknes",
                    capacity=capacity,
                    signup_deadline=date(2026, 12, 5),
                    cancel_deadline=date(2026, 12, 3),
                    cost_ore=cost_ore,
                    unit_ids=[unit.id for unit in units],
                    days=days
                    or [
                        (
                            datetime(2026, 12, 10, 8, tzinfo=UTC),
                            datetime(2026, 12, 10, 14, tzinfo=UTC),
                        )
                    ],
                    trainer_id=trainer.id if trainer else None,
                ),
            )
            db.commit()
            return db.get(CourseSession, created.id).id

    return make
