"""The gap report as CSV (CONTRACT.md) and as an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from portal import csvsafe
from portal.competence.gaps import Status
from portal.credit import format_hours
from portal.formatting import format_date
from portal.reports.matrix import Column, Matrix, PersonRow, Tally

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


HOURS_HEADER = ("person_id", "name", "unit", "hours")


def hours_csv(rows: Iterable[tuple]) -> Iterator[str]:
    """Hours toward the career ladder per person for one year: a line each, the hours with a
    full stop before the half (``7.5``), as spreadsheets read numbers."""
    return _streamed(
        HOURS_HEADER,
        (
            (person_id, name, unit, format_hours(minutes).replace(",", "."))
            for person_id, name, unit, minutes in rows
        ),
    )


def _streamed(
    header: Iterable[str], lines: Iterable[Iterable], *, made_safe: bool = False
) -> Iterator[str]:
    """A CSV of ``header`` and ``lines``, cells made safe (unless ``made_safe``: by
    :class:`csvsafe.SafeTexts` already), in pieces of about 64 KB."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(header)
    write = writer.writerow_made_safe if made_safe else writer.writerow
    for line in lines:
        write(line)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_stream(rows: Iterable[tuple]) -> Iterator[str]:
    """The gap CSV from :func:`portal.reports.aggregates.csv_rows`, in pieces of about 64 KB:
    the header, then one line per person and required competence.

    Hundreds of thousands of lines repeat a few texts (a person's on each of their lines, the
    names of units, positions and competences on many), so each text is made safe once."""
    safe = csvsafe.SafeTexts()
    return _streamed(
        CSV_HEADER,
        (
            (
                *safe.of_person(email, name),
                safe(unit),
                safe(role),
                safe(competence),
                "mandatory" if is_mandatory else "recommended",
                status,
                iso_of(achieved),
                iso_of(expires),
            )
            for email, name, unit, role, competence, is_mandatory, status, achieved, expires in rows
        ),
        made_safe=True,
    )


def iso_of(day: date | str | None) -> str:
    """A date as ISO text; SQLite hands dates back as that text already."""
    return "" if day is None else day if isinstance(day, str) else day.isoformat()


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
