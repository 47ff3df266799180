"""The gap report as CSV (CONTRACT.md) and as an XLSX workbook."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from copy import copy
from datetime import date
from typing import IO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from portal import csvsafe
from portal.competence.gaps import Status
from portal.credit import format_hours
from portal.formatting import format_date
from portal.labels import gap_status_word
from portal.reports.matrix import CoverageResult, Tally

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


def _streamed(header: Iterable[str], lines: Iterable[Iterable]) -> Iterator[str]:
    """A CSV of ``header`` and ``lines``, cells made safe, in pieces of about 64 KB."""
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer)
    writer.writerow(header)
    for line in lines:
        writer.writerow(line)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_stream(rows: Iterable[tuple]) -> Iterator[str]:
    """The gap CSV from :func:`portal.reports.aggregates.csv_rows`, in pieces of about 64 KB:
    the header, then one line per person and required competence.

    Hundreds of thousands of lines repeat a few texts: a person's four cells on each of their
    lines, a competence with its kind on many, the same dates. Each is made safe and written
    as CSV once (:func:`csvsafe.line_of`), and a line is joined from them."""
    pairs = _Encoded(lambda pair: csvsafe.line_of((pair[0], _KINDS[pair[1]])))
    days = _Encoded(iso_of)
    person: tuple | None = None
    prefix = ""
    lines = [csvsafe.line_of(CSV_HEADER) + "\r\n"]
    size = 0
    for email, name, unit, role, competence, is_mandatory, status, achieved, expires in rows:
        if person != (email, name, unit, role):
            person = (email, name, unit, role)
            prefix = csvsafe.line_of(person) + ","
        dates = f"{days[achieved]},{days[expires]}"
        line = f"{prefix}{pairs[competence, is_mandatory]},{status},{dates}\r\n"
        lines.append(line)
        size += len(line)
        if size > 64_000:
            yield "".join(lines)
            lines.clear()
            size = 0
    yield "".join(lines)


_KINDS = {True: "mandatory", False: "recommended"}


class _Encoded(dict):
    """Texts made once per key, by ``make``."""

    def __init__(self, make) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key):
        text = self[key] = self._make(key)
        return text


def iso_of(day: date | str | None) -> str:
    """A date as ISO text; SQLite hands dates back as that text already."""
    return "" if day is None else day if isinstance(day, str) else day.isoformat()


# What Excel shows, whatever the reader's locale: Norwegian Excel writes 22.11.2026 and
# 87,5 %, English Excel 22.11.2026 and 87.5 % (the codes are stored in their English form).
DATE_FORMAT = "dd.mm.yyyy"
SHARE_FORMAT = "0.0 %"
# Fill and font colours of the statuses, as on the page (the word is always there too). A
# recommended competence that is missing or expired is no breach: muted, as on the page.
XLSX_COLOURS = {
    Status.OK: ("E5F4E9", "1D6B36"),
    Status.EXPIRING: ("FFF1D6", "7A4B00"),
    Status.EXPIRED: ("FDE7E7", "A3161B"),
    Status.MISSING: ("FDE7E7", "A3161B"),
    Status.NOT_DUE: ("ECEFF2", "4A5360"),
}
MUTED = XLSX_COLOURS[Status.NOT_DUE]
RECOMMENDED_MUTED = frozenset({Status.MISSING, Status.EXPIRED})
HEADING = (Font(bold=True), PatternFill("solid", fgColor="DDE3EA"))
# Excel opens no sheet of more than 1,048,576 rows: a larger report goes on over more sheets
# («Kompetansegap (2)», …), each with its headings.
LINES_PER_SHEET = 1_048_576 - 1
# Room for the filter button beside a heading, in characters.
FILTER_BUTTON = 3


def write_xlsx(
    output: IO[bytes],
    rows: Iterable[tuple],
    competences: Sequence[Tally],
    units: Sequence[Tally],
    coverage: Sequence[CoverageResult],
    today: date,
) -> None:
    """Write the gap report's workbook to ``output``, in the language of the request.

    One sheet (more, past Excel's limit of rows) has a line per person and required
    competence, from :func:`portal.reports.aggregates.csv_rows` (the CSV's rows) read one at
    a time: a write-only workbook writes each line to a temporary file as it comes, so memory
    does not grow with the organisation. Three more sheets hold the summary per competence and per
    unit and the coverage rules. Every sheet has its headings frozen, a filter on them and
    columns wide enough to read; dates are dates and shares are percentages.
    """
    book = Workbook(write_only=True)
    book.properties.title = _("Kompetansegap per %(day)s", day=format_date(today))
    book.properties.creator = "Kompetanseportalen"
    _gap_sheets(book, rows)
    _tally_sheet(book, _("Per kompetanse"), _("Kompetanse"), competences)
    _tally_sheet(book, _("Per enhet"), _("Enhet"), units)
    _coverage_sheet(book, coverage)
    book.save(output)


def _gap_sheets(book: Workbook, rows: Iterable[tuple]) -> None:
    """The lines of ``rows``, on as many sheets as Excel's limit of rows needs."""
    title = _("Kompetansegap")
    columns = [
        (_("Navn"), 28),
        (_("E-post"), 32),
        (_("Enhet"), 28),
        (_("Stilling"), 24),
        (_("Kompetanse"), 30),
        (_("Krav"), 12),
        (_("Status"), 15),
        (_("Oppnådd"), 12),
        (_("Utløper"), 12),
    ]
    requirement = {True: _("Påkrevd"), False: _("Anbefalt")}
    words = {status: gap_status_word(status) for status in Status}
    sheet, sheets, count = _sheet(book, title, columns), 1, 0
    day = _style(sheet, number_format=DATE_FORMAT)
    styles = {
        (status, is_mandatory): _style(
            sheet, *_colours(MUTED if not is_mandatory and status in RECOMMENDED_MUTED else colours)
        )
        for status, colours in XLSX_COLOURS.items()
        for is_mandatory in (True, False)
    }
    for email, name, unit, role, competence, is_mandatory, status, achieved, expires in rows:
        if count == LINES_PER_SHEET:
            _filter(sheet, len(columns), count)
            sheets += 1
            sheet, count = _sheet(book, f"{title} ({sheets})", columns), 0
        status, is_mandatory = Status(status), bool(is_mandatory)
        sheet.append(
            [
                _text(sheet, name),
                _text(sheet, email),
                _text(sheet, unit),
                _text(sheet, role),
                _text(sheet, competence),
                requirement[is_mandatory],
                _styled(sheet, words[status], styles[status, is_mandatory]),
                _date(sheet, achieved, day),
                _date(sheet, expires, day),
            ]
        )
        count += 1
    _filter(sheet, len(columns), count)


def _tally_sheet(book: Workbook, title: str, heading: str, tallies: Sequence[Tally]) -> None:
    statuses = list(XLSX_COLOURS)
    sheet = _sheet(
        book,
        title,
        [
            (heading, 34),
            *((gap_status_word(status), 10) for status in statuses),
            (_("Påkrevde"), 10),
            (_("Andel påkrevde oppfylt"), 12),
        ],
    )
    for tally in tallies:
        sheet.append(
            [
                _text(sheet, tally.label),
                *(tally.counts[status] for status in statuses),
                tally.mandatory,
                _number(sheet, tally.share, SHARE_FORMAT),
            ]
        )
    _filter(sheet, len(statuses) + 3, len(tallies))


def _coverage_sheet(book: Workbook, coverage: Sequence[CoverageResult]) -> None:
    sheet = _sheet(
        book,
        _("Dekningskrav"),
        [
            (_("Kompetanse"), 30),
            (_("Enhet"), 28),
            (_("Minst"), 8),
            (_("Har gyldig"), 10),
            (_("Brudd"), 8),
        ],
    )
    answer = {True: _("Ja"), False: _("Nei")}
    for result in coverage:
        sheet.append(
            [
                _text(sheet, result.competence),
                _text(sheet, result.unit),
                result.minimum,
                result.holders,
                answer[result.is_breached],
            ]
        )
    _filter(sheet, 5, len(coverage))


def _sheet(book: Workbook, title: str, columns: list[tuple[str, int]]) -> WriteOnlyWorksheet:
    """A sheet with a frozen row of ``columns`` headings, each column at least its given
    width in characters and wide enough for its heading and the filter button."""
    sheet = book.create_sheet(_sheet_title(title))
    for number, (heading, width) in enumerate(columns, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = max(width, len(heading) + FILTER_BUTTON)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the headings on every printed page
    heading_style = _style(sheet, *HEADING)
    sheet.append([_styled(sheet, heading, heading_style) for heading, _width in columns])
    return sheet


def _filter(sheet: WriteOnlyWorksheet, columns: int, rows: int) -> None:
    """A filter over the headings and the ``rows`` lines below them (set once they are
    written: a write-only sheet writes the filter after its rows)."""
    # openpyxl gives a write-only sheet its filter at run time; its type stubs miss it.
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"  # type: ignore[attr-defined]


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return "".join(" " if c in "[]:*?/\\" else c for c in title)[:31]


def _colours(colours: tuple[str, str]) -> tuple[Font, PatternFill]:
    fill, ink = colours
    return Font(color=ink), PatternFill("solid", fgColor=fill)


def _style(
    sheet: WriteOnlyWorksheet,
    font: Font | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> StyleArray:
    """A cell style, registered in the workbook once. Each cell then gets a copy of it: set
    one by one, openpyxl would look up the font, the fill and the format for every cell, a
    good part of the time a large report takes."""
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell._style  # type: ignore[attr-defined]  # set by the style descriptors above


def _text(sheet: WriteOnlyWorksheet, value: str | None) -> str | Cell | None:
    """A cell whose text is text: a name such as ``=HYPERLINK(…)`` must not become a formula
    in the reader's spreadsheet, and a control character (which XML cannot hold) is left out
    rather than refusing the whole workbook."""
    if value is None:
        return None
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value  # the common case: a plain value, the cheapest to write
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _styled(sheet: WriteOnlyWorksheet, text: str, style: StyleArray) -> Cell:
    cell = Cell(
        sheet, row=1, column=1, value=ILLEGAL_CHARACTERS_RE.sub("", text), style_array=copy(style)
    )
    cell.data_type = "s"
    return cell


def _date(sheet: WriteOnlyWorksheet, day: date | str | None, style: StyleArray) -> Cell | None:
    """A date Excel reads as a date (sortable, filterable by month), shown as 22.11.2026."""
    if day is None:
        return None
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return Cell(sheet, row=1, column=1, value=value, style_array=copy(style))


def _number(sheet: WriteOnlyWorksheet, value, number_format: str) -> Cell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell
