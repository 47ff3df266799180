"""Amounts of money as the user writes them, in Norwegian form. Pure: no Flask, no SQL.

Money is an integer number of øre everywhere; this module is the one place text becomes øre.
Accepted: ``1234``, ``1 234``, ``1 234,50``, ``1234,5``, ``kr 1 234``, ``1 234 kr``. A full stop
is refused rather than guessed at: ``1.234`` is a thousand in Norway and one point something in
English, and a wrong guess would cost a thousand times the amount.
"""

from __future__ import annotations

import re
from enum import StrEnum

#: The largest amount accepted: ten million kroner, far above any course budget.
MAX_ORE = 10_000_000 * 100

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"(?P<kroner>\d{1,3}(?: \d{3})*|\d+)(?:,(?P<ore>\d*))?")


class Problem(StrEnum):
    EMPTY = "empty"
    NEGATIVE = "negative"
    FULL_STOP = "full_stop"
    TOO_MANY_DECIMALS = "too_many_decimals"
    NOT_A_NUMBER = "not_a_number"
    TOO_LARGE = "too_large"


class AmountError(ValueError):
    """The text is not an amount; ``problem`` says why, for a message the user can act on."""

    def __init__(self, problem: Problem):
        super().__init__(problem.value)
        self.problem = problem


def parse_kroner(text: str) -> int:
    """The amount in øre written in ``text`` as Norwegian kroner.

    :raise AmountError: if ``text`` is not such an amount
    """
    value = _SPACES.sub(" ", text or "").strip()
    value = re.sub(r"^kr\.?\s*|\s*kr\.?$", "", value, flags=re.IGNORECASE).strip()
    if not value:
        raise AmountError(Problem.EMPTY)
    if value.startswith(("-", "−")):
        raise AmountError(Problem.NEGATIVE)
    if "." in value:
        raise AmountError(Problem.FULL_STOP)
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise AmountError(Problem.NOT_A_NUMBER)
    ore_text = match["ore"] or ""
    if len(ore_text) > 2:
        raise AmountError(Problem.TOO_MANY_DECIMALS)
    amount = int(match["kroner"].replace(" ", "")) * 100 + int(ore_text.ljust(2, "0"))
    if amount > MAX_ORE:
        raise AmountError(Problem.TOO_LARGE)
    return amount


def format_kroner_input(ore: int | None) -> str:
    """``ore`` written as the user would type it back: 123450 → ``1 234,50``."""
    if ore is None:
        return ""
    kroner = f"{ore // 100:,}".replace(",", " ")
    return f"{kroner},{ore % 100:02d}" if ore % 100 else kroner
