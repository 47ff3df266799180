"""The plan of an HR sync (portal/org/sync.py): who is new, who changes, field by field and
job by job, and who is deactivated; and how the plan is shown, as a diff of a line each."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from portal.formatting import format_date
from portal.org import importer
from portal.org.forms import ACCESS_CHOICES

#: What the sync changes on a person, besides their jobs, in the order the plan shows it.
FIELDS = ("name", "email", "employee_number", "access", "is_active")


@dataclass(frozen=True)
class Row:
    """A good row: one job of one person, as the file says."""

    line: int
    fields: importer.Fields
    employee_number: str | None
    end_date: date | None

    def is_over(self, today: date) -> bool:
        """Whether the job's last day has passed."""
        return self.end_date is not None and self.end_date < today


@dataclass(frozen=True)
class Known:
    """A person in the portal, as the sync compares them."""

    id: int
    name: str
    email: str
    employee_number: str | None
    access: str
    is_active: bool

    def value(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class KnownJob:
    """A current job in the portal."""

    id: int
    person_id: int
    unit_id: int
    position_id: int | None
    employment_percent: int
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class JobStart:
    unit_id: int
    position_id: int
    employment_percent: int
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class JobEnd:
    job: KnownJob
    last_day: date


@dataclass(frozen=True)
class JobResize:
    job: KnownJob
    employment_percent: int


@dataclass(frozen=True)
class JobPlan:
    """What happens to one person's jobs."""

    started: tuple[JobStart, ...] = ()
    ended: tuple[JobEnd, ...] = ()
    resized: tuple[JobResize, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.started or self.ended or self.resized)


@dataclass(frozen=True)
class NewPerson:
    """A person the portal does not know, with the jobs that run on (file order)."""

    line: int
    fields: importer.Fields
    employee_number: str | None
    jobs: tuple[JobStart, ...]


@dataclass(frozen=True)
class Change:
    """A person whose fields or jobs change: ``changes`` maps a field to (old, new)."""

    person: Known
    changes: dict[str, tuple[Any, Any]]
    jobs: JobPlan


@dataclass(frozen=True)
class Leaver:
    person: Known
    ended_on: date | None  # the last of their rows' end dates; None: not in the file
    jobs: JobPlan = JobPlan()  # their jobs the file ends


@dataclass
class Plan:
    new: list[NewPerson] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    deactivated: list[Leaver] = field(default_factory=list)
    kept_admins: list[Known] = field(default_factory=list)  # not in the file, left active
    ended_new: int = 0  # rows of jobs that ended before the portal knew their person
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
        """A fingerprint of what the plan does, to the person, field and job, from what to
        what: the plan a preview showed is the plan applied, or none is."""
        content = {
            "new": [
                [n.fields.email, n.employee_number, n.fields.name, n.fields.access]
                + [
                    [j.unit_id, j.position_id, j.employment_percent, j.starts_on, j.ends_on]
                    for j in n.jobs
                ]
                for n in self.new
            ],
            "changed": [[c.person.id, sorted(c.changes.items()), c.jobs] for c in self.changed],
            "deactivated": [
                [leaver.person.id, leaver.ended_on]
                + ([leaver.jobs] if not leaver.jobs.is_empty else [])
                for leaver in self.deactivated
            ],
        }
        text = json.dumps(content, default=_plain)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

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

    def entries(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """The plan, person by person: (kind, the person, their lines), each line a mark
        (``+`` new or started, ``~`` changed, ``-`` ended or deactivated) and its text. The
        kinds are ``new``, ``changed`` and ``deactivated``."""
        found: list[tuple[str, str, list[tuple[str, str]]]] = []
        for new in self.new:
            lines = [("+", _("ny, %(access)s", access=self.shown("access", new.fields.access)))]
            lines += [("+", self._started(job)) for job in new.jobs]
            found.append(("new", f"{new.fields.name.strip()} <{new.fields.email}>", lines))
        for change in self.changed:
            lines = [
                ("~", f"{field_label(name)}: {self.shown(name, old)} → {self.shown(name, new)}")
                for name, (old, new) in change.changes.items()
            ]
            found.append(("changed", _who(change.person), lines + self._jobs(change.jobs)))
        for leaver in self.deactivated:
            why = (
                _("sluttet %(day)s", day=format_date(leaver.ended_on))
                if leaver.ended_on
                else _("ikke i filen")
            )
            lines = [*self._jobs(leaver.jobs), ("-", _("deaktiveres (%(why)s)", why=why))]
            found.append(("deactivated", _who(leaver.person), lines))
        return found

    def lines(self) -> list[str]:
        """The plan as a diff, a line each: ``+`` new, ``~`` changed, ``-`` ended."""
        return [
            f"{mark} {who}: {text}" for _kind, who, lines in self.entries() for mark, text in lines
        ]

    def _job(self, unit_id: int, position_id: int | None) -> str:
        return f"{self.shown('unit_id', unit_id)}, {self.shown('position_id', position_id)}"

    def _started(self, job: JobStart) -> str:
        where = self._job(job.unit_id, job.position_id)
        percent = self.shown("employment_percent", job.employment_percent)
        if job.ends_on:
            return _(
                "ny stilling: %(job)s, %(percent)s, fra %(first)s til %(last)s",
                job=where,
                percent=percent,
                first=format_date(job.starts_on),
                last=format_date(job.ends_on),
            )
        return _(
            "ny stilling: %(job)s, %(percent)s, fra %(first)s",
            job=where,
            percent=percent,
            first=format_date(job.starts_on),
        )

    def _jobs(self, plan: JobPlan) -> list[tuple[str, str]]:
        ended = [
            (
                "-",
                _(
                    "stillingen slutter: %(job)s, fra %(first)s, siste dag %(last)s",
                    job=self._job(end.job.unit_id, end.job.position_id),
                    first=format_date(end.job.starts_on),
                    last=format_date(end.last_day),
                ),
            )
            for end in plan.ended
        ]
        started = [("+", self._started(job)) for job in plan.started]
        resized = [
            (
                "~",
                _(
                    "stillingsprosent i %(job)s: %(old)s → %(new)s",
                    job=self._job(resize.job.unit_id, resize.job.position_id),
                    old=self.shown("employment_percent", resize.job.employment_percent),
                    new=self.shown("employment_percent", resize.employment_percent),
                ),
            )
            for resize in plan.resized
        ]
        return ended + started + resized


def _plain(value: Any) -> Any:
    """What JSON makes of the plan's few nested parts: a dataclass's fields (shallow: they
    come back here in turn), else the text."""
    return vars(value) if dataclasses.is_dataclass(value) else str(value)


def _who(person: Known) -> str:
    return f"{person.name} <{person.email}>"


def field_label(name: str) -> str:
    return {
        "name": _("navn"),
        "email": _("e-post"),
        "employee_number": _("ansattnummer"),
        "access": _("tilgang"),
        "is_active": _("aktiv"),
    }[name]
