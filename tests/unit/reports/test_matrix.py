"""Summaries, sorting and the chart of the gap matrix, on plain values."""

from __future__ import annotations

import re
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
    open_by_competence,
    open_cells,
    overall,
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
        ("gaps", False, ["Cecilie", "Berit", "anne"]),  # fewest gaps first
        ("gaps", True, ["anne", "Berit", "Cecilie"]),  # most gaps first
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


def test_sorting_by_gaps_descending_puts_the_most_gaps_first_whatever_the_names():
    rows = [
        row(1, "Aase", 10, "Leknes", Status.OK, Status.OK),
        row(2, "Øystein", 10, "Leknes", Status.MISSING, Status.EXPIRED),
        row(3, "Marit", 10, "Leknes", Status.EXPIRING, Status.MISSING),
    ]
    assert [r.name for r in sort_rows(rows, "gaps", descending=True)] == [
        "Øystein",
        "Marit",
        "Aase",
    ]


def test_a_recommended_gap_is_no_gap_of_the_person():
    person = row(1, "A", 1, "U", Status.MISSING, Status.EXPIRED)
    person.cells[2].is_mandatory = False
    assert person.gap_count == 1


def test_open_cells_mandatory_first_most_urgent_first():
    person = row(1, "A", 1, "U", Status.NOT_DUE, Status.EXPIRED)
    person.cells[3] = Cell(3, False, Status.MISSING, None)
    columns = [*COLUMNS, Column(3, "lab", "Laboratorierutiner")]
    assert [(c.code, cell.status) for c, cell in open_cells(columns, person)] == [
        ("tp", Status.EXPIRED),
        ("hlr", Status.NOT_DUE),
        ("lab", Status.MISSING),
    ]
    assert open_cells(COLUMNS, row(2, "B", 1, "U", Status.OK, Status.OK)) == []


def test_lists_per_competence_group_the_open_ones_by_status():
    hlr, secrecy = open_by_competence(COLUMNS, ROWS)
    assert [r.name for r, _cell in hlr.people[Status.EXPIRED]] == ["anne"]
    assert [r.name for r, _cell in hlr.people[Status.NOT_DUE]] == ["Cecilie"]
    assert hlr.people[Status.MISSING] == []
    assert [r.name for r, _cell in secrecy.people[Status.MISSING]] == ["Berit", "anne"]
    assert not secrecy.is_clear
    (clear,) = open_by_competence(COLUMNS[:1], [row(1, "A", 1, "U", Status.OK)])
    assert clear.is_clear


def test_overall_counts_mandatory_and_recommended_gaps_apart():
    recommended = row(4, "D", 10, "Leknes", Status.MISSING, Status.EXPIRED, mandatory=False)
    total = overall(by_unit([*ROWS, recommended]))
    assert total.mandatory_counts[Status.MISSING] == 2
    assert total.counts[Status.MISSING] == 3
    assert total.recommended_gaps == 2
    assert total.share == pytest.approx(2 / 6)


def test_the_narrow_chart_is_drawn_at_about_a_phones_width():
    tallies = by_competence(COLUMNS, ROWS)
    narrow = stacked_bars(tallies, "Tittel", str, narrow=True)
    assert 'viewBox="0 0 340 ' in narrow
    assert 'aria-labelledby="chart-title-narrow"' in narrow
    assert "Taushetsplikt" in narrow
    assert min(int(size) for size in re.findall(r'font-size="(\d+)"', narrow)) >= 13


def test_the_chart_draws_recommended_gaps_apart_from_the_mandatory_ones():
    rows = [
        row(1, "A", 1, "U", Status.MISSING, Status.OK),
        row(2, "B", 1, "U", Status.MISSING, Status.OK, mandatory=False),
    ]
    hlr, _secrecy = by_competence(COLUMNS, rows)
    svg = stacked_bars([hlr], "Tittel", str, recommended="Anbefalt")
    assert "<title>missing: 1</title>" in svg  # the mandatory one alone is red
    assert "<title>Anbefalt: 1</title>" in svg
    assert "○ Anbefalt" in svg
    plain = stacked_bars([hlr], "Tittel", str)
    assert "<title>missing: 2</title>" in plain
