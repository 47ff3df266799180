"""The scale fixture (CONTRACT.md, "Scale fixture"): a consistent organisation of N people.

A health trust whose clinics have departments; 8 positions that require 6 to 12 of 30
competences each; people in a job each, 3 % with a second, smaller one in another department
and position; renewal histories (one to three records per competence held, 12 % never held),
corrections, records voided as mistakes, submissions waiting for review, 3 % inactive; and the
derived standings, computed from the records by the portal's own rule
(:func:`portal.competence.standings.expected_all`), and the obligations from them and
the jobs. Dates are relative to ``today``, so the statuses come out the same whichever day it
is built; the same seed builds the same data.

Rows are generated and inserted in chunks of people, so memory stays modest at 100,000 people
(about 1.4 million records).
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from portal import create_app
from portal.competence import obligations, standings
from portal.competence.gaps import add_months
from portal.competence.models import (
    Competence,
    CompetenceRecord,
    CoverageRule,
    Requirement,
    Standing,
    Submission,
)
from portal.db import Base, make_engine
from portal.org.models import Job, Person, Position, Unit, unit_leads

PASSWORD = "bench-password"
ADMIN_EMAIL = "admin@bench.example"
LEAD_EMAIL = "lead@bench.example"
TOP_UNIT_ID = 1
ADMIN_ID, LEAD_ID = 1, 2  # first, so that records can name the administrator who made them
PEOPLE_PER_CHUNK = 5000
ROWS_PER_INSERT = 20000
SECOND_JOB_PERCENTS = (20, 30, 40)  # smaller than every main job's share, so it stays second

POSITIONS = (
    "Sykepleier",
    "Spesialsykepleier",
    "Helsefagarbeider",
    "Overlege",
    "Lege i spesialisering",
    "Fysioterapeut",
    "Helsesekretær",
    "Merkantil konsulent",
)
COMPETENCES = (
    "Hjerte-lunge-redning",
    "Avansert hjerte-lunge-redning",
    "Smittevern",
    "Håndhygiene",
    "Brannvern",
    "Taushetsplikt og personvern",
    "Informasjonssikkerhet",
    "Legemiddelhåndtering",
    "Legemiddelregning",
    "Blodtransfusjon",
    "Forflytningsteknikk",
    "Vold og trusler",
    "Journalføring",
    "Elektronisk pasientjournal",
    "Meldekultur og avvik",
    "Beredskap og katastrofe",
    "Strålevern",
    "Medisinsk utstyr",
    "Defibrillator",
    "Sepsis",
    "Tidlig oppdagelse av forverret tilstand",
    "Ernæring",
    "Palliasjon",
    "Tvungen helsehjelp",
    "Samtykkekompetanse",
    "Tolk i helsetjenesten",
    "Kommunikasjon med pårørende",
    "Arbeid i høyden",
    "Kjemikalier",
    "Førstehjelp",
)
REQUIRED_PER_POSITION = (6, 7, 8, 9, 9, 10, 11, 12)  # competences each position requires
VALIDITY_MONTHS = (None, 12, 24, 36, 60)
KINDS = ("course", "external", "signoff")
FIRST_NAMES = (
    "Anne Ola Kari Per Ingrid Lars Marit Knut Sigrid Jon Åse Øystein Liv Bjørn Hilde Arne "
    "Nora Emil Ida Jakob Sara Noah Maja Filip Ella William Emma Lukas Thea Magnus Tuva Henrik"
).split()
LAST_NAMES = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen "
    "Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen Jacobsen Dahl "
    "Jørgensen Halvorsen Henriksen Lund Sørensen Strand Solberg Moen Bakken Kristoffersen "
    "Ødegård Aasen"
).split()


@dataclass(frozen=True)
class Shape:
    """What to build: the number of people and units and competences, the seed and the day."""

    people: int
    units: int | None = None  # None: one department per 100 people
    competences: int = 30
    seed: int = 7
    today: date = field(default_factory=date.today)

    @property
    def unit_count(self) -> int:
        return self.units if self.units is not None else max(4, self.people // 100)


@dataclass(frozen=True)
class Built:
    people: int
    units: int
    records: int
    submissions: int
    standings: int
    seconds: float


def migrate(url: str) -> None:
    """Bring the database at ``url`` to the newest schema, as ``portal db upgrade`` does."""
    from alembic import command

    from portal.cli import migrations_config

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-migrate"})
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    app.extensions["portal.engine"].dispose()


def people_in(url: str) -> int:
    """How many people a fixture built before holds (the two accounts aside)."""
    engine = make_engine(url)
    try:
        with engine.connect() as db:
            return db.scalar(select(func.count()).select_from(Person)) - len((ADMIN_ID, LEAD_ID))
    finally:
        engine.dispose()


def build(url: str, shape: Shape) -> Built:
    """Fill the empty, migrated database at ``url`` in one transaction."""
    started = time.perf_counter()
    engine = make_engine(url)
    try:
        with engine.begin() as db:
            built = _fill(db, shape)
        if engine.dialect.name == "postgresql":
            _after_bulk_load_postgresql(engine)
        else:
            _after_bulk_load_sqlite(engine)
    finally:
        engine.dispose()
    return Built(**built, seconds=time.perf_counter() - started)


class NotEmpty(RuntimeError):
    """The fixture builds only into an empty database."""


def _fill(db: Connection, shape: Shape) -> dict:
    if db.scalar(select(func.count()).select_from(Person)):
        raise NotEmpty("the database already holds people: the fixture needs an empty one")
    rng = random.Random(shape.seed)
    plan = _Plan.draw(rng, shape)
    _insert(db, Unit, plan.units)
    _insert(db, Position, plan.positions)
    _insert(db, Competence, plan.competences)
    _insert(db, Requirement, plan.requirements)
    _insert(db, CoverageRule, plan.coverage_rules)
    accounts = _accounts(shape.today)
    _insert(db, Person, accounts)
    _insert(db, Job, [_job(account) for account in accounts])
    db.execute(insert(unit_leads), [{"person_id": LEAD_ID, "unit_id": TOP_UNIT_ID}])
    records = submissions = 0
    for chunk in _people(rng, shape, plan):
        _insert(db, Person, chunk.people)
        _insert(db, Job, chunk.jobs)
        _insert(db, CompetenceRecord, chunk.records)
        _insert(db, Submission, chunk.submissions)
        records += len(chunk.records)
        submissions += len(chunk.submissions)
    kept = list(standings.rows_for_bulk(standings.expected_all(Session(bind=db))))
    _insert(db, Standing, kept)
    obligations.fill(Session(bind=db), shape.today)
    return {
        "people": shape.people,
        "units": len(plan.units),
        "records": records,
        "submissions": submissions,
        "standings": len(kept),
    }


def _insert(db: Connection, model: type[Base], rows: list[dict]) -> None:
    for start in range(0, len(rows), ROWS_PER_INSERT):
        db.execute(insert(model), rows[start : start + ROWS_PER_INSERT])


def _after_bulk_load_postgresql(engine) -> None:
    """Ids were given explicitly: move each sequence past them, then refresh the statistics
    the planner chooses by (a bulk load leaves them empty until autovacuum comes by)."""
    with engine.begin() as db:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                db.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                    )
                )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text("ANALYZE"))


def _after_bulk_load_sqlite(engine) -> None:
    """The statistics SQLite's planner chooses indexes by, as ``PRAGMA optimize`` keeps them in
    a database that grew by use."""
    with engine.begin() as db:
        db.execute(text("ANALYZE"))


@dataclass(frozen=True)
class _Plan:
    """The organisation around the people: units, positions, competences, requirements."""

    units: list[dict]
    departments: list[int]
    positions: list[dict]
    competences: list[dict]
    requirements: list[dict]
    coverage_rules: list[dict]

    @classmethod
    def draw(cls, rng: random.Random, shape: Shape) -> _Plan:
        units, departments = _units(shape.unit_count)
        positions = [
            {"id": n + 1, "code": f"stilling-{n + 1}", "name": name}
            for n, name in enumerate(POSITIONS)
        ]
        competences = [_competence(n) for n in range(shape.competences)]
        requirements = []
        for position, count in zip(positions, REQUIRED_PER_POSITION, strict=True):
            count = min(shape.competences, count)
            for competence_id in rng.sample(range(1, shape.competences + 1), count):
                requirements.append(
                    {
                        "position_id": position["id"],
                        "competence_id": competence_id,
                        "is_mandatory": rng.random() < 0.8,
                        "due_days": rng.choice((0, 14, 30, 90, 180)),
                    }
                )
        coverage_rules = [
            {
                "unit_id": unit_id,
                "competence_id": rng.randint(1, min(5, shape.competences)),
                "minimum": rng.randint(1, 4),
            }
            for unit_id in departments
        ]
        return cls(units, departments, positions, competences, requirements, coverage_rules)

    def required(self, position_id: int) -> list[dict]:
        return [r for r in self.requirements if r["position_id"] == position_id]


def _units(count: int) -> tuple[list[dict], list[int]]:
    """The trust at the top, a clinic for every 20 units, departments under the clinics."""
    clinics = max(1, count // 20)
    units = [{"id": TOP_UNIT_ID, "name": "Helseforetaket", "parent_id": None}]
    units += [
        {"id": 2 + n, "name": f"Klinikk {n + 1}", "parent_id": TOP_UNIT_ID} for n in range(clinics)
    ]
    first = 2 + clinics
    departments = [
        {"id": first + n, "name": f"Avdeling {n + 1}", "parent_id": 2 + n % clinics}
        for n in range(max(1, count - clinics - 1))
    ]
    return units + departments, [unit["id"] for unit in departments]


def _competence(n: int) -> dict:
    return {
        "id": n + 1,
        "code": f"k{n + 1}",
        "name": COMPETENCES[n] if n < len(COMPETENCES) else f"Kompetanse {n + 1}",
        "description": "",
        "kind": KINDS[n % len(KINDS)],
        "validity_months": VALIDITY_MONTHS[n % len(VALIDITY_MONTHS)],
        "typical_cost_ore": None,
    }


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 8, tzinfo=UTC)


def _accounts(today: date) -> list[dict]:
    password_hash = generate_password_hash(PASSWORD)
    account = {
        "password_hash": password_hash,
        "unit_id": TOP_UNIT_ID,
        "position_id": None,
        "start_date": today - timedelta(days=3000),
        "position_since": today - timedelta(days=3000),
        "employment_percent": 100,
        "is_active": True,
        "created_dt": _at(today - timedelta(days=3000)),
    }
    return [
        {**account, "id": ADMIN_ID, "email": ADMIN_EMAIL, "name": "Admin", "access": "admin"},
        {**account, "id": LEAD_ID, "email": LEAD_EMAIL, "name": "Leder", "access": "lead"},
    ]


@dataclass
class _Chunk:
    """The rows of a chunk of people."""

    people: list[dict] = field(default_factory=list)
    jobs: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    submissions: list[dict] = field(default_factory=list)


def _people(rng: random.Random, shape: Shape, plan: _Plan) -> Iterator[_Chunk]:
    """People with their jobs, records and waiting submissions, a chunk at a time."""
    first_id = LEAD_ID + 1
    ids = range(first_id, first_id + shape.people)
    inactive = set(rng.sample(ids, max(1, shape.people * 3 // 100)))
    waiting = set(rng.sample(ids, max(1, shape.people * 2 // 100)))
    # A second job needs a second department (and there are always other positions).
    two_jobs = set(rng.sample(ids, shape.people * 3 // 100)) if len(plan.departments) > 1 else ()
    required = {p["id"]: plan.required(p["id"]) for p in plan.positions}
    validity = {c["id"]: c["validity_months"] for c in plan.competences}
    kinds = {c["id"]: c["kind"] for c in plan.competences}
    record_ids = itertools.count(1)
    for chunk_start in range(0, shape.people, PEOPLE_PER_CHUNK):
        chunk = _Chunk()
        for person_id in ids[chunk_start : chunk_start + PEOPLE_PER_CHUNK]:
            person = _person(rng, person_id, plan, shape.today, person_id not in inactive)
            jobs = _jobs(rng, person, plan, shape.today, second=person_id in two_jobs)
            chunk.people.append(person)
            chunk.jobs += jobs
            needs = _needs(jobs, required)
            for requirement in needs:
                competence_id = requirement["competence_id"]
                chunk.records += _history(
                    rng,
                    record_ids,
                    person_id,
                    competence_id,
                    validity[competence_id],
                    kinds[competence_id],
                    shape.today,
                )
            if person_id in waiting and needs:
                competence_id = rng.choice(needs)["competence_id"]
                chunk.submissions.append(
                    _submission(rng, person_id, competence_id, validity[competence_id], shape)
                )
        yield chunk


def _person(rng: random.Random, person_id: int, plan: _Plan, today: date, active: bool) -> dict:
    # Most have been in post for years; about half of the rest started within four months.
    started = today - timedelta(days=rng.choice((rng.randint(0, 120), rng.randint(0, 7000))))
    return {
        "id": person_id,
        "email": f"person{person_id}@bench.example",
        "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "password_hash": None,
        "unit_id": rng.choice(plan.departments),
        "position_id": rng.randint(1, len(plan.positions)),
        "start_date": started,
        "position_since": started,
        "employment_percent": rng.choice((100, 100, 100, 80, 60, 50)),
        "several_units": False,  # a second job, if any, says otherwise
        "access": "employee",
        "is_active": active,
        "created_dt": _at(started),
    }


def _jobs(rng: random.Random, person: dict, plan: _Plan, today: date, second: bool) -> list[dict]:
    """The person's jobs: the main one, and with ``second`` a smaller one in another unit,
    which makes the person one of those in several units."""
    if not second:
        return [_job(person)]
    person["several_units"] = True
    return [_job(person), _second_job(rng, person, plan, today)]


def _needs(jobs: list[dict], required: dict[int, list[dict]]) -> list[dict]:
    """The requirements of the jobs' positions, each competence once."""
    by_competence = {r["competence_id"]: r for job in jobs for r in required[job["position_id"]]}
    return list(by_competence.values())


def _job(person: dict) -> dict:
    """The person's main job, which their columns mirror (:func:`portal.org.jobs.mirror`)."""
    return {
        "person_id": person["id"],
        "unit_id": person["unit_id"],
        "position_id": person["position_id"],
        "employment_percent": person["employment_percent"],
        "starts_on": person["position_since"],
        "ends_on": None,
        "created_dt": person["created_dt"],
    }


def _second_job(rng: random.Random, person: dict, plan: _Plan, today: date) -> dict:
    """A smaller job in another department and position, begun since the person started."""
    starts_on = person["start_date"] + timedelta(
        days=rng.randint(0, (today - person["start_date"]).days)
    )
    return {
        "person_id": person["id"],
        "unit_id": rng.choice([u for u in plan.departments if u != person["unit_id"]]),
        "position_id": rng.choice(
            [p["id"] for p in plan.positions if p["id"] != person["position_id"]]
        ),
        "employment_percent": rng.choice(SECOND_JOB_PERCENTS),
        "starts_on": starts_on,
        "ends_on": None,
        "created_dt": _at(starts_on),
    }


def _history(
    rng: random.Random,
    record_ids: Iterator[int],
    person_id: int,
    competence_id: int,
    months: int | None,
    kind: str,
    today: date,
) -> list[dict]:
    """One person's records of one competence: renewals a year apart, the newest within the
    last four years; now and then a corrected date or a mistaken record voided."""
    if rng.random() < 0.12:
        return []  # never held
    newest = today - timedelta(days=rng.randint(0, 1500))
    renewals = rng.choice((1, 1, 2, 3))

    def record(day: date, **changes) -> dict:
        return {
            "id": next(record_ids),
            "person_id": person_id,
            "competence_id": competence_id,
            "achieved_on": day,
            "expires_on": add_months(day, months) if months else None,
            "source": kind if day > today - timedelta(days=730) else "import",
            "reference": None,
            "note": None,
            "supersedes_id": None,
            "is_void": False,
            "recorded_by_id": None,
            "recorded_dt": _at(day),
            **changes,
        }

    history = [
        record(newest - timedelta(days=365 * (renewals - 1 - step))) for step in range(renewals)
    ]
    chance = rng.random()
    if chance < 0.03:  # the newest record's date was wrong: a correction supersedes it
        wrong = history[-1]
        history.append(
            record(
                wrong["achieved_on"] - timedelta(days=rng.randint(1, 14)),
                source="correction",
                supersedes_id=wrong["id"],
                note="Rettet dato",
                recorded_by_id=ADMIN_ID,
            )
        )
    elif chance < 0.035:  # a record entered by mistake, voided by a correction
        mistake = record(today - timedelta(days=rng.randint(0, 200)))
        history += [
            mistake,
            record(
                mistake["achieved_on"],
                source="correction",
                supersedes_id=mistake["id"],
                is_void=True,
                note="Registrert ved en feil",
                recorded_by_id=ADMIN_ID,
            ),
        ]
    return history


def _submission(
    rng: random.Random, person_id: int, competence_id: int, months: int | None, shape: Shape
) -> dict:
    achieved = shape.today - timedelta(days=rng.randint(0, 30))
    return {
        "person_id": person_id,
        "competence_id": competence_id,
        "achieved_on": achieved,
        "expires_on": add_months(achieved, months) if months else None,
        "reference": "Kursbevis",
        "note": None,
        "state": "pending",
        "reason": None,
        "decided_by_id": None,
        "decided_dt": None,
        "record_id": None,
        "created_dt": _at(achieved),
    }
