"""Reading the CSV files people bring to an import: UTF-8 with or without a byte order mark,
separated by commas or by semicolons (as Norwegian Excel saves a CSV), dates as ``2026-12-01``
or ``01.12.2026``. Pure: no Flask, no SQL; each import checks its own columns.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date

# Fits a real HR file: 100,000 rows of long names and addresses are about 15 MB.
MAX_BYTES = 50 * 1024 * 1024

# What a spreadsheet saved as a workbook starts with (XLSX is a ZIP; XLS an OLE2 file).
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


class Unreadable(Exception):
    """A line the csv module cannot read (a field larger than it reads, say)."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(f"line {line}: unreadable CSV ({detail})")
        self.line = line
        self.detail = detail


def megabytes(size: int) -> str:
    """12345678 → ``11.8``; a whole number without decimals (50 MB → ``50``)."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def is_workbook(start: bytes) -> bool:
    """Whether a file that begins with ``start`` is an Excel workbook rather than a CSV."""
    return start.startswith(WORKBOOK_STARTS)


def rows(text: str | Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """``(line, values)`` for the header and every row that is not blank, from a string or
    from lines read as they come (an open file); line 1 is the header.

    :raise Unreadable: at the first line the csv module cannot read
    """
    reader = _reader(_without_bom(io.StringIO(text) if isinstance(text, str) else text))
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise Unreadable(reader.line_num, str(error)) from None
        if reader.line_num == 1 or any(value.strip() for value in values):
            yield reader.line_num, values


def is_header(values: list[str], columns: Iterable[str]) -> bool:
    """Whether ``values`` are exactly ``columns``, in any case and with spaces around."""
    return [value.strip().lower() for value in values] == list(columns)


def _reader(lines: Iterator[str]):
    """A CSV reader of ``lines``, separated by commas or, if the header line has more of
    them, by semicolons (what Excel writes where the decimal mark is a comma)."""
    first = next(lines, None)
    if first is None:
        return csv.reader(())
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.reader(itertools.chain([first], lines), delimiter=delimiter)


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    lines = iter(lines)
    first = next(lines, None)
    if first is not None:
        yield first.removeprefix("\ufeff")
        yield from lines


def parse_date(value: str) -> date | None:
    """``2026-12-01``, or ``01.12.2026`` as Norwegian Excel saves a date typed in that form
    (or a cell it took for a date); None for anything else."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if found := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value):
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
    except ValueError:
        pass
    return None
