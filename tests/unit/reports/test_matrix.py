"""Summaries, sorting and the chart of the gap matrix, on plain values."""

from __future__ import annotations

from datetime import date

import pytest

from portal.competence.gaps import Held, Status
from portal.reports.chart import stacked_bars
from portal.reports.matrix import (
    Cell,
    Column,
    PersonRow,
    by_competence,
    by_unit,
    only_status,
    sort_rows,
    worst,
)

COLUMNS = [Column(1, "hlr", "HLR"), Column(2, "tp", "Taushetsplikt")]


def row(pid, name, unit_id, unit, *statuses, mandatory=True):
    person = PersonRow(pid, name, f"{pid}@x.test", unit_id, unit, "Sekretær")
    for competence_id, status in enumerate(statuses, start=1):
        held = (
            Held(date(2025, 1, 1), date(2027, 1, 1))
            if status in (Status.OK, Status.EXPIRING, Status.EXPIRED)
            else None
        )
        person.cells[competence_id] = Cell(competence_id, mandatory, status, held)
    return person


ROWS = [
    row(1, "Berit", 10, "Leknes", Status.OK, Status.MISSING),
    row(2, "anne", 10, "Leknes", Status.EXPIRED, Status.MISSING),
    row(3, "Cecilie", 20, "Gravdal", Status.NOT_DUE, Status.EXPIRING),
]


def test_tallies_per_competence_and_share_of_mandatory_met():
    hlr, secrecy = by_competence(COLUMNS, ROWS)
    assert hlr.counts == {Status.OK: 1, Status.EXPIRED: 1, Status.NOT_DUE: 1}
    # Met means a valid record (OK or expiring); a requirement not yet due is not met.
    assert hlr.share == pytest.approx(1 / 3)
    assert secrecy.share == pytest.approx(1 / 3)


def test_tallies_per_unit_sorted_by_name():
    units = by_unit(ROWS)
    assert [u.label for u in units] == ["Gravdal", "Leknes"]
    assert units[0].share == pytest.approx(1 / 2)
    assert units[1].share == pytest.approx(1 / 4)


def test_recommended_only_has_no_share():
    tally = by_unit([row(1, "A", 1, "U", Status.MISSING, mandatory=False)])[0]
    assert tally.share is None


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("name", False, ["anne", "Berit", "Cecilie"]),
        ("name", True, ["Cecilie", "Berit", "anne"]),
        ("unit", False, ["Cecilie", "anne", "Berit"]),
        ("gaps", False, ["anne", "Berit", "Cecilie"]),
        ("gaps", True, ["Cecilie", "Berit", "anne"]),
    ],
)
def test_sorting(sort, descending, expected):
    assert [r.name for r in sort_rows(list(ROWS), sort, descending)] == expected


def test_status_filter_keeps_people_with_that_status():
    assert [r.name for r in only_status(ROWS, Status.MISSING)] == ["Berit", "anne"]
    assert only_status(ROWS, None) == ROWS


def test_worst_status():
    assert worst(ROWS[0].cells.values()) == Status.MISSING
    assert worst([]) is None


def test_chart_is_svg_with_text_and_escaped_names():
    columns = [Column(1, "x", "<script>alert(1)</script>")]
    svg = stacked_bars(by_competence(columns, [row(1, "A", 1, "U", Status.OK)]), "Tittel", str)
    assert svg.startswith("<svg")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "✓1" in svg
