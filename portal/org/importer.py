"""Parsing and checking the people CSV (CONTRACT.md). Pure: no Flask, no SQL.

Columns: ``email,name,unit,role,start_date,employment_percent,access``. Every bad row is
reported as ``line N: message`` (line 1 is the header), and a file with any bad row imports
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from portal import csvimport
from portal.csvimport import megabytes
from portal.dates import EARLIEST, LATEST

COLUMNS = ("email", "name", "unit", "role", "start_date", "employment_percent", "access")
MAX_BYTES = csvimport.MAX_BYTES
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
    lines = csvimport.rows(text)
    rows: list[Row] = []
    errors: list[str] = []
    seen: dict[str, int] = {}  # email → the line it first appeared on
    try:
        _first, header = next(lines, (1, []))
        if not csvimport.is_header(header, COLUMNS):
            return Result(
                [],
                [
                    f"line 1: the header must be {','.join(COLUMNS)} "
                    "(separated by commas, or by semicolons as Norwegian Excel saves it)"
                ],
            )
        for line, values in lines:
            row, problems = _check(line, values, units, positions, existing_emails, seen)
            errors += [f"line {line}: {problem}" for problem in problems]
            if row is not None:
                rows.append(row)
    except csvimport.Unreadable as error:  # e.g. a field larger than the csv module reads
        return Result([], [*errors, str(error)])
    return Result(rows, errors)


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
    start_date = csvimport.parse_date(start)
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
