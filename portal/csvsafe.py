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
import io
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


def line_of(values: Iterable[Any]) -> str:
    """One CSV line of ``values`` (two or more cells) made safe, without its line end: what
    :func:`writer` would write, for a caller that joins lines from pieces written once."""
    buffer = io.StringIO()
    SafeWriter(buffer).writerow(values)
    return buffer.getvalue()[:-2]


def writer(stream: TextIO) -> SafeWriter:
    """A CSV writer for ``stream`` (CRLF lines, as RFC 4180) that neutralises formulas."""
    return SafeWriter(stream)
