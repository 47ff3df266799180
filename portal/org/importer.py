"""Parsing and checking the people CSV (CONTRACT.md). No SQL and no request: plain values in
and out.

Columns: ``email,name,unit,role,start_date,employment_percent,access``. Every bad row is
reported as ``line N: message`` (line 1 is the header), and a file with any bad row imports
nothing. The messages are in the interface language («linje 3: ugyldig dato …» in bokmål);
the command line asks for English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

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
    return _(
        "filen er %(size)s MB, mer enn grensen på %(limit)s MB; ingenting er importert",
        size=megabytes(size),
        limit=megabytes(MAX_BYTES),
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
            return Result([], [on_line(1, _header_problem())])
        for line, values in lines:
            row, problems = _check(line, values, units, positions, existing_emails, seen)
            errors += [on_line(line, problem) for problem in problems]
            if row is not None:
                rows.append(row)
    except csvimport.Unreadable as error:  # e.g. a field larger than the csv module reads
        unreadable = _("CSV-filen kan ikke leses (%(error)s)", error=error.detail)
        return Result([], [*errors, on_line(error.line, unreadable)])
    return Result(rows, errors)


def _header_problem() -> str:
    return _(
        "overskriftsraden må være %(columns)s (skilt med komma, eller med "
        "semikolon slik norsk Excel lagrer den)",
        columns=",".join(COLUMNS),
    )


def on_line(line: int, problem: str) -> str:
    """``line 3: …``, in the interface language."""
    return _("linje %(line)d: %(problem)s", line=line, problem=problem)


def _check(line, values, units, positions, existing, seen) -> tuple[Row | None, list[str]]:
    if len(values) != len(COLUMNS):
        return None, [
            _(
                "ventet %(expected)d kolonner, fant %(found)d",
                expected=len(COLUMNS),
                found=len(values),
            )
        ]
    email, name, unit, role, start, percent, access = (value.strip() for value in values)
    email = email.lower()
    problems = []
    if not EMAIL.match(email):
        problems.append(_("ugyldig e-postadresse %(email)s", email=repr(email)))
    elif email in existing:
        problems.append(_("e-postadressen %(email)s finnes allerede i portalen", email=email))
    elif email in seen:
        problems.append(
            _("e-postadressen %(email)s står også på linje %(line)d", email=email, line=seen[email])
        )
    else:
        seen[email] = line
    if len(email) > 254:
        problems.append(_("e-postadressen er lengre enn 254 tegn"))
    if not name:
        problems.append(_("navnet er tomt"))
    elif len(name) > 200:
        problems.append(_("navnet er lengre enn 200 tegn"))
    if unit.casefold() not in units:
        problems.append(_("ukjent enhet %(unit)s", unit=repr(unit)))
    if role.casefold() not in positions:
        problems.append(_("ukjent stilling %(role)s", role=repr(role)))
    start_date = csvimport.parse_date(start)
    if start_date is None:
        problems.append(
            _("ugyldig dato %(value)s: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ", value=repr(start))
        )
    elif not EARLIEST <= start_date <= LATEST:
        problems.append(
            _(
                "startdatoen %(date)s er ikke mellom %(earliest)s og %(latest)s",
                date=start,
                earliest=EARLIEST,
                latest=LATEST,
            )
        )
    employment = int(percent) if re.fullmatch(r"[0-9]{1,3}", percent) else None
    if employment is None or not 1 <= employment <= 100:
        problems.append(
            _(
                "ugyldig stillingsprosent %(value)s: et heltall fra 1 til 100",
                value=repr(percent),
            )
        )
    access = access.lower() or "employee"
    if access not in ACCESS:
        problems.append(
            _(
                "ukjent tilgang %(value)s: bruk %(choices)s",
                value=repr(access),
                choices=", ".join(ACCESS),
            )
        )
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
