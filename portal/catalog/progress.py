"""A learner's standing in a course, from what they hold and what they have read. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal.competence.gaps import Held

_REFERENCE = re.compile(r"^(?P<slug>[a-z0-9-]+) v(?P<version>\d+)$")


class Standing(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"  # held, no expiry
    EXPIRES = "expires"  # held, valid until a date
    EXPIRED = "expired"


@dataclass(frozen=True)
class Progress:
    standing: Standing
    expires_on: date | None
    read: int
    total: int

    @property
    def is_all_read(self) -> bool:
        return self.read >= self.total


def standing(
    held: Held | None, read: int, total: int, has_open_attempt: bool, today: date
) -> Progress:
    """Where the learner stands: a valid or expired competence first, then their reading."""
    if held is not None:
        if held.expires_on is None:
            return Progress(Standing.COMPLETED, None, read, total)
        if today <= held.expires_on:
            return Progress(Standing.EXPIRES, held.expires_on, read, total)
        return Progress(Standing.EXPIRED, held.expires_on, read, total)
    if read or has_open_attempt:
        return Progress(Standing.IN_PROGRESS, None, read, total)
    return Progress(Standing.NOT_STARTED, None, read, total)


def test_out_case(held: Held | None, today: date) -> str:
    """Which word of a course's ``test_out`` rule fits a learner: what they hold, if anything."""
    if held is None:
        return "first_time"
    if held.expires_on is None or today <= held.expires_on:
        return "expiring"
    return "expired"


def may_skip_lessons(rule: frozenset[str], held: Held | None, today: date) -> bool:
    """May the learner go straight to the test, by the course's rule?"""
    return test_out_case(held, today) in rule


def version_of(reference: str | None, slug: str) -> int | None:
    """The course version a completion's reference names (``"taushetsplikt v2"`` → 2)."""
    match = _REFERENCE.match(reference or "")
    return int(match["version"]) if match and match["slug"] == slug else None


def remaining_minutes(minutes: int, read: int, total: int) -> int:
    """The estimated time left, in proportion to the lessons not yet read (at least 1)."""
    if total <= 0 or read >= total:
        return 0
    return max(1, round(minutes * (total - read) / total))
