"""The guessing limit on login, with counters in the database so all workers share them.

Two keys are counted for each failure: the account (so one account cannot be guessed at) and
the address (so many accounts cannot be sprayed from one place). An unknown email counts just
like a known one, so the limit tells nobody which accounts exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.accounts.models import LoginThrottle


@dataclass(frozen=True)
class Policy:
    free_failures: int
    base_wait: timedelta
    max_wait: timedelta
    address_failures: int
    address_window: timedelta


def account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def address_key(address: str | None) -> str:
    return f"address:{address or 'unknown'}"


def locked_until(session: Session, keys: list[str], now: datetime) -> datetime | None:
    """The latest time until which any of ``keys`` must wait, or None when none must."""
    until = session.scalars(
        select(LoginThrottle.locked_until_dt).where(
            LoginThrottle.key.in_(keys), LoginThrottle.locked_until_dt > now
        )
    ).all()
    return max(filter(None, until), default=None)


def account_wait(failures: int, policy: Policy) -> timedelta | None:
    """How long an account waits after ``failures`` failures in a row: doubling, capped."""
    if failures < policy.free_failures:
        return None
    doublings = min(failures - policy.free_failures, 30)  # 2**30 waits exceed any sane cap
    return min(policy.base_wait * 2**doublings, policy.max_wait)


def note_failure(
    session: Session, *, email: str, address: str | None, now: datetime, policy: Policy
) -> datetime | None:
    """Count a failed login; return until when the next try must wait, if it must."""
    account = _counter(session, account_key(email), now)
    account.failures += 1
    wait = account_wait(account.failures, policy)
    account.locked_until_dt = now + wait if wait else None
    account.last_failure_dt = now

    address_counter = _counter(session, address_key(address), now)
    if now - address_counter.last_failure_dt > policy.address_window:
        address_counter.failures = 0
    address_counter.failures += 1
    address_counter.last_failure_dt = now
    if address_counter.failures >= policy.address_failures:
        address_counter.locked_until_dt = now + policy.address_window
    session.flush()
    return max(
        filter(None, (account.locked_until_dt, address_counter.locked_until_dt)), default=None
    )


def note_success(session: Session, email: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key(email)))


def _counter(session: Session, key: str, now: datetime) -> LoginThrottle:
    counter = session.scalar(
        select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
    )
    if counter is None:
        counter = LoginThrottle(key=key, failures=0, last_failure_dt=now)
        session.add(counter)
    return counter
