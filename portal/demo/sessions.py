"""Demo courses in a room at Leknes: an HLR course this month that is full with a waiting list,
and a paid fire-safety course with a place waiting for the lead's approval."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from portal.demo import data
from portal.formatting import OSLO
from portal.sessions import operations

#: The HLR course's places, and who waits for one; Siri Olsen (HLR expired) is on neither.
HLR_BOOKED = (
    "jonas.eriksen@leknes.example",
    "kari.nilsen@leknes.example",
    "line.mikkelsen@leknes.example",
)
HLR_WAITING = ("ingrid.pedersen@leknes.example",)
PAID_WAITING_APPROVAL = "nyansatt@leknes.example"


def load(session: Session, ctx) -> None:
    """Called from :func:`portal.demo.organisation.load` once people and budgets exist."""
    hlr = _session(session, ctx, "hlr", _this_month(ctx.today), capacity=len(HLR_BOOKED))
    for email in HLR_BOOKED + HLR_WAITING:
        _sign_up(session, ctx, hlr, email)
    # In this year, whose kurspott pays for it.
    fire_day = min(ctx.today + timedelta(days=14), date(ctx.today.year, 12, 31))
    fire = _session(session, ctx, "brannvern", fire_day, capacity=6, cost_ore=800_00)
    _sign_up(session, ctx, fire, PAID_WAITING_APPROVAL)


def _this_month(today: date) -> date:
    """A day a week or so ahead, but within this month."""
    last = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    return min(today + timedelta(days=8), last)


def _session(session: Session, ctx, code: str, day: date, *, capacity: int, cost_ore: int = 0):
    lead = ctx.people["leder@leknes.example"]
    return operations.create(
        session,
        actor_id=lead.id,
        data=operations.SessionData(
            competence_id=ctx.competences[code].id,
            place="Leknes legesenter, møterommet i 2. etasje",
            capacity=capacity,
            signup_deadline=max(day - timedelta(days=1), ctx.today),
            cancel_deadline=max(day - timedelta(days=2), ctx.today),
            cost_ore=cost_ore,
            unit_ids=[ctx.units[data.LEKNES].id],
            days=[(_oslo(day, time(9)), _oslo(day, time(15)))],
            trainer_id=ctx.people["mentor@leknes.example"].id,
        ),
    )


def _oslo(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


def _sign_up(session: Session, ctx, course_session, email: str) -> None:
    operations.sign_up(
        session, course_session=course_session, person=ctx.people[email], today=ctx.today
    )
