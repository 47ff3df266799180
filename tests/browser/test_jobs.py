"""Several jobs per person in real Chromium, on the demo organisation: each of Line Mikkelsen's
leads finds her and reads the requirements of their own job; the legevakt lead gives a
secretary a second job, makes a mistake ending it and is told so; axe at 320, 390 and 1366 px,
and no page scrolls sideways."""

from __future__ import annotations

from tests.browser.conftest import log_in

WIDTHS = (320, 390, 1366)


def check_at_every_width(page, check_a11y) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def requirements(page) -> set[str]:
    table = page.locator("table", has=page.get_by_role("columnheader", name="Kompetanse"))
    return set(table.locator("tbody th, tbody td:first-child").all_inner_texts())


def open_line(page) -> None:
    page.goto("/people/")
    page.get_by_role("link", name="Line Mikkelsen").click()
    page.get_by_role("heading", name="Line Mikkelsen").wait_for()


def test_the_leknes_lead_reads_the_requirements_of_her_leknes_job(page, check_a11y):
    log_in(page, "leder@leknes.example")
    open_line(page)
    assert page.get_by_role("cell", name="Leknes legesenter", exact=True).is_visible()
    assert page.get_by_text("1 stilling i en annen enhet.").is_visible()
    leknes = requirements(page)
    assert "Taushetsplikt" in leknes
    assert "Akuttmedisinkurs for legevakt" not in leknes
    check_at_every_width(page, check_a11y)


def test_the_legevakt_lead_reads_the_requirements_of_her_legevakt_job(page, check_a11y):
    log_in(page, "leder@legevakt.example")
    open_line(page)
    assert page.get_by_role("cell", name="Lofoten interkommunale legevakt", exact=True).is_visible()
    legevakt = requirements(page)
    assert "Akuttmedisinkurs for legevakt" in legevakt
    assert "Taushetsplikt" in legevakt
    assert "Opplæring i timebok og telefon" not in legevakt
    # Her main job is at Leknes: this lead changes her jobs here, not the person.
    assert page.get_by_role("link", name="Endre", exact=True).count() == 0
    check_at_every_width(page, check_a11y)


def test_a_lead_gives_a_second_job_and_is_told_what_is_wrong_when_ending_it(page, check_a11y):
    log_in(page, "leder@legevakt.example")
    page.goto("/people/")
    page.get_by_role("link", name="Randi Vik").click()
    page.get_by_role("link", name="Ny stilling").click()
    check_at_every_width(page, check_a11y)
    page.get_by_label("Stilling", exact=True).select_option(
        label="Sykepleier/annet helsepersonell på legevakt"
    )
    page.get_by_label("Stillingsprosent").fill("20")
    page.get_by_label("Første dag").fill("2026-12-01")
    page.get_by_role("button", name="Legg til stillingen").click()
    assert page.get_by_role("cell", name="20 %").is_visible()
    assert "Akuttmedisinkurs for legevakt" in requirements(page)

    row = page.get_by_role("row", name="20 %")
    row.get_by_role("link", name="Avslutt").click()
    page.get_by_label("Siste dag").fill("2026-11-01")
    page.get_by_role("button", name="Avslutt stillingen").click()
    assert page.get_by_text("Datoen kan ikke være før stillingens første dag.").is_visible()
    check_at_every_width(page, check_a11y)
