"""The administrator's requirement grid in a real browser, on a phone and on a desktop: a cell
changed without JavaScript, a removal that says how many people it reaches, and axe on each
page; the lead reads the same grid."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in

WIDTHS = (390, 1366)
HLR = "HLR – grunnkurs i hjerte-lungeredning"


@pytest.fixture
def no_script(browser, live_server):
    """A page with JavaScript off: the grid must work without it."""
    context = browser.new_context(
        base_url=live_server, bypass_csp=True, locale="nb-NO", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def grid_row(page, position: str):
    """The row of the position named exactly so (not «Ledende helsesekretær»)."""
    header = page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(position)} \d+ aktiv"))
    return page.locator("table.requirement-grid tbody tr", has=header)


@pytest.mark.parametrize("width", WIDTHS)
def test_admin_changes_and_removes_a_requirement_in_the_grid(page, check_a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "admin@demo.example")
    page.goto("/competence/requirements")
    assert page.get_by_role("heading", level=1).inner_text() == "Krav per stilling"
    region = page.get_by_role("region", name="Krav per stilling og kompetanse")
    assert region.get_attribute("tabindex") == "0"
    # The page itself does not scroll sideways; the grid does, inside its region.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    check_a11y(page)

    row = grid_row(page, "Helsesekretær")
    active = int(re.search(r"(\d+) aktive", row.locator("th").inner_text()).group(1))
    hlr = row.locator("td").nth(
        page.locator("table.requirement-grid thead th").all_inner_texts().index(HLR) - 1
    )
    assert "Påkrevd" in hlr.inner_text()
    hlr.get_by_text("Endre").click()
    hlr.get_by_label("Krav").select_option(label="Anbefalt")
    hlr.get_by_label("Frist i dager").fill("120")
    hlr.get_by_role("button", name="Lagre").click()
    assert page.get_by_text(f"Kravet om {HLR} i Helsesekretær er lagret.").is_visible()
    assert "Anbefalt" in hlr.inner_text()
    assert "120 dager" in hlr.inner_text()

    hlr.get_by_text("Endre").click()
    hlr.get_by_label("Frist i dager").fill("-3")
    hlr.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("alert").is_visible()
    assert "Fristen må være mellom 0 og 3650 dager." in hlr.inner_text()
    check_a11y(page)

    hlr.get_by_label("Krav").select_option(label="Ingen krav")
    hlr.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Fjerne kravet?"
    count = f"Fjerner kravet for {active} personer i stillingen Helsesekretær."
    assert page.get_by_text(count).is_visible()
    check_a11y(page)
    page.get_by_role("link", name="Avbryt").click()
    assert "Anbefalt" in hlr.inner_text()  # cancelled: still there

    hlr.get_by_text("Endre").click()
    hlr.get_by_label("Krav").select_option(label="Ingen krav")
    hlr.get_by_role("button", name="Lagre").click()
    page.get_by_role("button", name="Fjern kravet").click()
    assert page.get_by_text(f"Kravet om {HLR} er fjernet fra Helsesekretær.").is_visible()
    assert "Ingen krav" in hlr.inner_text()
    check_a11y(page)


def test_the_position_column_stays_while_the_grid_scrolls_on_a_phone(page):
    page.set_viewport_size({"width": 320, "height": 800})
    log_in(page, "admin@demo.example")
    page.goto("/competence/requirements")
    region = page.get_by_role("region", name="Krav per stilling og kompetanse")
    header = grid_row(page, "Helsesekretær").locator("th")
    before = header.bounding_box()["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region.evaluate("element => { element.scrollLeft = 600; }")
    assert region.evaluate("element => element.scrollLeft") > 0
    assert abs(header.bounding_box()["x"] - before) < 1


def test_the_grid_works_without_javascript(no_script):
    page = no_script
    log_in(page, "admin@demo.example")
    page.goto("/competence/requirements")
    row = grid_row(page, "Fastlege")
    cell = row.locator("td").first
    cell.get_by_text("Endre").click()
    cell.get_by_label("Krav").select_option(label="Påkrevd")
    cell.get_by_label("Frist i dager").fill("7")
    cell.get_by_role("button", name="Lagre").click()
    assert "er lagret" in page.locator(".messages").inner_text()
    assert "7 dager" in grid_row(page, "Fastlege").locator("td").first.inner_text()


def test_lead_reads_the_grid_and_changes_nothing(page, check_a11y):
    log_in(page, "leder@leknes.example")
    page.goto("/competence/requirements")
    assert grid_row(page, "Helsesekretær").locator("td", has_text="Påkrevd").count() > 0
    assert page.locator("main form details, main details form").count() == 0
    assert page.locator("table.requirement-grid").get_by_role("combobox").count() == 0
    assert page.get_by_role("button", name="Lagre").count() == 0
    check_a11y(page)
