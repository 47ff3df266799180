"""The HR sync: the whole current staff from an HR system, as README.md's «Syncing people from
HR» describes. One function computes the plan (:func:`plan`), another applies exactly that
plan (:func:`apply`); a dry run stops after the first.

Columns: the people import's (:data:`portal.org.importer.COLUMNS`) and ``employee_number``,
``end_date``. A row is matched to a person by employee number, else by email. The portal holds
one job per person, so a person is on one row; each row is checked as a job of its own, so
that a file of one row per job needs only another way to apply it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent
from portal.org import bulk, importer
from portal.org.forms import ACCESS_CHOICES
from portal.org.models import Person, Position, Unit, unit_leads
from portal.org.signals import people_written

COLUMNS = (*importer.COLUMNS, "employee_number", "end_date")
MAX_NUMBER = 50
CHUNK = 5000

#: What the sync changes on a person, in the order the plan shows it.
FIELDS = (
    "name",
    "email",
    "employee_number",
    "unit_id",
    "position_id",
    "employment_percent",
    "access",
    "is_active",
)


@dataclass(frozen=True)
class Job:
    """A good row: one job of one person, as the file says."""

    line: int
    fields: importer.Fields
    employee_number: str | None
    end_date: date | None


@dataclass(frozen=True)
class Known:
    """A person in the portal, as the sync compares them."""

    id: int
    name: str
    email: str
    employee_number: str | None
    unit_id: int | None
    position_id: int | None
    position_since: date
    employment_percent: int
    access: str
    is_active: bool

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class Change:
    """A person whose fields change: ``changes`` maps a field to (old, new)."""

    person: Known
    line: int
    changes: dict[str, tuple[Any, Any]]
    position_since: date | None = None  # set when the position changes


@dataclass(frozen=True)
class Leaver:
    person: Known
    ended_on: date | None  # the row's end date; None: not in the file


@dataclass
class Plan:
    new: list[Job] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    deactivated: list[Leaver] = field(default_factory=list)
    kept_admins: list[Known] = field(default_factory=list)  # not in the file, left active
    ended_new: int = 0  # rows of people who left before the portal knew them
    active_before: int = 0
    errors: list[str] = field(default_factory=list)
    units: dict[int, str] = field(default_factory=dict)
    positions: dict[int, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.deactivated)

    def leaves_too_many(self, max_percent: float) -> bool:
        """Whether the plan deactivates more than ``max_percent`` of the active staff."""
        return len(self.deactivated) * 100 > max_percent * self.active_before

    @property
    def leave_percent(self) -> int:
        return round(len(self.deactivated) * 100 / self.active_before) if self.active_before else 0

    def digest(self) -> str:
        """A fingerprint of what the plan does, to the person and field, from what to what:
        the plan a preview showed is the plan applied, or none is."""
        content = {
            "new": [[j.fields.email, j.employee_number, *_job_values(j)] for j in self.new],
            "changed": [
                [c.person.id, sorted(c.changes.items()), c.position_since] for c in self.changed
            ],
            "deactivated": [[leaver.person.id, leaver.ended_on] for leaver in self.deactivated],
        }
        return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()[:32]

    def shown(self, name: str, value: Any) -> str:
        """A field's value as the plan shows it: names for units and positions."""
        if value is None or value == "":
            return "–"
        if name == "unit_id":
            return self.units.get(value, str(value))
        if name == "position_id":
            return self.positions.get(value, str(value))
        if name == "is_active":
            return _("ja") if value else _("nei")
        if name == "employment_percent":
            return f"{value} %"
        if name == "access":
            return str(dict(ACCESS_CHOICES).get(value, value))
        return str(value)

    def lines(self) -> list[str]:
        """The plan as a diff, a line each: ``+`` new, ``~`` changed, ``-`` deactivated."""
        out = [
            "+ "
            + _(
                "%(name)s <%(email)s>: ny, %(unit)s, %(position)s, %(percent)s, %(access)s",
                name=job.fields.name,
                email=job.fields.email,
                unit=self.shown("unit_id", job.fields.unit_id),
                position=self.shown("position_id", job.fields.position_id),
                percent=self.shown("employment_percent", job.fields.employment_percent),
                access=self.shown("access", job.fields.access),
            )
            for job in self.new
        ]
        for change in self.changed:
            parts = [
                f"{field_label(name)}: {self.shown(name, old)} → {self.shown(name, new)}"
                for name, (old, new) in change.changes.items()
            ]
            if change.position_since:
                parts.append(
                    _("frister fra %(day)s", day=change.position_since.strftime("%d.%m.%Y"))
                )
            out.append(f"~ {change.person.name} <{change.person.email}>: " + "; ".join(parts))
        for leaver in self.deactivated:
            why = (
                _("sluttet %(day)s", day=leaver.ended_on.strftime("%d.%m.%Y"))
                if leaver.ended_on
                else _("ikke i filen")
            )
            out.append(
                "- "
                + _(
                    "%(name)s <%(email)s>: deaktiveres (%(why)s)",
                    name=leaver.person.name,
                    email=leaver.person.email,
                    why=why,
                )
            )
        return out


def field_label(name: str) -> str:
    return {
        "name": _("navn"),
        "email": _("e-post"),
        "employee_number": _("ansattnummer"),
        "unit_id": _("enhet"),
        "position_id": _("stilling"),
        "employment_percent": _("stillingsprosent"),
        "access": _("tilgang"),
        "is_active": _("aktiv"),
    }[name]


def _job_values(job: Job) -> list[Any]:
    f = job.fields
    return [f.name, f.unit_id, f.position_id, f.start_date, f.employment_percent, f.access]


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
    by_number = {p.employee_number: p for p in people if p.employee_number}
    by_email = {p.email: p for p in people}
    matched: dict[int, int] = {}  # person id → the line that matched them
    seen_emails: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    pairs: list[tuple[Job, Known | None]] = []

    def check(line: int, values: list[str]) -> tuple[Job | None, list[str]]:
        if len(values) != len(COLUMNS):
            return None, [importer.wrong_columns(len(COLUMNS), len(values))]

        def repeated(email: str) -> str | None:
            return importer.earlier_line_of(email, line, seen_emails)

        fields, problems = importer.check_fields(
            values, units, positions, email_problem=repeated, start_required=False
        )
        number = values[7].strip() or None
        if number is not None and len(number) > MAX_NUMBER:
            problems.append(_("ansattnummeret er lengre enn %(max)d tegn", max=MAX_NUMBER))
        elif number is not None and number in seen_numbers:
            problems.append(
                _(
                    "ansattnummeret %(number)s står også på linje %(line)d",
                    number=number,
                    line=seen_numbers[number],
                )
            )
        elif number is not None:
            seen_numbers[number] = line
        end = values[8].strip()
        end_date = importer.check_date(end, problems, column="end_date") if end else None
        if fields is None or problems:
            return None, problems
        if end_date and fields.start_date and end_date < fields.start_date:
            problems.append(_("sluttdatoen er før startdatoen"))
        person = by_number.get(number) if number else None
        other = by_email.get(fields.email)
        if person is not None and other is not None and other.id != person.id:
            problems.append(
                _(
                    "e-postadressen %(email)s tilhører en annen person i portalen enn "
                    "ansattnummeret %(number)s",
                    email=fields.email,
                    number=number,
                )
            )
        elif person is None and other is not None:
            if number and other.employee_number and other.employee_number != number:
                problems.append(
                    _(
                        "e-postadressen %(email)s tilhører ansattnummer %(number)s i portalen",
                        email=fields.email,
                        number=other.employee_number,
                    )
                )
            person = other
        left = end_date is not None and end_date < today
        if person is None and fields.start_date is None and not left:
            problems.append(_("startdatoen mangler for en ny person"))
        if person is not None and person.id in matched:
            problems.append(
                _(
                    "samme person som på linje %(line)d; portalen har én stilling per person",
                    line=matched[person.id],
                )
            )
        if problems:
            return None, problems
        if person is not None:
            matched[person.id] = line
        job = Job(line, fields, number, end_date)
        pairs.append((job, person))
        return job, []

    _jobs, result.errors = importer.read(text, COLUMNS, check)
    if result.errors:
        return result
    for job, person in pairs:
        _plan_job(result, job, person, today)
    for person in people:
        if person.id in matched or not person.is_active:
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
    Person.unit_id,
    Person.position_id,
    Person.position_since,
    Person.employment_percent,
    Person.access,
    Person.is_active,
)


def _plan_job(result: Plan, job: Job, person: Known | None, today: date) -> None:
    ended = job.end_date is not None and job.end_date < today
    if person is None:
        if ended:
            result.ended_new += 1
        else:
            result.new.append(job)
        return
    if ended:
        if person.is_active:
            result.deactivated.append(Leaver(person, job.end_date))
        return
    f = job.fields
    wanted = {
        "name": f.name.strip(),
        "email": f.email,
        "employee_number": job.employee_number or person.employee_number,
        "unit_id": f.unit_id,
        "position_id": f.position_id,
        "employment_percent": f.employment_percent,
        "access": f.access,
        "is_active": True,
    }
    changes = {
        name: (person.value(name), wanted[name])
        for name in FIELDS
        if person.value(name) != wanted[name]
    }
    if not changes:
        return
    since = None
    if "position_id" in changes:
        # The new job's start, where the row gives one after the old position's; else today.
        start = f.start_date
        since = start if start is not None and start > person.position_since else today
    result.changed.append(Change(person, job.line, changes, since))


def apply(session: Session, *, actor_id: int | None, plan: Plan, today: date) -> None:
    """Carry out ``plan`` (computed by :func:`plan` in this transaction, without errors):
    people added by the bulk writer of the import, changed and deactivated by a few
    statements, each audited, and the people's obligations refilled (``people_written``)."""
    bulk.create_people(
        session,
        actor_id=actor_id,
        rows=[
            importer.Row(
                job.line,
                job.fields.email,
                job.fields.name,
                job.fields.unit_id,
                job.fields.position_id,
                job.fields.start_date or today,
                job.fields.employment_percent,
                job.fields.access,
                job.employee_number,
            )
            for job in plan.new
        ],
    )
    events = [_event(actor_id, c.person.id, c.changes) for c in plan.changed]
    changed = [
        {
            "id": change.person.id,
            **{name: new for name, (_old, new) in change.changes.items()},
            **({"position_since": change.position_since} if change.position_since else {}),
        }
        for change in plan.changed
    ]
    if changed:
        # By primary key, one statement for each set of fields that change together.
        session.execute(update(Person), changed)
    _lead_jobs(session, plan.changed, today)
    leaving = [leaver.person.id for leaver in plan.deactivated]
    for start in range(0, len(leaving), CHUNK):
        session.execute(
            update(Person)
            .where(Person.id.in_(leaving[start : start + CHUNK]))
            .values(is_active=False, session_version=Person.session_version + 1),
            execution_options={"synchronize_session": False},
        )
    events += [_event(actor_id, pid, {"is_active": (True, False)}) for pid in leaving]
    if events:
        session.execute(insert(AuditEvent), events)
    written = [change.person.id for change in plan.changed] + leaving
    if written:
        people_written.send(session, person_ids=written)
        for person in list(session.identity_map.values()):
            if isinstance(person, Person) and person.id in set(written):
                session.expire(person)


def _event(actor_id: int | None, person_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "actor_id": actor_id,
        "action": "person.updated",
        "object_type": "Person",
        "object_id": str(person_id),
        "subject_id": person_id,
        "details": {
            "changed": {name: [old, new] for name, (old, new) in changes.items()},
            "source": "sync",
        },
    }


def _lead_jobs(session: Session, changes: list[Change], today: date) -> None:
    """A lead leads the unit of their row: a change of unit ends the lead job of the old one
    (its last day yesterday) and starts one of the new; access taken away ends every lead job."""
    yesterday = today - timedelta(days=1)
    for change in changes:
        person = change.person
        access = change.changes.get("access", (person.access, person.access))[1]
        unit_id = change.changes.get("unit_id", (person.unit_id, person.unit_id))[1]
        was_lead = person.access == "lead"
        open_jobs = update(unit_leads).where(
            unit_leads.c.person_id == person.id, unit_leads.c.ends_on.is_(None)
        )
        if was_lead and access != "lead":
            session.execute(open_jobs.values(ends_on=yesterday))
        elif access == "lead" and (not was_lead or "unit_id" in change.changes):
            if was_lead and person.unit_id is not None:
                session.execute(
                    open_jobs.where(unit_leads.c.unit_id == person.unit_id).values(
                        ends_on=yesterday
                    )
                )
            job = (person.id, unit_id)
            found = session.execute(
                select(unit_leads.c.person_id).where(
                    unit_leads.c.person_id == job[0], unit_leads.c.unit_id == job[1]
                )
            ).first()
            if found:
                session.execute(
                    update(unit_leads)
                    .where(unit_leads.c.person_id == job[0], unit_leads.c.unit_id == job[1])
                    .values(ends_on=None)
                )
            else:
                session.execute(insert(unit_leads).values(person_id=job[0], unit_id=job[1]))


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
