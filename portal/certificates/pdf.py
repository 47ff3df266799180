"""PDF documents: the course certificate (kursbevis) and the competence portfolio.

fpdf2's core fonts cover Latin-1, which has æ, ø, å and §; characters outside it (dashes,
curly quotes) are replaced, so that no content can make PDF generation fail. They are written
in the reader's language, like the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from flask_babel import gettext as _
from fpdf import FPDF

from portal.formatting import format_date
from portal.pdf import latin1


def _new() -> FPDF:
    pdf = FPDF(format="A4")
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
    details: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A one-page kursbevis; ``details`` are further lines (the version, the hours)."""
    pdf = _new()
    pdf.set_title(latin1(_("Kursbevis - %(course)s", course=course)))
    pdf.set_font("helvetica", "B", 28)
    pdf.ln(20)
    pdf.cell(0, 14, latin1(_("Kursbevis")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 13)
    pdf.cell(
        0,
        10,
        latin1(_("Kompetanseportalen bekrefter at")),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("helvetica", "B", 20)
    pdf.multi_cell(0, 12, latin1(name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 13)
    pdf.cell(
        0, 10, latin1(_("har fullført og bestått kurset")), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("helvetica", "B", 18)
    pdf.multi_cell(0, 11, latin1(course), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("helvetica", "", 12)
    rows = [
        (_("Dato"), format_date(achieved_on)),
        (_("Gyldig til"), format_date(expires_on, _("Utløper ikke"))),
        *details,
        (_("Kontrollkode"), code),
    ]
    for label, value in rows:
        pdf.cell(60, 8, latin1(label + ":"), align="R")
        pdf.cell(0, 8, latin1("  " + value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(
        0,
        6,
        latin1(_("Kontroller at kursbeviset er ekte og gyldig: %(url)s", url=verify_url)),
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
    pdf.set_title(latin1(_("Kompetanseportefølje - %(name)s", name=name)))
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 10, latin1(_("Kompetanseportefølje")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    for label, value in [(_("Navn"), name), *facts, (_("Utskrevet"), format_date(printed_on))]:
        pdf.cell(40, 7, latin1(label + ":"))
        pdf.multi_cell(0, 7, latin1(value), new_x="LMARGIN", new_y="NEXT")
    for title, body in ((_("Kompetanse"), rows), (_("Historikk"), history)):
        pdf.ln(4)
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(0, 9, latin1(title), new_x="LMARGIN", new_y="NEXT")
        _table(pdf, headings, list(body))
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(0, 9, latin1(_("Kursbevis")), new_x="LMARGIN", new_y="NEXT")
    _table(pdf, (_("Kurs"), _("Dato"), _("Kontrollkode")), list(certificates))
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(0, 9, latin1(_("Tellende timer")), new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        (_("År"), _("Dato"), _("Kompetanse"), _("Kilde"), _("Timer"), _("Godkjenning")),
        list(hours),
    )
    sums: list[Sequence[str]] = [
        (year, _("%(hours)s timer", hours=total)) for year, total in hour_sums
    ]
    if sums:
        pdf.ln(2)
        _table(pdf, (_("År"), _("Sum")), sums)
    return bytes(pdf.output())


def _table(pdf: FPDF, headings: Sequence[str], rows: list[Sequence[str]]) -> None:
    pdf.set_font("helvetica", "", 9)
    if not rows:
        pdf.cell(0, 7, latin1(_("Ingen.")), new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(text_align="LEFT", line_height=5) as table:
        for cells in [headings, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(latin1(str(cell)))
