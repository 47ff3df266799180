"""Parsing and checking the people CSV (CONTRACT.md). Pure: no Flask, no SQL.

Columns: ``email,name,unit,role,start_date,employment_percent,access``. Every bad row is
reported as ``line N: message`` (line 1 is the header), and a file with any bad row imports
nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from portal.dates import EARLIEST, LATEST

COLUMNS = ("email", "name", "unit", "role", "start_date", "employment_percent", "access")
# Fits a real HR file: 100,000 rows of long names and addresses are about 15 MB.
MAX_BYTES = 50 * 1024 * 1024
ACCESS = ("employee", "lead", "admin")
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass(frozen=True)
class Row:
    line: int
    email: str
    name: str
    unit_id: int
    position_id: int
    start_date: date
    employment_percent: int
    access: str


@dataclass(frozen=True)
class Result:
    rows: list[Row]
    errors: list[str]


def too_large(size: int) -> str | None:
    """The message for a file of ``size`` bytes over the limit, or None when it fits."""
    if size <= MAX_BYTES:
        return None
    return (
        f"the file is {megabytes(size)} MB, more than the limit of "
        f"{megabytes(MAX_BYTES)} MB; nothing was imported"
    )


def megabytes(size: int) -> str:
    """12345678 → ``11.8``; a whole number without decimals (50 MB → ``50``)."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def parse(
    text: str | Iterable[str],
    *,
    units: Mapping[str, int],
    positions: Mapping[str, int],
    existing_emails: set[str],
) -> Result:
    """Check every row of ``text``: a string, or lines read as they come (an open file).

    :param units: unit name (case-insensitive) → id
    :param positions: position name or code (case-insensitive) → id
    :param existing_emails: lower-cased emails already in the portal
    """
    units = {name.casefold(): uid for name, uid in units.items()}
    positions = {name.casefold(): pid for name, pid in positions.items()}
    reader = _reader(_without_bom(io.StringIO(text) if isinstance(text, str) else text))
    header = next(reader, None)
    if header is None or [column.strip().lower() for column in header] != list(COLUMNS):
        return Result(
            [],
            [
                f"line 1: the header must be {','.join(COLUMNS)} "
                "(separated by commas, or by semicolons as Norwegian Excel saves it)"
            ],
        )
    rows: list[Row] = []
    errors: list[str] = []
    seen: dict[str, int] = {}  # email → the line it first appeared on
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # e.g. a field larger than the csv module reads
            return Result([], [*errors, f"line {reader.line_num}: unreadable CSV ({error})"])
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        row, problems = _check(line, values, units, positions, existing_emails, seen)
        errors += [f"line {line}: {problem}" for problem in problems]
        if row is not None:
            rows.append(row)
    return Result(rows, errors)


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


def _check(line, values, units, positions, existing, seen) -> tuple[Row | None, list[str]]:
    if len(values) != len(COLUMNS):
        return None, [f"expected {len(COLUMNS)} columns, found {len(values)}"]
    email, name, unit, role, start, percent, access = (value.strip() for value in values)
    email = email.lower()
    problems = []
    if not EMAIL.match(email):
        problems.append(f"invalid email {email!r}")
    elif email in existing:
        problems.append(f"duplicate email {email}: already in the portal")
    elif email in seen:
        problems.append(f"duplicate email {email}: also on line {seen[email]}")
    else:
        seen[email] = line
    if len(email) > 254:
        problems.append("email is longer than 254 characters")
    if not name:
        problems.append("name is empty")
    elif len(name) > 200:
        problems.append("name is longer than 200 characters")
    if unit.casefold() not in units:
        problems.append(f"unknown unit {unit!r}")
    if role.casefold() not in positions:
        problems.append(f"unknown role {role!r}")
    start_date = _date(start)
    if start_date is None:
        problems.append(f"bad date {start!r}: use YYYY-MM-DD or DD.MM.YYYY")
    elif not EARLIEST <= start_date <= LATEST:
        problems.append(f"start date {start} is not between {EARLIEST} and {LATEST}")
    employment = int(percent) if re.fullmatch(r"[0-9]{1,3}", percent) else None
    if employment is None or not 1 <= employment <= 100:
        problems.append(f"bad employment percent {percent!r}: a whole number from 1 to 100")
    access = access.lower() or "employee"
    if access not in ACCESS:
        problems.append(f"unknown access {access!r}: use {', '.join(ACCESS)}")
    if problems or start_date is None or employment is None:  # each None has its problem
        return None, problems
    return Row(
        line,
        email,
        name,
        units[unit.casefold()],
        positions[role.casefold()],
        start_date,
        employment,
        access,
    ), []


def _date(value: str) -> date | None:
    """``2026-12-01``, or ``01.12.2026`` as Norwegian Excel saves a date typed in that form
    (or a cell it took for a date)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        if found := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value):
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
    except ValueError:
        pass
    return None
