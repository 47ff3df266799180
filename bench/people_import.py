"""Benchmark of the people CSV import: ``python bench/people_import.py [--rows N]``.

Writes a CSV of N valid people (default 100,000) in 200 units and 8 positions, then times
``portal users import --dry-run`` and the real ``portal users import`` of it, each into a fresh
migrated database: SQLite in a temporary file and, given a server URL (``--server-url`` or
``TEST_DATABASE_URL``), PostgreSQL in a database it creates and drops. The import must take
under a minute at 100,000 rows.

Example::

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/people_import.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal import create_app  # noqa: E402
from portal.org.importer import COLUMNS  # noqa: E402
from portal.org.models import Person, Position, Unit  # noqa: E402

SECRET = "bench-secret"
UNITS, POSITIONS = 200, 8


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(COLUMNS) + "\r\n")
        for n in range(rows):
            access = "lead" if n % 500 == 0 else "employee"
            out.write(
                f"ansatt{n}@helse.example,Ansatt Nummer {n} Nordmann,Enhet {n % UNITS},"
                f"stilling-{n % POSITIONS},20{10 + n % 15}-0{1 + n % 9}-1{n % 10},"
                f"{50 + n % 51},{access}\r\n"
            )


def prepared_app(url: str):
    from alembic import command

    from portal.cli import migrations_config

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET})
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    with app.extensions["portal.engine"].begin() as connection:
        connection.execute(insert(Unit), [{"name": f"Enhet {n}"} for n in range(UNITS)])
        connection.execute(
            insert(Position),
            [{"code": f"stilling-{n}", "name": f"Stilling {n}"} for n in range(POSITIONS)],
        )
    return app


def timed_import(url: str, path: Path, *, dry_run: bool) -> tuple[float, int]:
    app = prepared_app(url)
    args = ["users", "import", str(path), *(["--dry-run"] if dry_run else [])]
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=args)
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    with app.extensions["portal.engine"].connect() as connection:
        people = connection.scalar(select(func.count(Person.id)))
    app.extensions["portal.engine"].dispose()
    return seconds, people


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    server = make_url(server_url)
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run(label: str, fresh_url, path: Path, rows: int) -> None:
    for dry_run in (True, False):
        with fresh_url() as url:
            seconds, people = timed_import(url, path, dry_run=dry_run)
        expected = 0 if dry_run else rows
        assert people == expected, f"{people} people in the database, expected {expected}"
        kind = "dry run" if dry_run else "import"
        print(f"{label}: {kind} of {rows:,} rows: {seconds:.1f} s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--server-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a PostgreSQL server URL; unset: SQLite only",
    )
    args = parser.parse_args(argv)
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        write_csv(path, args.rows)
        print(f"{path.stat().st_size / 1024 / 1024:.1f} MB of CSV", flush=True)
        counter = iter(range(1_000))

        @contextmanager
        def sqlite_url() -> Iterator[str]:
            yield f"sqlite:///{folder}/bench-{next(counter)}.sqlite3"

        run("SQLite", sqlite_url, path, args.rows)
        if args.server_url:
            run("PostgreSQL", lambda: postgres_database(args.server_url), path, args.rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
