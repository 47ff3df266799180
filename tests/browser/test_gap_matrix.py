"""The gap matrix as the Leknes lead sees it in Chromium: on a laptop the names and the header
row stay in view while the table scrolls, on a phone a card per person and a chart whose text
can be read, on A4 in landscape a list per competence that leaves none out, and in Excel the
filtered rows with their header frozen, a filter, and status and dates in columns of their own."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import log_in, page_sizes, printed

LEAD = "leder@leknes.example"
CHART_TEXT = """selector => {
  const svg = document.querySelector(selector);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return Math.min(...[...svg.querySelectorAll('text')].map(
    t => parseFloat(t.getAttribute('font-size')) * scale));
}"""


def lists_in(words: str) -> str:
    """The printed lists per competence (not the summary's tables, which name them too)."""
    # A name broken after its hyphen at the end of a line comes back without the hyphen.
    words = re.sub(r"-\s*", "", words)
    after = words[words.index("Per kompetanse: hvem som mangler den, og hvem sin utløper") :]
    return after.split("Tall per kompetanse og enhet")[0]


def competences(page) -> list[str]:
    return [
        " ".join(name.split())
        for name in page.locator(
            "table.gap-matrix thead th.gap-matrix__competence"
        ).all_text_contents()
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_lead_reads_the_matrix_at_each_width(page, check_a11y, width):
    # A laptop of modest height: the table is taller than its region and scrolls in it.
    page.set_viewport_size({"width": width, "height": 700 if width > 600 else 844})
    log_in(page, LEAD)
    page.goto("/reports/gaps")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The summary first: its heading comes before the people's.
    summary = page.get_by_role("heading", name="Sammendrag", level=2).bounding_box()
    people = page.get_by_role("heading", name=re.compile(r"^Personer \(\d+\)$")).bounding_box()
    assert summary["y"] < people["y"]
    region = page.locator(".table-wrap--matrix")
    cards = page.get_by_role("list", name="Personer med det som gjenstår")
    if width > 600:
        assert region.is_visible()
        assert not cards.is_visible()
        name = page.get_by_role("rowheader", name=re.compile("^Siri Olsen"))
        header = page.locator("table.gap-matrix thead th").first
        assert name.evaluate("e => getComputedStyle(e).position") == "sticky"
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"
        before = name.bounding_box()["x"]
        region.evaluate("e => { e.scrollLeft = 800; e.scrollTop = 300; }")
        assert region.evaluate("e => e.scrollLeft") > 0
        assert region.evaluate("e => e.scrollTop") > 100
        assert abs(name.bounding_box()["x"] - before) < 1  # the names stay
        assert abs(header.bounding_box()["y"] - region.bounding_box()["y"]) < 2  # the header too
        # A cell: sign and word on show, the dates in its tooltip and its name.
        cell = page.locator("td.gap-cell", has_text="Utløper snart").first
        assert re.search(r"gyldig til \d\d\.\d\d\.\d{4}", cell.get_attribute("title"))
        assert re.search(r"Utløper snart.*gyldig til \d\d\.\d\d\.\d{4}", cell.inner_text(), re.S)
        assert page.locator("td.gap-cell--none").count() > 0
        assert page.get_by_text("ikke krav").count() == 0
        assert page.evaluate(CHART_TEXT, "svg.chart:not(.chart--narrow)") >= 12
    else:
        assert not region.is_visible()
        assert cards.is_visible()
        card = cards.locator("li.gap-card", has=page.get_by_role("link", name="Siri Olsen"))
        assert card.is_visible()
        assert "Utløper snart" in card.inner_text()
        assert re.search(r"gyldig til \d\d\.\d\d\.\d{4}", card.inner_text())
        assert page.evaluate(CHART_TEXT, "svg.chart--narrow") >= 12
    check_a11y(page)


def test_the_printed_report_lists_every_competence_on_landscape_a4(page, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, LEAD)
    page.goto("/reports/gaps")
    names = competences(page)
    assert len(names) >= 10
    page.goto("/reports/gaps?status=expired")
    expired = competences(page)
    pdf = tmp_path / "gaps.pdf"
    words = printed(page, pdf)
    sizes = page_sizes(pdf)
    assert sizes
    assert all(width > height for width, height in sizes)  # landscape, every page
    assert "Per " in words
    assert re.search(r"Per \d\d\.\d\d\.\d{4}", words)
    assert "Filter: Status: Utløpt" in words
    for name in expired:
        assert name.replace("-", "") in lists_in(words), name
    # Unfiltered, the print view has a list for every competence.
    page.goto("/reports/gaps/print")
    words = printed(page, pdf)
    for name in names:
        assert name.replace("-", "") in lists_in(words), name
    assert "Uten filter" in words


def test_lead_opens_the_filtered_report_in_excel(page, check_a11y, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, LEAD)
    page.goto("/reports/gaps")
    filters = page.locator("form.filters--report")
    filters.get_by_label("Status").select_option(label="Utløpt")
    filters.get_by_role("button", name="Vis").click()
    shown = page.locator("table.gap-matrix").inner_text()
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned Excel (XLSX)").click()
    assert re.fullmatch(r"kompetansegap-\d{4}-\d\d-\d\d\.xlsx", download.value.suggested_filename)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = load_workbook(saved)
    assert book.sheetnames == ["Kompetansegap", "Per kompetanse", "Per enhet", "Dekningskrav"]
    sheet = book["Kompetansegap"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Navn", "E-post", "Enhet", "Stilling", "Kompetanse", "Krav", "Status", "Oppnådd", "Utløper"
    ]  # fmt: skip
    assert sheet.freeze_panes == "A2"  # the header stays while the rows scroll
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows
    today = date.today()
    for row in rows:
        # The filter of the page; status, requirement and each date in a column of its own.
        name, _email, unit, _position, _competence, requirement, status, achieved, expires = row
        assert name in shown
        assert unit == "Leknes legesenter"
        assert status == "Utløpt"
        assert requirement in ("Påkrevd", "Anbefalt")
        assert isinstance(achieved, datetime)
        assert isinstance(expires, datetime)
        assert achieved < expires
        assert expires.date() < today
    for column in ("H", "I"):
        assert sheet[f"{column}2"].number_format == "dd.mm.yyyy"
    by_competence = book["Per kompetanse"]
    shares = [row[7] for row in by_competence.iter_rows(min_row=2) if row[7].value is not None]
    assert shares
    assert all(cell.number_format == "0.0 %" and 0 <= cell.value <= 1 for cell in shares)
