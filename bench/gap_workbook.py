"""Memory and time of the gap report's workbook: ``python bench/gap_workbook.py URL [--trace]``.

Writes the administrator's whole workbook (``portal.reports.exports.write_xlsx`` over
``aggregates.csv_rows``, as ``/reports/gaps.xlsx`` does) from the database at URL, built by
``bench/gap_report.py --build-only``, into a temporary file, and prints the number of lines,
the file's size, the time and the process's peak resident memory; with ``--trace`` also the
peak of Python's allocations during the writing (tracemalloc, which makes it several times
slower). Run it on organisations of two sizes: the memory should stay the same.

Example::

    .venv/bin/python bench/gap_report.py --build-only --people 20000 \\
        --database-url sqlite:////tmp/p20000.db
    .venv/bin/python bench/gap_workbook.py sqlite:////tmp/p20000.db --trace
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Iterator

from portal import create_app
from portal.authz import Scope
from portal.clock import expiring_window, today
from portal.reports import aggregates, exports, queries


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url")
    parser.add_argument("--trace", action="store_true", help="measure with tracemalloc")
    args = parser.parse_args(argv)
    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "bench"})
    everyone, filters = Scope(True, frozenset()), queries.Filters()
    sessions = app.extensions["portal.sessionmaker"]
    with app.test_request_context("/reports/gaps.xlsx"), sessions() as session:
        day, window = today(), expiring_window()
        competences, units = aggregates.tallies(session, everyone, filters, day, window)
        coverage = queries.coverage_results(session, None, day)
        lines = 0

        def rows() -> Iterator[tuple]:
            nonlocal lines
            for row in aggregates.csv_rows(session, everyone, filters, day, window):
                lines += 1
                yield row

        if args.trace:
            tracemalloc.start()
        start = time.perf_counter()
        with tempfile.TemporaryFile() as output:
            exports.write_xlsx(output, rows(), competences, units, coverage, day)
            size = output.tell()
        seconds = time.perf_counter() - start
        traced = tracemalloc.get_traced_memory()[1] if args.trace else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        f"{lines:,} lines, {size / 1e6:.1f} MB, {seconds:.1f} s, peak resident {peak:.0f} MiB"
        + (f", Python allocations at most {traced / 2**20:.1f} MiB" if traced else "")
    )


if __name__ == "__main__":
    main()
