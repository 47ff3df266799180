"""The expired secretary renews an external competence: from her start page to the evidence
form with HLR chosen, sent, and then «Venter på godkjenning» on Min side and Min kompetanse
until her lead decides; the lead's review shows the expiry the record will get. Axe at 390
and 1366 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in

HLR = "HLR – grunnkurs i hjerte-lungeredning"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.mark.parametrize("width", [390, 1366])
def test_the_expired_secretary_sends_evidence_from_her_start_page(page, check_a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sekretaer@leknes.example")
    todo = page.get_by_role("region", name="Hva må jeg gjøre nå")
    hlr = todo.locator("li", has_text=HLR)
    assert "Utløpt" in hlr.inner_text()
    assert "avtal med lederen din" not in todo.inner_text()
    assert hlr.get_by_role("link", name=f"Søk om kurs – {HLR}").is_visible()
    check_a11y(page)

    hlr.get_by_role("link", name=f"Send inn dokumentasjon – {HLR}").click()
    chosen = page.get_by_label("Kompetanse", exact=True)
    assert chosen.evaluate("select => select.selectedOptions[0].text") == HLR
    check_a11y(page)
    page.get_by_label("Dato oppnådd").fill("2026-11-20")
    page.get_by_label("Kursholder, sertifikatnummer eller lignende").fill("Norsk Folkehjelp")
    page.get_by_label("Dokumentasjon (PDF, PNG eller JPEG, høyst 10 MB)").set_input_files(
        {"name": "hlr.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Send inn").click()
    assert page.get_by_text("Lederen din får beskjed").is_visible()

    page.goto("/")
    hlr = page.get_by_role("region", name="Hva må jeg gjøre nå").locator("li", has_text=HLR)
    assert "Venter på godkjenning" in hlr.inner_text()
    assert "Utløpt" not in hlr.inner_text()
    check_a11y(page)

    page.get_by_role("link", name="Se all kompetansen din").click()
    row = page.get_by_role("region", name="Kravene i stillingen din").locator("tr", has_text=HLR)
    assert "Venter på godkjenning" in row.inner_text()
    assert "Påkrevd" in row.inner_text()
    check_a11y(page)

    page.context.clear_cookies()  # her lead, in the same browser
    log_in(page, "leder@leknes.example")
    page.goto("/competence/submissions/")
    page.locator("tr", has_text="Siri Olsen").filter(has_text=HLR).get_by_role("link").click()
    facts = page.locator("dl.facts").inner_text()
    assert "Regnes ut fra gyldigheten" not in facts
    assert "Regnet ut fra gyldigheten på 24 måneder." in facts
    assert "20.11.2028" in facts
    check_a11y(page)
