"""The HR sync: the whole current staff from an HR system, as README.md's «Syncing people from
HR» describes. One function computes the plan (:func:`plan`), another applies exactly that
plan (:func:`portal.org.sync_apply.apply`); a dry run stops after the first.

Columns: the people import's (:data:`portal.org.importer.COLUMNS`) and ``employee_number``,
``end_date``, one row per job. A row belongs to a person by employee number, else by email;
the rows of one person are their jobs, matched to the jobs they hold by unit and position.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.org import importer, jobs
from portal.org.models import Job, Person, Position, Unit
from portal.org.sync_apply import apply
from portal.org.sync_plan import (
    FIELDS,
    Change,
    JobEnd,
    JobPlan,
    JobResize,
    JobStart,
    Known,
    KnownJob,
    Leaver,
    NewPerson,
    Plan,
    Row,
    field_label,
)

__all__ = ["COLUMNS", "Plan", "apply", "field_label", "plan", "sync"]

COLUMNS = (*importer.COLUMNS, "employee_number", "end_date")
MAX_NUMBER = 50

#: Whose row it is: ("id", a person in the portal), else a new person's ("number", employee
#: number) or ("email", email).
Key = tuple[str, object]


class _Reader:
    """Checks the rows one by one, each against the portal and the rows before it, and
    collects the good ones by person."""

    def __init__(
        self, people: list[Known], units: dict[str, int], positions: dict[str, int], today: date
    ) -> None:
        self.by_number = {p.employee_number: p for p in people if p.employee_number}
        self.by_email = {p.email: p for p in people}
        self.units, self.positions, self.today = units, positions, today
        self.seen_emails: dict[str, int] = {}  # email → the line it first appears on
        self.email_owner: dict[str, Key] = {}
        self.numbers: dict[str, tuple[Key, int]] = {}
        self.jobs: dict[tuple[Key, int, int], int] = {}  # a person's unit and position → line
        self.rows: dict[Key, list[Row]] = {}
        self.known: dict[Key, Known] = {}  # the people in the portal the rows are of

    def check(self, line: int, values: list[str]) -> tuple[Row | None, list[str]]:
        if len(values) != len(COLUMNS):
            return None, [importer.wrong_columns(len(COLUMNS), len(values))]
        number, email = values[7].strip() or None, values[0].strip().lower()
        person, matching = self._person(number, email)
        key: Key = (
            ("id", person.id)
            if person
            else ("number", number)
            if number
            else self.email_owner.get(email, ("email", email))
        )
        fields, problems = importer.check_fields(
            values,
            self.units,
            self.positions,
            email_problem=lambda found: self._repeated(found, key, line),
            start_required=False,
        )
        problems += self._number_problems(number, key, line) + matching
        end = values[8].strip()
        end_date = importer.check_date(end, problems, column="end_date") if end else None
        if fields is None or problems:
            return None, problems
        row = Row(line, fields, number, end_date)
        if end_date and fields.start_date and end_date < fields.start_date:
            problems.append(_("sluttdatoen er før startdatoen"))
        if person is None and fields.start_date is None and not row.is_over(self.today):
            problems.append(_("startdatoen mangler for en ny person"))
        problems += self._other_rows_problems(key, row)
        if problems:
            return None, problems
        self.rows.setdefault(key, []).append(row)
        if person is not None:
            self.known[key] = person
        return row, []

    def _person(self, number: str | None, email: str) -> tuple[Known | None, list[str]]:
        """The person in the portal the row is of, if any, or why it cannot be told."""
        person = self.by_number.get(number) if number else None
        other = self.by_email.get(email)
        if person is not None and other is not None and other.id != person.id:
            problem = _(
                "e-postadressen %(email)s tilhører en annen person i portalen enn "
                "ansattnummeret %(number)s",
                email=email,
                number=number,
            )
            return None, [problem]
        if person is None and other is not None:
            if number and other.employee_number and other.employee_number != number:
                problem = _(
                    "e-postadressen %(email)s tilhører ansattnummer %(number)s i portalen",
                    email=email,
                    number=other.employee_number,
                )
                return None, [problem]
            person = other
        return person, []

    def _repeated(self, email: str, key: Key, line: int) -> str | None:
        """An email on an earlier line is another job of the same person, or a problem."""
        if self.email_owner.get(email) == key:
            return None
        problem = importer.earlier_line_of(email, line, self.seen_emails)
        if problem is None:
            self.email_owner[email] = key
        return problem

    def _number_problems(self, number: str | None, key: Key, line: int) -> list[str]:
        if number is None:
            return []
        if len(number) > MAX_NUMBER:
            return [_("ansattnummeret er lengre enn %(max)d tegn", max=MAX_NUMBER)]
        first = self.numbers.setdefault(number, (key, line))
        if first[0] != key:
            return [
                _(
                    "ansattnummeret %(number)s står også på linje %(line)d",
                    number=number,
                    line=first[1],
                )
            ]
        return []

    def _other_rows_problems(self, key: Key, row: Row) -> list[str]:
        """What the row says of its person against their earlier rows: the same name, email,
        access and employee number, and another job."""
        earlier = self.rows.get(key)
        problems = []
        if earlier:
            first, f = earlier[0], row.fields
            disagreements = (
                (f.name.strip() != first.fields.name.strip(), _("et annet navn")),
                (f.email != first.fields.email, _("en annen e-postadresse")),
                (f.access != first.fields.access, _("en annen tilgang")),
                (
                    None not in (row.employee_number, first.employee_number)
                    and row.employee_number != first.employee_number,
                    _("et annet ansattnummer"),
                ),
            )
            problems = [
                _("samme person som på linje %(line)d, men %(what)s", line=first.line, what=what)
                for differs, what in disagreements
                if differs
            ]
        job = (key, row.fields.unit_id, row.fields.position_id)
        if job in self.jobs:
            problems.append(
                _(
                    "samme person, enhet og stilling som på linje %(line)d",
                    line=self.jobs[job],
                )
            )
        elif not problems:
            self.jobs[job] = row.line
        return problems


def plan(session: Session, text: str | Iterable[str], *, today: date) -> Plan:
    """What syncing ``text`` would do today; every bad row is in ``errors`` (then the plan
    is not to be applied). Reads, never writes.

    :raise UnicodeDecodeError: if the file is not UTF-8
    """
    result = Plan(
        units=dict(session.execute(select(Unit.id, Unit.name)).all()),
        positions=dict(session.execute(select(Position.id, Position.name)).all()),
    )
    units = {name.casefold(): uid for uid, name in result.units.items()}
    positions = {name.casefold(): pid for pid, name in result.positions.items()}
    for code, pid in session.execute(select(Position.code, Position.id)):
        positions[code.casefold()] = pid
    people = [Known(**row._asdict()) for row in session.execute(select(*_KNOWN_COLUMNS))]
    reader = _Reader(people, units, positions, today)
    _rows, result.errors = importer.read(text, COLUMNS, reader.check)
    if result.errors:
        return result
    held = _current_jobs(session, today)
    for key, rows in reader.rows.items():
        person = reader.known.get(key)
        if person is not None:
            _plan_person(result, person, rows, held.get(person.id, []), today)
        else:
            _plan_new(result, rows, today)
    in_file = {person.id for person in reader.known.values()}
    for person in people:
        if person.id in in_file or not person.is_active:
            continue
        if person.access == "admin":
            result.kept_admins.append(person)
        else:
            result.deactivated.append(Leaver(person, None))
    result.active_before = sum(1 for person in people if person.is_active)
    return result


_KNOWN_COLUMNS = (
    Person.id,
    Person.name,
    Person.email,
    Person.employee_number,
    Person.access,
    Person.is_active,
)


def _current_jobs(session: Session, today: date) -> dict[int, list[KnownJob]]:
    """Everyone's current jobs, the oldest first, by person."""
    found: dict[int, list[KnownJob]] = {}
    query = (
        select(
            Job.id,
            Job.person_id,
            Job.unit_id,
            Job.position_id,
            Job.employment_percent,
            Job.starts_on,
            Job.ends_on,
        )
        .where(jobs.runs_on(today))
        .order_by(Job.person_id, Job.starts_on, Job.id)
    )
    for row in session.execute(query):
        found.setdefault(row.person_id, []).append(KnownJob(**row._asdict()))
    return found


def _started(row: Row, today: date) -> JobStart:
    f = row.fields
    return JobStart(
        f.unit_id, f.position_id, f.employment_percent, f.start_date or today, row.end_date
    )


def _plan_new(result: Plan, rows: list[Row], today: date) -> None:
    """A new person with the jobs of their rows that have not ended; none: nobody."""
    going = [row for row in rows if not row.is_over(today)]
    result.ended_new += len(rows) - len(going)
    if going:
        first = going[0]
        number = next((row.employee_number for row in rows if row.employee_number), None)
        started = tuple(_started(row, today) for row in going)
        result.new.append(NewPerson(first.line, first.fields, number, started))


def _plan_person(
    result: Plan, person: Known, rows: list[Row], held: list[KnownJob], today: date
) -> None:
    """A person in the portal: their jobs as their rows say, and their fields; deactivated
    when none of their rows runs on."""
    job_plan = _plan_jobs(rows, held, today)
    if all(row.is_over(today) for row in rows):
        if person.is_active:
            last = max(row.end_date for row in rows if row.end_date)
            result.deactivated.append(Leaver(person, last, job_plan))
        elif not job_plan.is_empty:
            result.changed.append(Change(person, {}, job_plan))
        return
    f = rows[0].fields
    number = next((row.employee_number for row in rows if row.employee_number), None)
    wanted = {
        "name": f.name.strip(),
        "email": f.email,
        "employee_number": number or person.employee_number,
        "access": f.access,
        "is_active": True,
    }
    changes = {
        name: (person.value(name), wanted[name])
        for name in FIELDS
        if person.value(name) != wanted[name]
    }
    if changes or not job_plan.is_empty:
        result.changed.append(Change(person, changes, job_plan))


def _plan_jobs(rows: list[Row], held: list[KnownJob], today: date) -> JobPlan:
    """Each row is the current job of its unit and position, or a new one; a current job
    without a row ends, its last day the day before the sync (or its first, when it has not
    begun: a job never ends before it starts)."""
    open_jobs: dict[tuple[int, int | None], list[KnownJob]] = {}
    for job in held:
        open_jobs.setdefault((job.unit_id, job.position_id), []).append(job)
    started: list[JobStart] = []
    ended: list[JobEnd] = []
    resized: list[JobResize] = []
    for row in rows:
        f = row.fields
        same = open_jobs.get((f.unit_id, f.position_id))
        if not same:
            if not row.is_over(today):
                started.append(_started(row, today))
            continue
        job = same.pop(0)
        if f.employment_percent != job.employment_percent and not row.is_over(today):
            resized.append(JobResize(job, f.employment_percent))
        last = max(row.end_date, job.starts_on) if row.end_date else None
        if last is not None and last != job.ends_on:
            ended.append(JobEnd(job, last))
    yesterday = today - timedelta(days=1)
    ended += [
        JobEnd(job, max(yesterday, job.starts_on)) for left in open_jobs.values() for job in left
    ]
    return JobPlan(tuple(started), tuple(ended), tuple(resized))


def sync(
    session: Session,
    *,
    actor_id: int | None,
    text: str | Iterable[str],
    today: date,
    max_leave_percent: float,
    dry_run: bool = False,
    allow_mass_leave: bool = False,
) -> tuple[Plan, bool]:
    """Plan the sync of ``text`` and, unless it is a dry run, has errors or leaves too many
    (and that is not allowed), apply it. The plan, and whether it was applied."""
    found = plan(session, text, today=today)
    if found.errors or dry_run:
        return found, False
    if found.leaves_too_many(max_leave_percent) and not allow_mass_leave:
        return found, False
    apply(session, actor_id=actor_id, plan=found, today=today)
    return found, True
