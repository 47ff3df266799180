"""The training plan's order, total and CSV, and the PDF's Latin-1 text."""

from __future__ import annotations

import csv
import io
from datetime import date

from portal.needs.pdf import plan_pdf
from portal.needs.plan import PlanRow, ore_as_decimal, plan_csv, sort_plan, total_cost


def row(need_id, priority, target, name="Anne", cost=0, title="Behov"):
    return PlanRow(
        need_id, "a@x.test", name, title, None, priority, "mentoring", target, cost, "open"
    )


def test_plan_is_sorted_by_priority_then_date_then_person():
    rows = [
        row(1, "low", date(2027, 1, 1)),
        row(2, "high", date(2027, 5, 1)),
        row(3, "medium", date(2026, 12, 1)),
        row(4, "high", date(2027, 2, 1), "Berit"),
        row(5, "high", date(2027, 2, 1), "Anne"),
    ]
    assert [r.need_id for r in sort_plan(rows)] == [5, 4, 2, 3, 1]


def test_total_cost_sums_in_ore():
    assert (
        total_cost(
            [
                row(1, "low", date(2027, 1, 1), cost=150_050),
                row(2, "low", date(2027, 1, 1), cost=49_950),
            ]
        )
        == 200_000
    )
    assert total_cost([]) == 0


def test_ore_as_decimal_without_floats():
    assert [ore_as_decimal(v) for v in (0, 5, 150_000, 123_456)] == [
        "0.00",
        "0.05",
        "1500.00",
        "1234.56",
    ]


def test_csv_has_header_iso_dates_and_defuses_formulas():
    text = plan_csv([row(1, "high", date(2027, 1, 2), cost=150_000, title="=SUM(A1)")])
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:3] == ["employee_email", "employee_name", "need"]
    assert lines[1][2] == "'=SUM(A1)"
    assert lines[1][6:8] == ["2027-01-02", "1500.00"]


def test_pdf_renders_long_and_unusual_text():
    rows = [
        row(i, "high", date(2027, 1, 1), title="Svært langt behov " * 8 + "✓") for i in range(40)
    ]
    data = plan_pdf(
        title="Opplæringsplan – Leknes",
        subtitle="Per 22.11.2026",
        headers=["A", "B", "C", "D", "E", "F", "G"],
        rows=rows,
        cells=lambda r: [
            r.person_name,
            r.title,
            "",
            r.priority,
            r.action,
            r.target_date.isoformat(),
            "1 500 kr",
        ],
        total_label="I alt: 0 kr",
    )
    assert data.startswith(b"%PDF")
