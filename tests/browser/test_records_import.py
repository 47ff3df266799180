"""Importing old records from the administrator's page in a real browser: a dry run that
previews, then the import, on the demo organisation."""

from __future__ import annotations

from tests.browser.conftest import log_in

CSV = (
    "\ufeffemployee_email;competence;achieved_on;expires_on;source;reference\r\n"
    "kari.nilsen@leknes.example;hlr;01.03.2026;;KS Læring;KS-48213\r\n"
    "jonas.eriksen@leknes.example;Taushetsplikt;15.01.2024;;Excel-ark;\r\n"
)


def choose(page, name: str = "ks-laering.csv") -> None:
    page.get_by_label("CSV-fil").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": CSV.encode()}
    )


def test_an_administrator_previews_and_imports_old_records(page, check_a11y):
    log_in(page, "admin@demo.example")
    page.goto("/competence/")
    page.get_by_role("link", name="Importer registreringer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Importer registreringer fra CSV"
    assert page.get_by_label("Bare kontroller filen, ikke importer").is_checked()
    check_a11y(page)

    choose(page)
    page.get_by_role("button", name="Importer").click()
    assert "2 registreringer kan importeres" in page.get_by_role("status").inner_text()
    preview = page.get_by_role("table")
    assert "01.03.2028" in preview.inner_text()  # HLR: two years from the day it was taken
    check_a11y(page)

    choose(page)
    page.get_by_label("Bare kontroller filen, ikke importer").uncheck()
    page.get_by_role("button", name="Importer").click()
    assert "2 registreringer er importert" in page.locator("main").inner_text()
