"""The lead acts from the start page in real Chromium, on a phone and a desktop (issue 12):
the demo's Emma Karlsen has neither mentor nor IT contact, and the Leknes lead assigns both
from the banner on the start page, signs off items from the checklist in one click (with a
reason where the item was the mentor's), and reminds the IT contact of an overdue item once.
axe finds nothing on the pages on the way."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.conftest import log_in

SHOTS = (
    Path(os.environ.get("PORTAL_SCREENSHOTS", "")) if os.environ.get("PORTAL_SCREENSHOTS") else None
)


def shoot(page, name: str, width: int) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [390, 1366])
def test_lead_assigns_a_mentor_and_signs_off_from_the_start_page(page, check_a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "leder@leknes.example")
    panel = page.get_by_role("region", name="Introduksjon")
    banners = panel.get_by_role("list", name="Nyansatte uten fadder eller IT-kontakt")
    banner = banners.get_by_role("listitem").filter(has_text="Emma Karlsen")
    assert "har verken fadder eller IT-kontakt" in banner.inner_text()
    check_a11y(page)
    shoot(page, "start-banner", width)

    # Assigning nobody says so and saves nothing.
    banner.get_by_role("button", name="Tildel for Emma Karlsen").click()
    assert page.get_by_text("Velg en fadder eller en IT-kontakt for Emma Karlsen.").is_visible()
    check_a11y(page)

    banner = panel.get_by_role("listitem").filter(has_text="Emma Karlsen")
    banner.get_by_label("Fadder").select_option(label="Marte Berg")
    banner.get_by_label("IT-kontakt").select_option(label="Anne Administrator")
    banner.get_by_role("button", name="Tildel for Emma Karlsen").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hei")  # the start page
    message = "Marte Berg og Anne Administrator er tildelt Emma Karlsen, og har fått beskjed."
    assert page.get_by_text(message).is_visible()
    assert (
        page.get_by_role("list", name="Nyansatte uten fadder eller IT-kontakt")
        .filter(has_text="Emma Karlsen")
        .count()
        == 0
    )
    check_a11y(page)
    shoot(page, "start-assigned", width)

    # The checklist: the lead's own item in one click, back on the same page.
    panel = page.get_by_role("region", name="Introduksjon")
    panel.get_by_role("link", name="Emma Karlsen").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Introduksjonsplan for Emma Karlsen"
    check_a11y(page)
    shoot(page, "checklist", width)
    checklist_url = page.url
    page.get_by_role("button", name="Kvitter ut Møte med verneombudet").click()
    assert page.url == checklist_url
    assert page.get_by_text("«Møte med verneombudet» er kvittert.").is_visible()
    row = page.get_by_role("row", name=re.compile("Møte med verneombudet"))
    assert "Hanne Johansen" in row.inner_text() or "Gjort" in row.inner_text()

    # The mentor's item: a reason is required.
    page.get_by_role("link", name="Kvitter ut med begrunnelse Brannvern og rømningsveier").click()
    check_a11y(page)
    page.get_by_role("button", name="Kvitter ut").click()
    assert page.get_by_text("Skriv hvorfor du kvitterer ut punktet").is_visible()
    check_a11y(page)
    shoot(page, "reason-error", width)
    page.get_by_label("Hvorfor kvitterer du ut for den ansvarlige?").fill(
        "Omvisningen ble gjort av meg første dag."
    )
    page.get_by_role("button", name="Kvitter ut").click()
    assert page.get_by_text("«Brannvern og rømningsveier» er kvittert.").is_visible()

    # A reminder to the IT contact of the overdue EPJ access, once a day.
    epj = "Send påminnelse om Tilgang til journalsystemet (EPJ) opprettet"
    page.get_by_role("button", name=epj).click()
    assert page.get_by_text("Påminnelse sendt til Anne Administrator.").is_visible()
    check_a11y(page)
    shoot(page, "reminded", width)
    page.get_by_role("button", name=epj).click()
    assert page.get_by_text("har allerede fått en påminnelse").is_visible()
