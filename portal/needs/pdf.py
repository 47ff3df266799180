"""The training plan as a PDF, with fpdf2's core fonts (no font files to ship).

The core fonts know Latin-1 only: æ, ø and å are there, but dashes, typographic quotes and
emoji are not, so text is brought into Latin-1 first, replacing what cannot be shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from fpdf import FPDF

from portal.needs.plan import PlanRow
from portal.pdf import latin1

#: Column widths in mm on a landscape A4 page (277 mm between the margins).
WIDTHS = (45, 70, 45, 20, 37, 25, 35)


def plan_pdf(
    *,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Sequence[PlanRow],
    cells: Callable[[PlanRow], Sequence[str]],
    total_label: str,
) -> bytes:
    """A landscape A4 table of the plan; ``cells`` turns a row into its column texts."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(latin1(title))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _row(pdf, headers, bold=True)
    for row in rows:
        _row(pdf, cells(row))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, latin1(total_label), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _row(pdf: FPDF, texts: Sequence[str], bold: bool = False) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", 9)
    texts = [latin1(t) for t in texts]
    # Long texts wrap: measure the tallest cell first so the row keeps its lines together.
    # fpdf2 types multi_cell's result as the union of all its outputs; "LINES" is a list.
    lines = max(
        len(cast(list[str], pdf.multi_cell(w, 5, t, dry_run=True, output="LINES")))
        for w, t in zip(WIDTHS, texts, strict=True)
    )
    height = 5 * max(lines, 1)
    if pdf.will_page_break(height):
        pdf.add_page()
    x, y = pdf.get_x(), pdf.get_y()
    for width, text in zip(WIDTHS, texts, strict=True):
        pdf.set_xy(x, y)
        pdf.multi_cell(width, 5, text, border=1, max_line_height=5)
        pdf.rect(x, y, width, height)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)
