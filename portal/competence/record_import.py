"""Importing old records from a CSV: the completions a municipality brings from the system it
leaves (KS Læring exports, Excel sheets), as README.md's «Importing records» describes.

Columns: ``employee_email,competence,achieved_on,expires_on,source,reference``. Every bad row
is reported as ``line N: message`` in the interface's language (line 1 is the header), and a
file with any bad row imports nothing. A record the person has already (same competence, same
day achieved, in the history at all, voided ones too) is skipped and counted, as is a row the
file repeats; so a file can be imported again and adds nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from portal import csvimport
from portal.audit.models import AuditEvent
from portal.competence import records
from portal.competence.gaps import Held, best_held, expiry_after_completion
from portal.competence.models import Competence, CompetenceRecord
from portal.competence.queries import held_map
from portal.dates import EARLIEST, LATEST
from portal.org.importer import refusal as refusal  # the same files are refused
from portal.org.models import Person

COLUMNS = ("employee_email", "competence", "achieved_on", "expires_on", "source", "reference")
MAX_TEXT = 200  # source and reference, as a record's reference holds
CHUNK = 5000  # ids per statement, well under every database's limit of parameters

Triple = tuple[int, int, date]  # (person_id, competence_id, achieved_on)


@dataclass
class Row:
    """A good row: the record it will make."""

    line: int
    person_id: int
    person_name: str
    competence: Competence
    achieved_on: date
    expires_on: date | None
    source: str | None
    reference: str | None
    is_expiry_computed: bool = False


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)  # to import, in the file's order
    duplicates: int = 0  # rows skipped: the record is there already, or earlier in the file
    errors: list[str] = field(default_factory=list)


def import_records(
    session: Session,
    *,
    actor_id: int | None,
    text: str | Iterable[str],
    filename: str,
    today: date,
    window: timedelta,
    dry_run: bool = False,
) -> Result:
    """Check the CSV and, only when every row is good, add a record for each new row, with
    its standing and obligations kept and an audit event naming ``filename``; a dry run only
    checks and writes nothing.

    :raise UnicodeDecodeError: if the file is not UTF-8
    """
    result = _check(session, text, today)
    if result.errors:
        return result
    if not dry_run:
        # Another import of the same people waits here, and then finds these records.
        _lock_people(session, {row.person_id for row in result.rows})
    _skip_duplicates(session, result)
    _compute_expiry(session, result.rows, window)
    if not dry_run and result.rows:
        _add(session, actor_id, filename, result.rows)
    return result


def not_text() -> str:
    return _("Filen må være tekst i UTF-8.")


def line_problem(line: int, problem: str) -> str:
    return _("linje %(line)d: %(problem)s", line=line, problem=problem)


def _check(session: Session, text: str | Iterable[str], today: date) -> Result:
    people = {
        email: (person_id, name)
        for person_id, email, name in session.execute(
            select(Person.id, func.lower(Person.email), Person.name)
        )
    }
    competences = list(session.scalars(select(Competence)))
    by_code = {c.code.casefold(): c for c in competences}
    by_name: dict[str, list[Competence]] = defaultdict(list)
    for competence in competences:
        by_name[competence.name.strip().casefold()].append(competence)
    result = Result()
    lines = csvimport.rows(text)
    try:
        _first, header = next(lines, (1, []))
        if not csvimport.is_header(header, COLUMNS):
            result.errors.append(
                line_problem(
                    1,
                    _(
                        "overskriftsraden må være %(columns)s (skilt med komma, eller med "
                        "semikolon slik norsk Excel lagrer)",
                        columns=",".join(COLUMNS),
                    ),
                )
            )
            return result
        for line, values in lines:
            row, problems = _row(line, values, people, by_code, by_name, today)
            result.errors += [line_problem(line, problem) for problem in problems]
            if row is not None:
                result.rows.append(row)
    except csvimport.Unreadable as error:
        result.errors.append(
            line_problem(error.line, _("CSV-en kan ikke leses (%(detail)s)", detail=error.detail))
        )
    return result


def _row(line, values, people, by_code, by_name, today) -> tuple[Row | None, list[str]]:
    if len(values) != len(COLUMNS):
        return None, [
            _(
                "ventet %(expected)d kolonner, fant %(found)d",
                expected=len(COLUMNS),
                found=len(values),
            )
        ]
    if any("\x00" in value for value in values):
        return None, [_("raden inneholder et NUL-tegn; filen er ikke ren tekst")]
    email, wanted, achieved, expires, source, reference = (value.strip() for value in values)
    problems = []
    person = people.get(email.lower())
    if not email:
        problems.append(_("employee_email er tom"))
    elif person is None:
        problems.append(_("ingen person i portalen har e-postadressen %(email)s", email=email))
    competence = _competence(wanted, by_code, by_name, problems)
    achieved_on = _date(achieved, "achieved_on", problems)
    if achieved_on is None and not achieved:
        problems.append(_("achieved_on er tom"))
    elif achieved_on is not None and achieved_on > today:
        problems.append(
            _("achieved_on %(day)s er etter i dag", day=achieved_on.strftime("%d.%m.%Y"))
        )
    expires_on = _date(expires, "expires_on", problems) if expires else None
    if expires_on is not None and achieved_on is not None and expires_on < achieved_on:
        problems.append(
            _(
                "expires_on %(expires)s er før achieved_on %(achieved)s",
                expires=expires_on.strftime("%d.%m.%Y"),
                achieved=achieved_on.strftime("%d.%m.%Y"),
            )
        )
    for name, value in (("source", source), ("reference", reference)):
        if len(value) > MAX_TEXT:
            problems.append(_("%(column)s er lengre enn %(max)d tegn", column=name, max=MAX_TEXT))
    if problems or person is None or competence is None or achieved_on is None:
        return None, problems  # each None has its problem
    return Row(
        line=line,
        person_id=person[0],
        person_name=person[1],
        competence=competence,
        achieved_on=achieved_on,
        expires_on=expires_on,
        source=source or None,
        reference=reference or None,
    ), []


def _competence(wanted, by_code, by_name, problems) -> Competence | None:
    """By its code, else by its name when one competence alone has that name."""
    key = wanted.casefold()
    if not key:
        problems.append(_("competence er tom"))
        return None
    if key in by_code:
        return by_code[key]
    named = by_name.get(key, [])
    if len(named) == 1:
        return named[0]
    if named:
        problems.append(
            _(
                "flere kompetanser heter %(name)s: bruk koden (%(codes)s)",
                name=wanted,
                codes=", ".join(sorted(c.code for c in named)),
            )
        )
    else:
        problems.append(_("ukjent kompetanse %(name)s: bruk koden eller navnet", name=wanted))
    return None


def _date(value: str, column: str, problems: list[str]) -> date | None:
    if not value:
        return None
    day = csvimport.parse_date(value)
    if day is None:
        problems.append(
            _(
                "ugyldig dato %(value)s i %(column)s: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ",
                value=value,
                column=column,
            )
        )
    elif not EARLIEST <= day <= LATEST:
        problems.append(
            _(
                "%(column)s %(value)s er ikke mellom %(earliest)s og %(latest)s",
                column=column,
                value=value,
                earliest=EARLIEST.strftime("%d.%m.%Y"),
                latest=LATEST.strftime("%d.%m.%Y"),
            )
        )
        return None
    return day


def _lock_people(session: Session, person_ids: set[int]) -> None:
    """Lock the people the records are for, in the order every refill of their obligations
    locks them, before their records are read."""
    ids = sorted(person_ids)
    for start in range(0, len(ids), CHUNK):
        session.execute(
            select(Person.id)
            .where(Person.id.in_(ids[start : start + CHUNK]))
            .order_by(Person.id)
            .with_for_update()
        )


def _skip_duplicates(session: Session, result: Result) -> None:
    """Leave out the rows whose record the person has already, and the rows the file
    repeats; count them."""
    existing: set[Triple] = set()
    person_ids = sorted({row.person_id for row in result.rows})
    for start in range(0, len(person_ids), CHUNK):
        existing.update(
            session.execute(
                select(
                    CompetenceRecord.person_id,
                    CompetenceRecord.competence_id,
                    CompetenceRecord.achieved_on,
                ).where(CompetenceRecord.person_id.in_(person_ids[start : start + CHUNK]))
            )
        )
    kept = []
    for row in result.rows:
        triple = (row.person_id, row.competence.id, row.achieved_on)
        if triple in existing:
            result.duplicates += 1
        else:
            existing.add(triple)
            kept.append(row)
    result.rows = kept


def _compute_expiry(session: Session, rows: list[Row], window: timedelta) -> None:
    """An empty ``expires_on`` follows the competence's validity by the rule every record
    follows (:func:`gaps.expiry_after_completion`): renewed inside the expiring window of the
    record held then (the one held now, or one earlier in the file), it runs on from that
    record's expiry; otherwise from the day achieved."""
    held: dict[tuple[int, int], Held] = {}
    person_ids = sorted({row.person_id for row in rows})
    for start in range(0, len(person_ids), CHUNK):
        held.update(held_map(session, person_ids[start : start + CHUNK]))
    by_pair: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in rows:
        by_pair[row.person_id, row.competence.id].append(row)
    for pair, pair_rows in by_pair.items():
        earlier: list[Held] = [held[pair]] if pair in held else []
        for row in sorted(pair_rows, key=lambda r: r.achieved_on):
            if row.expires_on is None and row.competence.validity_months is not None:
                previous = best_held(h for h in earlier if h.achieved_on <= row.achieved_on)
                row.expires_on = expiry_after_completion(
                    row.achieved_on, row.competence.validity_months, previous, window
                )
                row.is_expiry_computed = True
            earlier.append(Held(row.achieved_on, row.expires_on))


def _add(session: Session, actor_id: int | None, filename: str, rows: list[Row]) -> None:
    # The file's own name, as a browser may send a whole path; bounded for the log.
    filename = filename.replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")[:MAX_TEXT]
    ids = records.add_all(
        session,
        [
            {
                "person_id": row.person_id,
                "competence_id": row.competence.id,
                "achieved_on": row.achieved_on,
                "expires_on": row.expires_on,
                "source": "import",
                "reference": row.reference,
                "note": row.source,
                "recorded_by_id": actor_id,
            }
            for row in rows
        ],
    )
    events = [
        {
            "actor_id": actor_id,
            "subject_id": row.person_id,
            "action": "competence_record.imported",
            "object_type": "CompetenceRecord",
            "object_id": str(ids[row.person_id, row.competence.id, row.achieved_on]),
            "details": {
                "file": filename,
                "line": row.line,
                "competence": row.competence.code,
                "achieved_on": row.achieved_on.isoformat(),
                "expires_on": row.expires_on.isoformat() if row.expires_on else None,
                "source": row.source,
                "reference": row.reference,
            },
        }
        for row in rows
    ]
    for start in range(0, len(events), CHUNK):
        session.execute(insert(AuditEvent), events[start : start + CHUNK])
