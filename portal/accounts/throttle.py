"""The guessing limit on login, with counters in the database so all workers share them.

Three keys are counted for each failure:

- the account from one address: a few free failures, then a wait that doubles, so one
  account cannot be guessed at from one place;
- the address: a limit per window, so many accounts cannot be sprayed from one place;
- the account from everywhere: a limit per window far above the first, so guessing spread
  over many addresses is slowed too, while a stranger who knows a colleague's email cannot keep
  that colleague locked out by failing from their own address.

An unknown email counts just like a known one, so the limit tells nobody which accounts exist.
Behind a reverse proxy the address is the client's only when ``PORTAL_TRUSTED_PROXIES`` says
how many proxies stand in front (see portal.web).
"""

from __future__ import annotations

import hashlib
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
    account_failures: int = 100
    account_window: timedelta = timedelta(minutes=15)


def account_key(email: str) -> str:
    return _bounded(f"account:{email.strip().lower()}")


def address_key(address: str | None) -> str:
    return _bounded(f"address:{address or 'unknown'}")


def account_address_key(email: str, address: str | None) -> str:
    return _bounded(f"account:{email.strip().lower()} address:{address or 'unknown'}")


def _bounded(key: str) -> str:
    # A typed email can be longer than the key column; its digest counts just as well.
    return key if len(key) <= 300 else "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def keys_for(email: str, address: str | None) -> list[str]:
    """Every counter a login of ``email`` from ``address`` must be free of."""
    return [account_address_key(email, address), address_key(address), account_key(email)]


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
    pair = _counter(session, account_address_key(email, address), now)
    pair.failures += 1
    wait = account_wait(pair.failures, policy)
    pair.locked_until_dt = now + wait if wait else None
    pair.last_failure_dt = now
    counters = [
        pair,
        _count_in_window(
            session, address_key(address), now, policy.address_failures, policy.address_window
        ),
        _count_in_window(
            session, account_key(email), now, policy.account_failures, policy.account_window
        ),
    ]
    session.flush()
    return max(filter(None, (counter.locked_until_dt for counter in counters)), default=None)


def note_success(session: Session, email: str, address: str | None) -> None:
    # Only the pair starts afresh: a success does not give guessers elsewhere a new allowance.
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.key == account_address_key(email, address))
    )


def _count_in_window(
    session: Session, key: str, now: datetime, limit: int, window: timedelta
) -> LoginThrottle:
    """One more failure on ``key``; at ``limit`` failures within ``window``, a wait of it."""
    counter = _counter(session, key, now)
    if now - counter.last_failure_dt > window:
        counter.failures = 0
    counter.failures += 1
    counter.last_failure_dt = now
    if counter.failures >= limit:
        counter.locked_until_dt = now + window
    return counter


def _counter(session: Session, key: str, now: datetime) -> LoginThrottle:
    counter = session.scalar(
        select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()
    )
    if counter is None:
        counter = LoginThrottle(key=key, failures=0, last_failure_dt=now)
        session.add(counter)
    return counter
