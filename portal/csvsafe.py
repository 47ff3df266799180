"""CSV that a spreadsheet opens as data, never as formulas (OWASP's rule on CSV injection).

Every CSV the portal writes goes through :func:`writer`. A text cell that begins with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return would run as a formula in Excel or LibreOffice
(``=HYPERLINK(...)`` leaks data on a click), so it gets a leading single quote, which
spreadsheets show as text. Only text is changed: numbers, dates and Decimals are data and are
written as they are, so a negative amount stays a number. A caller that means a value as data
passes it as that type, not as a string.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a quote in front when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A :func:`csv.writer` whose rows are made safe cell by cell."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerow_made_safe(self, row: Iterable[Any]) -> None:
        """A row whose every text cell went through a :class:`SafeTexts` (or is a fixed word of
        the portal's): for exports of many rows, each text made safe once."""
        self._writer.writerow(row)


class SafeTexts:
    """:func:`safe_cell` for texts that repeat: the few names of units, positions and
    competences, each made safe once; a person's email and name, once for all their lines."""

    def __init__(self) -> None:
        self._names: dict[str, Any] = {}
        self._person: tuple[tuple[str, str], tuple[Any, Any]] | None = None

    def __call__(self, value: Any) -> Any:
        found = self._names.get(value)
        if found is None:
            found = self._names[value] = safe_cell(value)
        return found

    def of_person(self, email: str, name: str) -> tuple[Any, Any]:
        if self._person is None or self._person[0] != (email, name):
            self._person = ((email, name), (safe_cell(email), safe_cell(name)))
        return self._person[1]


def writer(stream: TextIO) -> SafeWriter:
    """A CSV writer for ``stream`` (CRLF lines, as RFC 4180) that neutralises formulas."""
    return SafeWriter(stream)
