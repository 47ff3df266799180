"""Benchmark of the gap report at scale: ``python bench/gap_report.py [options]``.

Builds the scale fixture (``bench/fixture.py``: by default 20,000 people) and serves it with
the production server (``portal serve``: gunicorn, 2 workers, on 127.0.0.1 only). Then, over
HTTP, logged in through the login form as the lead of the top unit and as the administrator,
it times (warm: one warm-up, then the median of 3) the start page, the report's summary, the
report's first page, and the CSV of everyone read to its end, with the peak memory of the
workers during the CSV; beside the floor, one hand-written SQL query that computes the same
statuses from the standings. The CSV's count of every status must equal the floor's.

Runs on SQLite (a temporary file) and, given a server URL (``--server-url`` or
``TEST_DATABASE_URL``), on PostgreSQL in a database it creates and drops. Prints a markdown
table of the results beside the goals (see BENCHMARKS.md).

Examples::

    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/gap_report.py --people 20000
    .venv/bin/python bench/gap_report.py --build-only --people 100000 --database-url URL
    .venv/bin/python bench/gap_report.py --measure-only --database-url URL
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import platform
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Date, bindparam, create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import fixture, server  # noqa: E402
from bench.browser import Browser  # noqa: E402

WINDOW_DAYS = 60  # the portal's default expiring window


@dataclass(frozen=True)
class Page:
    label: str
    who: str  # "lead" or "admin"
    path: str
    goals: tuple[float, float]  # seconds, at 20,000 and at 100,000 people


HOME = Page("`/` (lead)", "lead", "/", (0.150, 0.300))
SUMMARY = Page("`/reports/gaps/summary` (lead)", "lead", "/reports/gaps/summary", (0.5, 1.5))
FIRST_LEAD = Page("`/reports/gaps` first page (lead)", "lead", "/reports/gaps", (0.150, 0.300))
FIRST_ADMIN = Page("`/reports/gaps` first page (admin)", "admin", "/reports/gaps", (0.15, 0.3))
CSV = Page("`/reports/gaps.csv` (admin, all)", "admin", "/reports/gaps.csv", (1.5, 6.0))
PAGES = (HOME, SUMMARY, FIRST_LEAD, FIRST_ADMIN, CSV)
MEMORY_GOALS = (150.0, 200.0)  # MiB, at 20,000 and at 100,000 people
ACCOUNTS = {"lead": fixture.LEAD_EMAIL, "admin": fixture.ADMIN_EMAIL}


def goal_of(goals: tuple[float, float], people: int) -> float:
    return goals[0] if people <= 20_000 else goals[1]


@dataclass
class Outcome:
    """What one database measured: seconds per page (or why it failed), and the rest."""

    times: dict[Page, float | str] = field(default_factory=dict)
    csv_rows: int = 0
    csv_statuses: Counter = field(default_factory=Counter)
    resting_mib: float | None = None
    peak_mib: float | None = None
    peak_after_all_mib: float | None = None
    floor: Floor | None = None
    built: fixture.Built | None = None

    @property
    def agrees(self) -> bool:
        return self.floor is not None and self.csv_statuses == self.floor.statuses


# The floor: the statuses of the gap rule (portal.competence.gaps.status) computed from the
# jobs and the standings by the database alone. FLOOR_ROWS fetches every row of the CSV into
# Python, in the CSV's order; FLOOR_COUNTS only counts the statuses in the database (the least
# any count on the start page or the summary can cost). A row per person and competence that a
# current job of theirs requires: one that two jobs require is one requirement, due on the
# earlier day and mandatory if either job makes it so (as the obligations keep it).
CELLS = """
WITH required AS (
  SELECT j.person_id, q.competence_id, q.is_mandatory, {due_on} AS due_on
  FROM jobs j
  JOIN requirements q ON q.position_id = j.position_id
  WHERE j.ends_on IS NULL OR j.ends_on >= :today
),
merged AS (
  SELECT person_id, competence_id,
         max(CASE WHEN is_mandatory THEN 1 ELSE 0 END) = 1 AS is_mandatory,
         min(due_on) AS due_on
  FROM required
  GROUP BY person_id, competence_id
)
SELECT p.email, p.name AS person, u.name AS unit, pos.name AS position, c.name AS competence,
       m.is_mandatory, p.id AS person_id,
       CASE
         WHEN s.record_id IS NOT NULL
              AND (s.expires_on IS NULL OR s.expires_on > :horizon) THEN 'ok'
         WHEN s.record_id IS NOT NULL AND s.expires_on >= :today THEN 'expiring'
         WHEN m.due_on >= :today THEN 'not_due'
         WHEN s.record_id IS NULL THEN 'missing'
         ELSE 'expired'
       END AS status,
       s.achieved_on, s.expires_on
FROM persons p
JOIN units u ON u.id = p.unit_id
JOIN positions pos ON pos.id = p.position_id
JOIN merged m ON m.person_id = p.id
JOIN competences c ON c.id = m.competence_id
LEFT JOIN standings s ON s.person_id = p.id AND s.competence_id = m.competence_id
WHERE p.is_active
"""
FLOOR_ROWS = CELLS + "ORDER BY lower(p.name), p.id, c.name"
FLOOR_COUNTS = f"SELECT status, count(*) FROM ({CELLS}) cells GROUP BY status"
DUE_ON = {  # the requirement's last day not due: the job's first day + due_days
    "sqlite": "date(j.starts_on, '+' || q.due_days || ' days')",
    "postgresql": "j.starts_on + q.due_days",
}


@dataclass(frozen=True)
class Floor:
    rows: float  # seconds to fetch every row of the CSV
    counts: float  # seconds to count the statuses
    statuses: Counter


def floor(url: str, today: date, repeat: int) -> Floor:
    """The floor's median times (after a warm-up) and its count of every status."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:

            def median_of(sql: str) -> tuple[float, list]:
                query = text(sql.format(due_on=DUE_ON[engine.dialect.name])).bindparams(
                    bindparam("today", today, type_=Date),
                    bindparam("horizon", today + timedelta(days=WINDOW_DAYS), type_=Date),
                )
                times, rows = [], []
                for attempt in range(repeat + 1):
                    started = time.perf_counter()
                    rows = connection.execute(query).all()
                    if attempt:
                        times.append(time.perf_counter() - started)
                return statistics.median(times), rows

            rows_time, rows = median_of(FLOOR_ROWS)
            counts_time, counts = median_of(FLOOR_COUNTS)
    finally:
        engine.dispose()
    statuses = Counter(row.status for row in rows)
    if statuses != Counter(dict(counts)):
        raise AssertionError(f"the floor's two queries disagree: {statuses} / {counts}")
    return Floor(rows_time, counts_time, statuses)


def timed(browser: Browser, path: str, repeat: int) -> tuple[float | str, bytes]:
    """The median seconds of ``repeat`` requests after one warm-up, read to the end; or, if
    a request fails, why."""
    times, body = [], b""
    for attempt in range(repeat + 1):
        started = time.perf_counter()
        try:
            response = browser.get(path)
        except OSError as error:  # e.g. a worker killed for taking too long
            return f"failed ({type(error).__name__})", b""
        if response.status != 200:
            return f"failed (HTTP {response.status})", b""
        if attempt:
            times.append(time.perf_counter() - started)
        body = response.body
    return statistics.median(times), body


def measure_pages(served: server.Server, repeat: int, outcome: Outcome) -> None:
    browsers = {who: Browser(served.port) for who in ACCOUNTS}
    for who, browser in browsers.items():
        browser.login(ACCOUNTS[who], fixture.PASSWORD)
    # The CSV first, so that the workers' peak memory is the CSV's own.
    outcome.resting_mib = served.resident_mib()
    can_reset = served.reset_peaks()
    outcome.times[CSV], body = timed(browsers["admin"], CSV.path, repeat)
    outcome.peak_mib = served.peak_mib() if can_reset else None
    outcome.csv_rows, outcome.csv_statuses = csv_statuses(body)
    for page in PAGES:
        if page is not CSV:
            outcome.times[page], _ = timed(browsers[page.who], page.path, repeat)
    outcome.peak_after_all_mib = served.peak_mib() if can_reset else None


def csv_statuses(body: bytes) -> tuple[int, Counter]:
    if not body:
        return 0, Counter()
    rows = csv.reader(io.StringIO(body.decode("utf-8")))
    column = next(rows).index("status")
    statuses = Counter(row[column] for row in rows)
    return sum(statuses.values()), statuses


def run(name: str, url: str, args) -> Outcome:
    outcome = Outcome()
    if args.measure_only:
        fixture.migrate(url)  # a fixture built by an older version of the portal
    else:
        outcome.built = build(name, url, args)
    today = date.today()  # the server's today: the fixture's dates are relative to it
    outcome.floor = floor(url, today, args.repeat)
    print(
        f"[{name}] floor: rows {outcome.floor.rows:.2f} s, counts {outcome.floor.counts:.2f} s; "
        f"serving with {args.server} …",
        flush=True,
    )
    with server.serve(args.server, url, args.workers) as served:
        measure_pages(served, args.repeat, outcome)
    verdict = "agree" if outcome.agrees else "DISAGREE"
    print(
        f"[{name}] CSV {outcome.csv_rows} rows; statuses of the CSV and the floor {verdict}: "
        f"{dict(sorted(outcome.csv_statuses.items()))} / "
        f"{dict(sorted(outcome.floor.statuses.items()))}",
        flush=True,
    )
    if args.profile:
        profile(url, slowest(outcome, args.people))
    return outcome


def build(name: str, url: str, args) -> fixture.Built:
    print(f"[{name}] migrating and building {args.people} people …", flush=True)
    fixture.migrate(url)
    built = fixture.build(url, shape_of(args))
    print(
        f"[{name}] built {built.people} people in {built.units} units, {built.records} "
        f"records, {built.submissions} submissions waiting, {built.standings} standings "
        f"in {built.seconds:.0f} s",
        flush=True,
    )
    return built


def shape_of(args) -> fixture.Shape:
    return fixture.Shape(
        people=args.people, units=args.units, competences=args.competences, seed=args.seed
    )


def slowest(outcome: Outcome, people: int) -> Page:
    """The page furthest over (or least under) its goal; a failed page first of all."""

    def share_of_goal(page: Page) -> float:
        seconds = outcome.times.get(page)
        if not isinstance(seconds, float):
            return float("inf")
        return seconds / goal_of(page.goals, people)

    return max(PAGES, key=share_of_goal)


def profile(url: str, page: Page, lines: int = 25) -> None:
    """Profile one warm request of ``page`` in this process (cProfile), and print where the
    time goes."""
    from portal import create_app

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": server.SECRET, "WTF_CSRF_ENABLED": False})
    with app.test_client() as client:
        client.post("/login", data={"email": ACCOUNTS[page.who], "password": fixture.PASSWORD})
        client.get(page.path).get_data()
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(page.path).get_data()
        profiler.disable()
    app.extensions["portal.engine"].dispose()
    print(f"\nProfile of one request of {page.label}, in process:\n", flush=True)
    report = io.StringIO()
    stats = pstats.Stats(profiler, stream=report).strip_dirs()
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(lines)
    print(report.getvalue(), flush=True)


def seconds_text(value: float | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mib_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def mark(value: float | str | None, goal: float) -> str:
    """✓ for a measure under its goal, ✗ for one over it or failed; nothing where unmeasured."""
    if value is None:
        return ""
    return " ✓" if isinstance(value, float) and value < goal else " ✗"


def table(outcomes: dict[str, Outcome], people: int) -> str:
    """The results as a markdown table: a row per measure, a column per database."""
    found = list(outcomes.values())
    scale = "20,000" if people <= 20_000 else "100,000"
    lines = [
        f"| {people:,} people, warm, median | goal at {scale} | " + " | ".join(outcomes) + " |",
        "|---|---|" + "---|" * len(found),
    ]

    def row(label: str, goal: str, cells: Iterator[str]) -> None:
        lines.append(f"| {label} | {goal} | " + " | ".join(cells) + " |")

    for page in PAGES:
        goal = goal_of(page.goals, people)
        row(
            page.label,
            f"< {seconds_text(goal)}",
            (seconds_text(o.times.get(page)) + mark(o.times.get(page), goal) for o in found),
        )
    memory_goal = goal_of(MEMORY_GOALS, people)
    row(
        "peak memory of a worker during the CSV",
        f"< {memory_goal:.0f} MB",
        (mib_text(o.peak_mib) + mark(o.peak_mib, memory_goal) for o in found),
    )
    row("memory of a worker before the CSV", "", (mib_text(o.resting_mib) for o in found))
    row("peak memory of a worker, all pages", "", (mib_text(o.peak_after_all_mib) for o in found))
    row(
        "floor: the CSV's rows fetched by one SQL query",
        "",
        (seconds_text(o.floor.rows if o.floor else None) for o in found),
    )
    row(
        "floor: the statuses counted by one SQL query",
        "",
        (seconds_text(o.floor.counts if o.floor else None) for o in found),
    )
    row("CSV / floor (rows)", "", (ratio_text(o) for o in found))
    row(
        "CSV rows (statuses agree with the floor)",
        "",
        (f"{o.csv_rows:,} ({'yes' if o.agrees else 'NO'})" for o in found),
    )
    row(
        "build of the fixture",
        "",
        (
            f"{o.built.records:,} records, {o.built.seconds:.0f} s" if o.built else "–"
            for o in found
        ),
    )
    return "\n".join(lines)


def ratio_text(outcome: Outcome) -> str:
    seconds = outcome.times.get(CSV)
    if not isinstance(seconds, float) or outcome.floor is None:
        return "–"
    return f"{seconds / outcome.floor.rows:.1f}×"


def machine() -> str:
    model = next(
        (
            line.partition(":")[2].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    memory = next(
        int(line.split()[1]) // (1024 * 1024)
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{model}, {os.cpu_count()} CPUs, {memory} GB RAM; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; {date.today().isoformat()}"
    )


@contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server, dropped afterwards."""
    found = make_url(server_url)
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(found.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield found.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.sqlite3"


def databases(args) -> Iterator[tuple[str, object]]:
    """(name, context manager giving a URL) for every database to measure."""
    if args.database_url:
        name = (
            "PostgreSQL"
            if make_url(args.database_url).get_backend_name() == "postgresql"
            else "SQLite"
        )
        yield name, _given(args.database_url)
        return
    yield "SQLite", sqlite_database()
    if args.server_url and not args.sqlite_only:
        yield "PostgreSQL", postgres_database(args.server_url)


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--units", type=int, help="default: one department per 100 people")
    parser.add_argument("--competences", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--database-url", help="build into (or measure) this database instead")
    parser.add_argument("--build-only", action="store_true", help="build, measure nothing")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the fixture already at --database-url"
    )
    parser.add_argument(
        "--server-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a PostgreSQL server URL (default TEST_DATABASE_URL); unset: SQLite only",
    )
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument(
        "--server",
        choices=("gunicorn", "thread"),
        default="gunicorn",
        help="gunicorn: portal serve (default); thread: in this process, for small runs",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--profile", action="store_true", help="profile the slowest page in process"
    )
    args = parser.parse_args(argv)
    if (args.build_only or args.measure_only) and not args.database_url:
        parser.error("--build-only and --measure-only need --database-url")
    if args.build_only and args.measure_only:
        parser.error("--build-only and --measure-only exclude each other")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.build_only:
        name = next(databases(args))[0]
        try:
            build(name, args.database_url, args)
        except fixture.NotEmpty as error:
            print(f"[{name}] {error}", file=sys.stderr)
            return 1
        return 0
    if args.measure_only:
        args.people = fixture.people_in(args.database_url)
    print(machine(), flush=True)
    outcomes = {}
    for name, database in databases(args):
        with database as url:
            outcomes[name] = run(name, url, args)
    print("\n" + table(outcomes, args.people), flush=True)
    return 0 if all(outcome.agrees for outcome in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
