"""PDF documents: the course certificate (kursbevis) and the competence portfolio.

Both are written in the portal's font (:class:`portal.pdf.Document`) and in the reader's
language, as the pages are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import gettext as _
from flask_babel import pgettext

from portal.formatting import format_date
from portal.pdf import Document

#: The width of an A4 page between the margins, in mm.
TEXT_WIDTH = 170
#: Column widths in mm: names get room, dates as much as a date needs.
RECORD_WIDTHS = (52, 22, 22, 40, 34)
HOUR_WIDTHS = (12, 22, 45, 30, 14, 47)


def _new() -> Document:
    pdf = Document(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    return pdf


def certificate(
    *,
    name: str,
    course: str,
    achieved_on: date,
    expires_on: date | None,
    code: str,
    verify_url: str,
    issuer: str,
    details: Sequence[tuple[str, str]] = (),
    lessons: Sequence[str] = (),
) -> bytes:
    """A one-page kursbevis from ``issuer``; ``details`` are further lines (the version, the
    length, the hours) and ``lessons`` what the course covered."""
    pdf = _new()
    pdf.set_title(_("Kursbevis – %(course)s", course=course))
    pdf.set_author(issuer)
    pdf.font("B", 28)
    pdf.ln(8)
    pdf.cell(
        0, 14, pgettext("one certificate", "Kursbevis"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.font("", 13)
    pdf.multi_cell(
        0, 8, _("%(issuer)s bekrefter at", issuer=issuer), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.font("B", 20)
    pdf.multi_cell(0, 12, name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font("", 13)
    pdf.cell(0, 10, _("har fullført og bestått kurset"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.font("B", 18)
    pdf.multi_cell(0, 11, course, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    rows = [
        (_("Dato"), format_date(achieved_on)),
        (_("Gyldig til"), format_date(expires_on, _("Utløper ikke"))),
        *details,
        (_("Utstedt av"), issuer),
        (_("Kontrollkode"), code),
    ]
    pdf.font("", 12)
    for label, value in rows:
        pdf.cell(60, 7, label + ":", align="R")
        pdf.multi_cell(0, 7, "  " + value, align="L", new_x="LMARGIN", new_y="NEXT")
    if lessons:
        pdf.ln(5)
        pdf.font("B", 12)
        pdf.cell(0, 7, _("Kurset omfattet"), new_x="LMARGIN", new_y="NEXT")
        pdf.font("", 11)
        for number, title in enumerate(lessons, start=1):
            pdf.cell(10, 6, f"{number}.", align="R")
            pdf.multi_cell(0, 6, " " + title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.font("", 10)
    pdf.multi_cell(
        0,
        6,
        _("Kontroller at kursbeviset er ekte og gyldig: %(url)s", url=verify_url),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def portfolio(
    *,
    name: str,
    facts: Sequence[tuple[str, str]],
    headings: Sequence[str],
    rows: Iterable[Sequence[str]],
    history: Iterable[Sequence[str]],
    certificates: Iterable[Sequence[str]],
    hours: Iterable[Sequence[str]] = (),
    hour_sums: Iterable[Sequence[str]] = (),
    printed_on: date,
) -> bytes:
    """A competence portfolio: who, what they hold, the history, their certificates, and the
    hours that count toward the career ladder with each year's sum."""
    pdf = _new()
    pdf.set_title(_("Kompetanseportefølje – %(name)s", name=name))
    pdf.font("B", 18)
    pdf.cell(0, 10, _("Kompetanseportefølje"), new_x="LMARGIN", new_y="NEXT")
    pdf.font("", 11)
    for label, value in [(_("Navn"), name), *facts, (_("Utskrevet"), format_date(printed_on))]:
        pdf.cell(40, 7, label + ":")
        pdf.multi_cell(0, 7, value, align="L", new_x="LMARGIN", new_y="NEXT")
    for title, body in ((_("Kompetanse"), rows), (_("Historikk"), history)):
        _heading(pdf, title)
        _table(pdf, headings, list(body), widths=RECORD_WIDTHS)
    _heading(pdf, _("Kursbevis"))
    certificate_rows = list(certificates)
    _table(
        pdf,
        (_("Kurs"), _("Dato"), _("Kontrollkode")),
        certificate_rows,
        widths=_code_last(pdf, certificate_rows),
    )
    _heading(pdf, _("Tellende timer"))
    _table(
        pdf,
        (_("År"), _("Dato"), _("Kompetanse"), _("Kilde"), _("Timer"), _("Godkjenning")),
        list(hours),
        widths=HOUR_WIDTHS,
    )
    sums: list[Sequence[str]] = [(year, total) for year, total in hour_sums]
    if sums:
        pdf.ln(2)
        _table(pdf, (_("År"), _("Timer")), sums, widths=(34, 136))
    return bytes(pdf.output())


def _heading(pdf: Document, title: str) -> None:
    pdf.ln(4)
    pdf.font("B", 14)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")


def _code_last(pdf: Document, rows: Sequence[Sequence[str]]) -> tuple[float, ...]:
    """Widths for course, date and control code: the code on one line (a code broken in two
    is copied wrong), the date as wide as a date, the course the rest."""
    pdf.font("", 9)
    padding = 2 * pdf.c_margin + 2
    code = max((pdf.get_string_width(str(row[2])) for row in rows), default=0) + padding
    day = pdf.get_string_width("00.00.0000") + padding + 4
    return (TEXT_WIDTH - code - day, day, code)


def _table(
    pdf: Document,
    headings: Sequence[str],
    rows: list[Sequence[str]],
    widths: Sequence[float] | None = None,
) -> None:
    pdf.font("", 9)
    if not rows:
        pdf.cell(0, 7, _("Ingen."), new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(text_align="LEFT", line_height=5, col_widths=widths) as table:
        for cells in [headings, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(str(cell))
