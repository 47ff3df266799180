"""Benchmark of the gap report at scale: ``python bench/gap_report.py [options]``.

Builds an organisation (default 20,000 people in 200 units, 30 competences, realistic
histories with renewals and corrections) with bulk inserts, then times, as an administrator
over HTTP through the app: the CSV export of everyone, the first page of the HTML report, and
the first page as the lead of one unit; beside a hand-written SQL query that computes the same
statuses (the floor). Runs on SQLite (a temporary file) and, given a server URL
(``--server-url`` or ``TEST_DATABASE_URL``), on PostgreSQL in a database it creates and drops.

Example::

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/gap_report.py --people 20000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Date, bindparam, create_engine, insert, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal import create_app  # noqa: E402
from portal.competence.gaps import add_months  # noqa: E402
from portal.competence.models import (  # noqa: E402
    Competence,
    CompetenceRecord,
    CoverageRule,
    Requirement,
)
from portal.org.models import Person, Position, Unit, unit_leads  # noqa: E402

TODAY = date(2026, 11, 22)
WINDOW = 60
PASSWORD = "bench-password"
SECRET = "bench-secret"


def migrate(url: str) -> None:
    from alembic import command

    from portal.cli import migrations_config

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    app.extensions["portal.engine"].dispose()


def build(url: str, people: int, units: int, competences: int, seed: int = 7) -> dict:
    """Fill the database; return what the measurements need."""
    rng = random.Random(seed)
    engine = create_engine(url)
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    with engine.begin() as db:
        db.execute(insert(Unit), [{"id": 1, "name": "Helseforetaket", "parent_id": None}])
        groups = max(1, units // 20)
        db.execute(
            insert(Unit),
            [{"id": 2 + g, "name": f"Klinikk {g + 1}", "parent_id": 1} for g in range(groups)],
        )
        leaves = [
            {"id": 100 + u, "name": f"Avdeling {u + 1}", "parent_id": 2 + u % groups}
            for u in range(units - groups - 1)
        ]
        db.execute(insert(Unit), leaves)
        leaf_ids = [u["id"] for u in leaves]
        positions = [
            {"id": i + 1, "code": f"stilling-{i + 1}", "name": f"Stilling {i + 1}"}
            for i in range(8)
        ]
        db.execute(insert(Position), positions)
        db.execute(
            insert(Competence),
            [
                {
                    "id": c + 1,
                    "code": f"k{c + 1}",
                    "name": f"Kompetanse {c + 1:02d}",
                    "description": "",
                    "kind": ("course", "external", "signoff")[c % 3],
                    "validity_months": (None, 12, 24, 36, 60)[c % 5],
                    "typical_cost_ore": None,
                }
                for c in range(competences)
            ],
        )
        validity = {c + 1: (None, 12, 24, 36, 60)[c % 5] for c in range(competences)}
        required: dict[int, list[tuple[int, int]]] = {}
        rows = []
        for position in positions:
            chosen = rng.sample(range(1, competences + 1), min(competences, rng.randint(6, 12)))
            required[position["id"]] = [(c, rng.choice((0, 14, 30, 90, 180))) for c in chosen]
            rows += [
                {
                    "position_id": position["id"],
                    "competence_id": c,
                    "is_mandatory": rng.random() < 0.8,
                    "due_days": due,
                }
                for c, due in required[position["id"]]
            ]
        db.execute(insert(Requirement), rows)
        db.execute(
            insert(CoverageRule),
            [
                {"unit_id": u, "competence_id": rng.randint(1, 5), "minimum": rng.randint(1, 4)}
                for u in leaf_ids
            ],
        )
        persons, records = [], []
        record_id = 0
        for n in range(people):
            position_id = rng.randint(1, len(positions))
            started = TODAY - timedelta(
                days=rng.choice((rng.randint(0, 120), rng.randint(0, 7000)))
            )
            pid = n + 1
            persons.append(
                {
                    "id": pid,
                    "email": f"person{pid}@bench.example",
                    "name": f"Person {pid:05d}",
                    "password_hash": None,
                    "unit_id": rng.choice(leaf_ids),
                    "position_id": position_id,
                    "start_date": started,
                    "position_since": started,
                    "employment_percent": 100,
                    "access": "employee",
                    "is_active": rng.random() > 0.03,
                    "created_dt": _now(),
                }
            )
            for competence_id, _due in required[position_id]:
                if rng.random() < 0.12:
                    continue  # never held
                achieved = TODAY - timedelta(days=rng.randint(0, 1500))
                history = rng.choice((1, 1, 2, 3))
                for step in range(history):  # older renewals first
                    day = achieved - timedelta(days=365 * (history - 1 - step))
                    months = validity[competence_id]
                    record_id += 1
                    records.append(
                        {
                            "id": record_id,
                            "person_id": pid,
                            "competence_id": competence_id,
                            "achieved_on": day,
                            "expires_on": add_months(day, months) if months else None,
                            "source": "course",
                            "reference": None,
                            "note": None,
                            "supersedes_id": None,
                            "is_void": False,
                            "recorded_by_id": None,
                            "recorded_dt": _now(),
                        }
                    )
                if rng.random() < 0.03:  # a correction of the newest record
                    record_id += 1
                    records.append(
                        {
                            **records[-1],
                            "id": record_id,
                            "supersedes_id": record_id - 1,
                            "source": "correction",
                        }
                    )
        admin_id, lead_id = people + 1, people + 2
        persons += [
            {
                **persons[0],
                "id": admin_id,
                "email": "admin@bench.example",
                "name": "Admin",
                "password_hash": password_hash,
                "access": "admin",
                "position_id": None,
                "is_active": True,
            },
            {
                **persons[0],
                "id": lead_id,
                "email": "lead@bench.example",
                "name": "Lead",
                "password_hash": password_hash,
                "access": "lead",
                "position_id": None,
                "unit_id": leaf_ids[0],
                "is_active": True,
            },
        ]
        for start in range(0, len(persons), 5000):
            db.execute(insert(Person), persons[start : start + 5000])
        for start in range(0, len(records), 20000):
            db.execute(insert(CompetenceRecord), records[start : start + 20000])
        db.execute(insert(unit_leads), [{"person_id": lead_id, "unit_id": leaf_ids[0]}])
        if engine.dialect.name == "postgresql":
            for table in ("units", "positions", "competences", "persons", "competence_records"):
                db.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table}))"
                    )
                )
            db.execute(text("ANALYZE"))
    engine.dispose()
    return {"records": len(records)}


def _now():
    from portal.db import utcnow

    return utcnow()


FLOOR = """
WITH best AS (
    SELECT r.person_id, r.competence_id,
           MAX(CASE WHEN r.expires_on IS NULL THEN :far ELSE r.expires_on END) AS expires_on,
           MAX(r.achieved_on) AS achieved_on
    FROM competence_records r
    WHERE NOT r.is_void
      AND NOT EXISTS (SELECT 1 FROM competence_records c WHERE c.supersedes_id = r.id)
    GROUP BY r.person_id, r.competence_id
)
SELECT p.email, p.name, u.name, pos.name, c.name, q.is_mandatory,
       CASE
         WHEN b.expires_on >= :today AND b.expires_on > :window_end THEN 'ok'
         WHEN b.expires_on >= :today THEN 'expiring'
         WHEN {not_due} THEN 'not_due'
         WHEN b.expires_on IS NULL THEN 'missing'
         ELSE 'expired'
       END AS status,
       b.achieved_on, b.expires_on
FROM persons p
JOIN units u ON u.id = p.unit_id
JOIN positions pos ON pos.id = p.position_id
JOIN requirements q ON q.position_id = p.position_id
JOIN competences c ON c.id = q.competence_id
LEFT JOIN best b ON b.person_id = p.id AND b.competence_id = q.competence_id
WHERE p.is_active
ORDER BY p.name, c.name
"""
NOT_DUE = {
    "sqlite": "p.position_since >= date(:today, '-' || q.due_days || ' days')",
    "postgresql": "p.position_since + q.due_days >= :today",
}


def floor(url: str) -> tuple[float, Counter]:
    engine = create_engine(url)
    query = text(FLOOR.format(not_due=NOT_DUE[engine.dialect.name])).bindparams(
        bindparam("today", TODAY, type_=Date),
        bindparam("far", date(9999, 12, 31), type_=Date),
        bindparam("window_end", TODAY + timedelta(days=WINDOW), type_=Date),
    )
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        started = time.perf_counter()
        rows = connection.execute(query).all()
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, Counter(row[6] for row in rows)


def timed(client, url: str, repeat: int) -> tuple[float, bytes]:
    times, body = [], b""
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        body = response.get_data()
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), body


def measure(url: str, repeat: int) -> dict:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "TODAY": TODAY,
            "EXPIRING_WINDOW_DAYS": WINDOW,
            "WTF_CSRF_ENABLED": False,
        }
    )
    results = {}
    with app.test_client() as admin:
        admin.post("/login", data={"email": "admin@bench.example", "password": PASSWORD})
        admin.get("/reports/gaps?page=1")  # warm up
        results["csv"], body = timed(admin, "/reports/gaps.csv", repeat)
        lines = body.decode().splitlines()[1:]
        results["csv_rows"] = len(lines)
        results["csv_statuses"] = Counter(line.split(",")[6] for line in lines)
        results["page_admin"], _ = timed(admin, "/reports/gaps", repeat)
    with app.test_client() as lead:
        lead.post("/login", data={"email": "lead@bench.example", "password": PASSWORD})
        results["page_lead"], _ = timed(lead, "/reports/gaps", repeat)
    app.extensions["portal.engine"].dispose()
    results["floor"], results["floor_statuses"] = floor(url)
    return results


def run(name: str, url: str, args) -> dict:
    print(f"[{name}] migrating and building {args.people} people …", flush=True)
    migrate(url)
    started = time.perf_counter()
    built = build(url, args.people, args.units, args.competences)
    print(
        f"[{name}] built {built['records']} records in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    results = measure(url, args.repeat)
    if results["csv_statuses"] != results["floor_statuses"]:
        raise SystemExit(
            f"[{name}] the app and the floor disagree: "
            f"{results['csv_statuses']} vs {results['floor_statuses']}"
        )
    ratio = results["csv"] / results["floor"]
    print(
        f"[{name}] CSV {results['csv']:.2f} s ({results['csv_rows']} rows), floor "
        f"{results['floor']:.2f} s, ratio {ratio:.1f}×; first page (admin, all) "
        f"{results['page_admin'] * 1000:.0f} ms; first page (lead of one unit) "
        f"{results['page_lead'] * 1000:.0f} ms",
        flush=True,
    )
    return {**results, "ratio": ratio, "records": built["records"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--competences", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a PostgreSQL server URL; unset: SQLite only",
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        flush=True,
    )
    outcomes = {}
    with tempfile.TemporaryDirectory() as folder:
        outcomes["SQLite"] = run("SQLite", f"sqlite:///{folder}/bench.sqlite3", args)
    if args.server_url and not args.sqlite_only:
        server = make_url(args.server_url)
        name = f"portal_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            outcomes["PostgreSQL"] = run(
                "PostgreSQL", server.set(database=name).render_as_string(hide_password=False), args
            )
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
