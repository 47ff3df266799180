"""The lead's gap report in a real browser on the demo organisation; scope between leads; a
refused upload; accessibility of the report and the start page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.browser.conftest import log_in
from tests.factories import pdf_lines

STATUSES = ("OK", "Utløper snart", "Utløpt", "Mangler", "Ikke forfalt")


def test_lead_of_leknes_reads_filters_and_downloads_the_gap_report(page, check_a11y):
    log_in(page, "leder@leknes.example")
    check_a11y(page)  # the start page with the lead's panel
    panel = page.get_by_role("region", name="Kompetanse i enhetene dine")
    assert "Superbruker EPJ" in panel.inner_text()

    page.get_by_role("link", name="Kompetansegap").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kompetansegap"
    matrix = page.locator("table.gap-matrix")
    for status in STATUSES:
        assert matrix.locator(".status", has_text=status).count() > 0, status
    coverage = page.get_by_role("table", name="Aktive personer med gyldig kompetanse")
    breach = coverage.locator("tr", has_text="Superbruker EPJ")
    assert "Brudd" in breach.inner_text()
    assert "Leknes legesenter" in breach.inner_text()
    check_a11y(page)

    filters = page.get_by_role("form", name="Filtrer rapporten")
    filters.get_by_label("Status", exact=True).select_option(label="Utløpt")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url("**status=expired**")  # the filtered page loaded, not just asked for
    names = matrix.locator("tbody th a").all_inner_texts()  # the name, not the position under it
    assert "Siri Olsen" in names
    assert "Marte Berg" not in names
    check_a11y(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8"))))
    assert rows
    assert {row["status"] for row in rows} == {"expired"}
    assert all(row["employee_email"].endswith("@leknes.example") for row in rows)

    page.get_by_role("link", name="Siri Olsen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Siri Olsen"
    page.get_by_role("link", name="Historikk, dokumentasjon og rettelser").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kompetanse for Siri Olsen"
    assert page.get_by_role("link", name="Registrer ekstern kompetanse").is_visible()
    check_a11y(page)


def test_lead_of_lofotleger_sees_nothing_of_leknes(page):
    log_in(page, "leder@lofotleger.example")
    page.goto("/reports/gaps")
    text = page.locator("main").inner_text()
    assert "Camilla Lund" in text
    assert "Leknes" not in text
    assert "Siri Olsen" not in text
    csv_text = page.request.get("/reports/gaps.csv").text()
    assert "leknes" not in csv_text.lower()
    assert "lofotleger.example" in csv_text
    assert "Leknes" not in page.locator("main").inner_text()


def test_wrong_type_upload_is_refused_with_a_message(page, check_a11y):
    log_in(page, "sekretaer@leknes.example")
    page.goto("/competence/submissions/new?competence=hlr")
    check_a11y(page)
    page.get_by_label("Dato oppnådd").fill("2026-11-01")
    page.get_by_label("Dokumentasjon (PDF, PNG eller JPEG, høyst 10 MB)").set_input_files(
        {
            "name": "kursbevis.pdf",
            "mimeType": "application/pdf",
            "buffer": b"<html>not a pdf at all</html>",
        }
    )
    page.get_by_role("button", name="Send inn").click()
    assert page.get_by_text("Filen må være PDF, PNG eller JPEG").is_visible()
    check_a11y(page)
    page.goto("/competence/submissions/")
    assert page.get_by_text("Du har ikke sendt inn noe.").is_visible()


def test_a_secretary_sees_her_counted_hours_on_screen_and_in_the_portfolio(page, check_a11y):
    log_in(page, "sekretaer@leknes.example")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/me/competence")
        assert page.get_by_role("heading", name="Tellende timer").is_visible()
        rows = page.locator("section.hours tbody tr")
        lines = {rows.nth(i).locator("th").inner_text(): rows.nth(i) for i in range(rows.count())}
        assert "1,5" in lines["Digitale systemer og informasjonssikkerhet"].inner_text()
        assert "Kurs i portalen" in lines["Digitale systemer og informasjonssikkerhet"].inner_text()
        assert "15" in lines["Akuttmedisinkurs for legevakt"].inner_text()
        assert "Eksternt kurs eller bevis" in lines["Akuttmedisinkurs for legevakt"].inner_text()
        check_a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned kompetanseportefølje (PDF)").click()
    text = "\n".join(pdf_lines(Path(download.value.path()).read_bytes()))
    assert "Tellende timer" in text
    assert "Akuttmedisinkurs" in text
