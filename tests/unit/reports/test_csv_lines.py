"""The gap CSV joins its lines from pieces written once: byte for byte what the csv module
writes for the same cells, made safe."""

from __future__ import annotations

import csv
import io
from datetime import date

from portal import csvsafe
from portal.reports.exports import CSV_HEADER, csv_stream

ROWS = [
    # email, name, unit, role, competence, mandatory, status, achieved, expires
    (
        "kari@example.test",
        "Kari Nordmann",
        "Leknes",
        "Helsesekretær",
        "HLR",
        True,
        "ok",
        date(2026, 1, 2),
        date(2027, 1, 2),
    ),
    (
        "kari@example.test",
        "Kari Nordmann",
        "Leknes",
        "Helsesekretær",
        'Taus "het", plikt',
        False,
        "missing",
        None,
        None,
    ),
    (
        "=cmd@example.test",
        'Ola, "Nord"\nmann',
        "+Enhet",
        "-rolle",
        "@HLR",
        True,
        "expired",
        "2024-03-04",
        "2025-03-04",
    ),
    ("per@example.test", "Per", "Leknes", "Helsesekretær", "HLR", True, "not_due", None, None),
]


def test_the_lines_are_what_the_csv_module_writes():
    expected = io.StringIO()
    writer = csvsafe.writer(expected)
    writer.writerow(CSV_HEADER)
    for *cells, mandatory, status, achieved, expires in ROWS:
        writer.writerow(
            [
                *cells,
                "mandatory" if mandatory else "recommended",
                status,
                "" if achieved is None else str(achieved),
                "" if expires is None else str(expires),
            ]
        )
    written = "".join(csv_stream(ROWS))
    assert written == expected.getvalue()
    read = list(csv.reader(io.StringIO(written)))
    assert read[3][:4] == ["'=cmd@example.test", 'Ola, "Nord"\nmann', "'+Enhet", "'-rolle"]
    assert read[3][4] == "'@HLR"


def test_a_long_csv_comes_in_pieces_of_about_64_kb():
    rows = [
        (f"p{n}@example.test", f"P {n}", "U", "R", "HLR", True, "ok", None, None)
        for n in range(5000)
    ]
    pieces = list(csv_stream(rows))
    assert len(pieces) > 2
    assert all(60_000 < len(piece) < 70_000 for piece in pieces[:-1])
