"""Parsing and checking the people CSV (CONTRACT.md). No SQL and no request: plain values in
and out.

Columns: ``email,name,unit,role,start_date,employment_percent,access``. Every bad row is
reported as ``line N: message`` (line 1 is the header), and a file with any bad row imports
nothing. The messages are in the interface language («linje 3: ugyldig dato …» in bokmål);
the command line asks for English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from flask_babel import gettext as _

from portal import csvimport
from portal.csvimport import megabytes
from portal.dates import EARLIEST, LATEST

COLUMNS = ("email", "name", "unit", "role", "start_date", "employment_percent", "access")
MAX_BYTES = csvimport.MAX_BYTES
ACCESS = ("employee", "lead", "admin")
T = TypeVar("T")
EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass(frozen=True)
class JobRow:
    """A further job of a new person (the HR sync's): a position in a unit from a first day,
    to a last one or none."""

    unit_id: int
    position_id: int
    employment_percent: int
    starts_on: date
    ends_on: date | None = None


@dataclass(frozen=True)
class Row:
    """A new person and their first job (unit, position, start and share)."""

    line: int
    email: str
    name: str
    unit_id: int
    position_id: int
    start_date: date
    employment_percent: int
    access: str
    employee_number: str | None = None  # the HR sync's
    ends_on: date | None = None  # the first job's last day (the HR sync's)
    more_jobs: tuple[JobRow, ...] = ()  # the HR sync's

    def jobs(self) -> list[JobRow]:
        """Every job of the person, the first one first."""
        first = JobRow(
            self.unit_id, self.position_id, self.employment_percent, self.start_date, self.ends_on
        )
        return [first, *self.more_jobs]


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


def refusal(size: int, start: bytes) -> str | None:
    """Why a file of ``size`` bytes that begins with ``start`` is refused whole, or None."""
    if size > csvimport.MAX_BYTES:
        return _(
            "Filen er %(size)s MB, mer enn grensen på %(limit)s MB. Ingenting er importert.",
            size=csvimport.megabytes(size).replace(".", ","),
            limit=csvimport.megabytes(csvimport.MAX_BYTES).replace(".", ","),
        )
    if csvimport.is_workbook(start):
        return _(
            "Dette er en Excel-arbeidsbok, ikke en CSV-fil. Lagre den i Excel som «CSV UTF-8» "
            "og prøv igjen."
        )
    return None


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
    seen: dict[str, int] = {}  # email → the line it first appeared on

    def check(line: int, values: list[str]) -> tuple[Row | None, list[str]]:
        return _check(line, values, units, positions, existing_emails, seen)

    rows, errors = read(text, COLUMNS, check)
    return Result(rows, errors)


def read(
    text: str | Iterable[str],
    columns: Sequence[str],
    check: Callable[[int, list[str]], tuple[T | None, list[str]]],
) -> tuple[list[T], list[str]]:
    """The good rows of a CSV with the header ``columns``, and every problem as ``line N: …``:
    ``check`` turns each row's values into a row or its problems. A wrong header is one
    problem, and no row is read."""
    lines = csvimport.rows(text)
    rows: list[T] = []
    errors: list[str] = []
    try:
        _first, header = next(lines, (1, []))
        if not csvimport.is_header(header, columns):
            return [], [on_line(1, _header_problem(columns))]
        for line, values in lines:
            row, problems = check(line, values)
            errors += [on_line(line, problem) for problem in problems]
            if row is not None:
                rows.append(row)
    except csvimport.Unreadable as error:  # e.g. a field larger than the csv module reads
        unreadable = _("CSV-filen kan ikke leses (%(error)s)", error=error.detail)
        return [], [*errors, on_line(error.line, unreadable)]
    return rows, errors


def _header_problem(columns: Sequence[str]) -> str:
    return _(
        "overskriftsraden må være %(columns)s (skilt med komma, eller med "
        "semikolon slik norsk Excel lagrer den)",
        columns=",".join(columns),
    )


def on_line(line: int, problem: str) -> str:
    """``line 3: …``, in the interface language."""
    return _("linje %(line)d: %(problem)s", line=line, problem=problem)


def earlier_line_of(email: str, line: int, seen: dict[str, int]) -> str | None:
    """The problem of an email the file has on an earlier line; else ``line`` is noted as
    where it first appears (``seen``: email → line)."""
    if email in seen:
        return _(
            "e-postadressen %(email)s står også på linje %(line)d", email=email, line=seen[email]
        )
    seen[email] = line
    return None


def _check(line, values, units, positions, existing, seen) -> tuple[Row | None, list[str]]:
    if len(values) != len(COLUMNS):
        return None, [wrong_columns(len(COLUMNS), len(values))]

    def unique(email: str) -> str | None:
        if email in existing:
            return _("e-postadressen %(email)s finnes allerede i portalen", email=email)
        return earlier_line_of(email, line, seen)

    fields, problems = check_fields(values, units, positions, email_problem=unique)
    if fields is None or fields.start_date is None:
        return None, problems
    return Row(
        line,
        fields.email,
        fields.name,
        fields.unit_id,
        fields.position_id,
        fields.start_date,
        fields.employment_percent,
        fields.access,
    ), []


def wrong_columns(expected: int, found: int) -> str:
    return _("ventet %(expected)d kolonner, fant %(found)d", expected=expected, found=found)


@dataclass(frozen=True)
class Fields:
    """The columns a person's row holds, checked: the people import's, and the HR sync's."""

    email: str
    name: str
    unit_id: int
    position_id: int
    start_date: date | None
    employment_percent: int
    access: str


def check_fields(
    values: Sequence[str],
    units: Mapping[str, int],
    positions: Mapping[str, int],
    *,
    email_problem: Callable[[str], str | None] = lambda _email: None,
    start_required: bool = True,
) -> tuple[Fields | None, list[str]]:
    """Check the first seven values of a row (:data:`COLUMNS`); the fields, or None and every
    problem found, in the interface language.

    :param units: casefolded unit name → id
    :param positions: casefolded position name or code → id
    :param email_problem: what is wrong with a well-formed email here (taken, repeated), if
        anything
    :param start_required: whether an empty ``start_date`` is a problem (else it is None)
    """
    if any("\x00" in value for value in values):  # no database stores it as text
        return None, [_("raden inneholder et NUL-tegn; filen er ikke ren tekst")]
    email, name, unit, role, start, percent, access = (value.strip() for value in values[:7])
    email = email.lower()
    problems = []
    if not EMAIL.match(email):
        problems.append(_("ugyldig e-postadresse %(email)s", email=repr(email)))
    elif found := email_problem(email):
        problems.append(found)
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
    start_date = check_date(start, problems) if start or start_required else None
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
    if problems or employment is None:  # each None has its problem
        return None, problems
    return Fields(
        email,
        name,
        units[unit.casefold()],
        positions[role.casefold()],
        start_date,
        employment,
        access,
    ), []


def check_date(value: str, problems: list[str], *, column: str = "start_date") -> date | None:
    """``value`` as a date the portal takes, or None and a problem added to ``problems``."""
    day = csvimport.parse_date(value)
    if day is None:
        problems.append(
            _("ugyldig dato %(value)s: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ", value=repr(value))
        )
    elif not EARLIEST <= day <= LATEST:
        bounds = {"date": value, "earliest": EARLIEST, "latest": LATEST}
        if column == "end_date":
            problems.append(
                _("sluttdatoen %(date)s er ikke mellom %(earliest)s og %(latest)s", **bounds)
            )
        else:
            problems.append(
                _("startdatoen %(date)s er ikke mellom %(earliest)s og %(latest)s", **bounds)
            )
        return None
    return day
