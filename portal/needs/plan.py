"""The training plan (opplæringsplan): its order, its total and its CSV. Pure.

Every form of the plan (page, CSV, PDF) takes its rows from :func:`sort_plan`, so they agree.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portal import csvsafe

PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}
CSV_HEADER = (
    "employee_email",
    "employee_name",
    "need",
    "competence",
    "priority",
    "action",
    "target_date",
    "estimated_cost_nok",
    "status",
)


@dataclass(frozen=True)
class PlanRow:
    need_id: int
    person_email: str
    person_name: str
    title: str
    competence: str | None
    priority: str
    action: str
    target_date: date
    cost_ore: int
    status: str


def sort_plan(rows: Iterable[PlanRow]) -> list[PlanRow]:
    """High priority first, then by target date, then by person and need."""
    return sorted(
        rows,
        key=lambda r: (
            PRIORITY_ORDER[r.priority],
            r.target_date,
            r.person_name,
            r.title,
            r.need_id,
        ),
    )


def total_cost(rows: Iterable[PlanRow]) -> int:
    return sum(row.cost_ore for row in rows)


def ore_as_decimal(ore: int) -> str:
    """123450 → ``1234.50``: a plain decimal for spreadsheets, from integers only."""
    return f"{ore // 100}.{ore % 100:02d}"


def plan_csv(rows: Iterable[PlanRow]) -> str:
    """UTF-8 CSV, one row per need; codes and ISO dates so that scripts can read it."""
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            (
                row.person_email,
                row.person_name,
                row.title,
                row.competence or "",
                row.priority,
                row.action,
                row.target_date,
                Decimal(ore_as_decimal(row.cost_ore)),
                row.status,
            )
        )
    return out.getvalue()
