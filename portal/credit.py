"""Hours that count toward the career ladder (tellende timer): kept as whole minutes, typed
and shown as hours in Norwegian form ("7", "7,5").

Approved courses are counted in whole and half hours, so that is what the portal takes; a
float never reaches the database.
"""

from __future__ import annotations

import re
from enum import Enum

STEP_MINUTES = 30
MOST_HOURS = 1000
_HOURS = re.compile(r"(\d{1,4})(?:[.,](\d+))?")


class Problem(Enum):
    NOT_A_NUMBER = "not_a_number"
    NOT_HALF_HOURS = "not_half_hours"
    OUT_OF_RANGE = "out_of_range"


class HoursError(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_hours(text: str) -> int:
    """Minutes of ``text`` in hours: "7" → 420, "7,5" or "7.5" → 450.

    :raise HoursError: unless it is a whole or half number of hours from 0.5 to 1000
    """
    match = _HOURS.fullmatch(text.strip().replace(" ", ""))
    if match is None:
        raise HoursError(Problem.NOT_A_NUMBER)
    whole, fraction = int(match.group(1)), match.group(2) or "0"
    if fraction.rstrip("0") not in ("", "5"):
        raise HoursError(Problem.NOT_HALF_HOURS)
    minutes = whole * 60 + (STEP_MINUTES if fraction.rstrip("0") == "5" else 0)
    if not 0 < minutes <= MOST_HOURS * 60:
        raise HoursError(Problem.OUT_OF_RANGE)
    return minutes


def format_hours(minutes: int | None) -> str:
    """``minutes`` as hours in Norwegian form: 450 → "7,5", 420 → "7"; empty for None."""
    if minutes is None:
        return ""
    whole, rest = divmod(minutes, 60)
    if rest == 0:
        return str(whole)
    if rest == STEP_MINUTES:
        return f"{whole},5"
    return f"{minutes / 60:.2f}".replace(".", ",")  # never stored so; shown all the same
