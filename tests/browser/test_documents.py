"""Documents in real Chromium: a Leknes secretary reads the declaration of confidentiality,
is refused with a wrong password, confirms it with her own, and finds what she confirmed on
the documents page and on Min kompetanse with the text to download; the Leknes lead sees her
among those who have confirmed; axe finds nothing on the pages on the way."""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import DEMO_PASSWORD, log_in

SECRETARY = "sekretaer@leknes.example"


def test_a_secretary_confirms_the_declaration_of_confidentiality(page, check_a11y):
    log_in(page, SECRETARY)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Dokumenter").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Rutiner og erklæringer"
    check_a11y(page)
    row = page.get_by_role("row", name=re.compile("Taushetserklæring"))
    assert "Ikke bekreftet" in row.inner_text()
    row.get_by_role("link", name="Taushetserklæring").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Taushetserklæring"
    assert page.get_by_role("heading", name="Teksten, versjon 2").is_visible()
    check_a11y(page)

    # A strong confirmation: the wrong password confirms nothing.
    page.get_by_label("Passordet ditt").fill("feil-passord")
    page.get_by_role("button", name="Jeg har lest og forstått").click()
    assert page.get_by_text("Feil passord. Ingenting er bekreftet.").is_visible()
    check_a11y(page)
    page.get_by_label("Passordet ditt").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Jeg har lest og forstått").click()
    assert page.get_by_text("Du har bekreftet at du har lest og forstått").is_visible()
    row = page.get_by_role("row", name=re.compile("Taushetserklæring")).first
    assert "Bekreftet versjon 2" in row.inner_text()
    check_a11y(page)

    # Min kompetanse shows the confirmation and the text of the version to download.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Min kompetanse"
    ).click()
    assert page.get_by_role("heading", name="Dokumenter jeg har bekreftet").is_visible()
    check_a11y(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned versjon 2 (Markdown)").first.click()
    assert download.value.suggested_filename == "taushetserklaering-v2.md"
    assert "helsepersonelloven § 21" in Path(download.value.path()).read_text(encoding="utf-8")

    # The Leknes lead sees her as confirmed.
    page.get_by_role("button", name="Logg ut").click()
    log_in(page, "leder@leknes.example")
    page.goto("/documents/taushetserklaering/people")
    check_a11y(page)
    siri = page.get_by_role("row", name=re.compile("Siri Olsen"))
    assert "Bekreftet versjon 2" in siri.inner_text()
