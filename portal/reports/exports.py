"""The gap report as CSV (CONTRACT.md) and as an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from portal import csvsafe
from portal.competence.gaps import Held, Status
from portal.formatting import format_date
from portal.reports.matrix import Column, Matrix, PersonRow, Tally, iso

CSV_HEADER = (
    "employee_email",
    "employee_name",
    "unit",
    "role",
    "competence",
    "requirement",
    "status",
    "achieved_on",
    "expires_on",
)

# Fill and font colours of the statuses, as on the page (text is always there too).
XLSX_COLOURS = {
    Status.OK: ("E5F4E9", "1D6B36"),
    Status.EXPIRING: ("FFF1D6", "7A4B00"),
    Status.EXPIRED: ("FDE7E7", "A3161B"),
    Status.MISSING: ("FDE7E7", "A3161B"),
    Status.NOT_DUE: ("ECEFF2", "4A5360"),
}


def csv_lines(matrix: Matrix, rows: Iterable[PersonRow], status: Status | None) -> Iterator[str]:
    """The CSV, line by line: one per person and required competence (in ``status`` only,
    when given), in the order of ``rows`` and of the matrix's columns."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(CSV_HEADER)
    names = {column.competence_id: column.name for column in matrix.columns}
    dates: dict[Held | None, tuple[str, str]] = {None: ("", "")}  # records share their dates
    for row in rows:
        for competence_id in names:
            cell = row.cells.get(competence_id)
            if cell is None or (status is not None and cell.status != status):
                continue
            held = dates.get(cell.held)
            if held is None:
                assert cell.held is not None  # dates holds None from the start
                held = dates[cell.held] = (iso(cell.held.achieved_on), iso(cell.held.expires_on))
            writer.writerow(
                (
                    row.email,
                    row.name,
                    row.unit,
                    row.position,
                    names[competence_id],
                    cell.requirement,
                    cell.status.value,
                    *held,
                )
            )
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(
    matrix: Matrix,
    rows: list[PersonRow],
    competences: list[Tally],
    units: list[Tally],
    label: Callable[[Status], str],
    today: date,
) -> bytes:
    """A workbook: the matrix with coloured, labelled statuses, and a summary sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Gapanalyse")
    bold = Font(bold=True)
    styles = {
        status: (PatternFill("solid", fgColor=fill), Font(color=ink))
        for status, (fill, ink) in XLSX_COLOURS.items()
    }
    sheet.append(
        [
            _cell(sheet, text, bold)
            for text in ["Navn", "E-post", "Enhet", "Stilling", *(c.name for c in matrix.columns)]
        ]
    )
    for row in rows:
        line: list[Cell | str] = [
            _cell(sheet, text) for text in (row.name, row.email, row.unit, row.position)
        ]
        for column in matrix.columns:
            line.append(_status_cell(sheet, row, column, styles, label))
        sheet.append(line)
    sheet.freeze_panes = "E2"

    summary = book.create_sheet("Sammendrag")
    summary.append([_cell(summary, f"Kompetansegap per {today.isoformat()}", bold)])
    statuses = list(XLSX_COLOURS)
    for title, tallies in (("Kompetanse", competences), ("Enhet", units)):
        summary.append([])
        summary.append(
            [
                _cell(summary, text, bold)
                for text in [title, *(label(s) for s in statuses), "Andel påkrevde oppfylt"]
            ]
        )
        for tally in tallies:
            summary.append(
                [
                    _cell(summary, tally.label),
                    *(tally.counts[s] for s in statuses),
                    round(tally.share, 3) if tally.share is not None else None,
                ]
            )
    summary.append([])
    summary.append(
        [
            _cell(summary, text, bold)
            for text in ["Dekningskrav", "Enhet", "Minst", "Har gyldig", "Brudd"]
        ]
    )
    for result in matrix.coverage:
        summary.append(
            [
                _cell(summary, result.competence),
                _cell(summary, result.unit),
                result.minimum,
                result.holders,
                "JA" if result.is_breached else "nei",
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(sheet, value, font=None) -> Cell:
    """A cell whose text is text: a name such as ``=HYPERLINK(…)`` must not become a formula
    in the reader's spreadsheet."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _status_cell(sheet, row: PersonRow, column: Column, styles, label) -> Cell | str:
    cell = row.cells.get(column.competence_id)
    if cell is None:
        return ""
    text = label(cell.status)
    if cell.held and cell.held.expires_on and cell.status in (Status.EXPIRING, Status.EXPIRED):
        text = f"{text} {format_date(cell.held.expires_on)}"
    out = _cell(sheet, text)
    out.fill, out.font = styles[cell.status]
    return out
