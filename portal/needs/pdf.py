"""The training plan as a PDF, in the portal's font (:class:`portal.pdf.Document`).

Cells are aligned left: fpdf2 justifies a wrapped cell by default, which stretches the spaces
of a short line ("HLR    –    grunnkurs").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from portal.needs.plan import PlanRow
from portal.pdf import Document

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
    pdf = Document(orientation="L", format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.font("B", 16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.font("", 10)
    pdf.cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _row(pdf, headers, bold=True)
    for row in rows:
        _row(pdf, cells(row))
    pdf.ln(2)
    pdf.font("B", 11)
    pdf.cell(0, 8, total_label, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _row(pdf: Document, texts: Sequence[str], bold: bool = False) -> None:
    pdf.font("B" if bold else "", 9)
    # Long texts wrap: measure the tallest cell first so the row keeps its lines together,
    # and frame each cell at that height (a border of its own would split the row).
    # fpdf2 types multi_cell's result as the union of all its outputs; "LINES" is a list.
    lines = max(
        len(cast(list[str], pdf.multi_cell(w, 5, t, align="L", dry_run=True, output="LINES")))
        for w, t in zip(WIDTHS, texts, strict=True)
    )
    height = 5 * max(lines, 1)
    if pdf.will_page_break(height):
        pdf.add_page()
    x, y = pdf.get_x(), pdf.get_y()
    for width, text in zip(WIDTHS, texts, strict=True):
        pdf.set_xy(x, y)
        pdf.multi_cell(width, 5, text, align="L", max_line_height=5)
        pdf.rect(x, y, width, height)
        x += width
    pdf.set_xy(pdf.l_margin, y + height)
