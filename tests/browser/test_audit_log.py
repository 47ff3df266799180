"""The administrator reads the audit log in real Chromium on the demo organisation: narrows
it to one person and one kind of object, sees the changes in words, makes a mistake in the
dates and is told so, looks at a range with nothing in it, pages on, and downloads the
filtered log as CSV; axe at 390 and 1366 px on each page."""

from __future__ import annotations

import csv
import io
import os
from datetime import date, timedelta
from pathlib import Path

from tests.browser.conftest import log_in

WIDTHS = (390, 1366)
SHOTS = os.environ.get("PORTAL_SCREENSHOTS")  # a folder to keep screenshots in, if set


def check_at_every_width(page, check_a11y, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/audit-{name}-{width}.png", full_page=True)
        # The page itself never scrolls sideways; the table scrolls in its own region.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)


def test_the_administrator_narrows_the_log_and_downloads_it(page, check_a11y):
    log_in(page, "admin@demo.example")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Logg", exact=True
    ).click()
    assert page.get_by_role("heading", name="Logg over endringer").is_visible()
    check_at_every_width(page, check_a11y, "all")

    filters = page.get_by_role("search", name="Filtrer loggen")
    filters.get_by_label("Person (navn eller e-post)").fill("Siri Olsen")
    filters.get_by_label("Type objekt").select_option(label="Opplæringsbehov")
    filters.get_by_role("button", name="Filtrer").click()
    table = page.get_by_role("table")
    body_rows = table.locator("tbody tr")
    assert body_rows.count() >= 1
    for index in range(body_rows.count()):
        text = body_rows.nth(index).inner_text()
        assert "Opplæringsbehov registrert" in text
        assert "Siri Olsen" in text
    first = body_rows.first
    assert "Kartleggingsrunde: " in first.inner_text()
    assert "Prioritet: Høy" in first.inner_text()
    assert "\\u00" not in page.content()
    check_at_every_width(page, check_a11y, "filtered")

    # The object's link leads to its page.
    first.get_by_role("link", name="– Siri Olsen").first.click()
    assert page.get_by_role("heading", name="Siri Olsen").first.is_visible()
    page.go_back()

    # Dates the wrong way round: told in words, next to the field and at the top.
    filters = page.get_by_role("search", name="Filtrer loggen")
    filters.get_by_label("Fra og med dato").fill(date.today().isoformat())
    filters.get_by_label("Til og med dato").fill("2020-01-01")
    filters.get_by_role("button", name="Filtrer").click()
    alert = page.get_by_role("alert")
    assert "Til-datoen kan ikke være før fra-datoen." in alert.inner_text()
    assert page.get_by_role("table").count() == 0
    check_at_every_width(page, check_a11y, "error")
    alert.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "until"

    # From a day still to come: nothing yet.
    filters = page.get_by_role("search", name="Filtrer loggen")
    filters.get_by_label("Fra og med dato").fill((date.today() + timedelta(days=2)).isoformat())
    filters.get_by_label("Til og med dato").fill("")
    filters.get_by_role("button", name="Filtrer").click()
    assert page.get_by_role("heading", name="0 hendelser").is_visible()
    assert page.get_by_text("Ingen hendelser.").is_visible()

    # Today only, every kind and person: the demo's events, fifty a page.
    filters = page.get_by_role("search", name="Filtrer loggen")
    filters.get_by_label("Person (navn eller e-post)").fill("")
    filters.get_by_label("Type objekt").select_option(label="Alle")
    filters.get_by_label("Fra og med dato").fill(date.today().isoformat())
    filters.get_by_label("Til og med dato").fill(date.today().isoformat())
    filters.get_by_role("button", name="Filtrer").click()
    assert page.get_by_role("table").locator("tbody tr").count() == 50
    pages = page.get_by_role("navigation", name="Sider")
    assert "Side 1 av" in pages.inner_text()
    pages.get_by_role("link", name="Eldre").click()
    assert "Side 2 av" in page.get_by_role("navigation", name="Sider").inner_text()
    assert f"since={date.today().isoformat()}" in page.url
    check_at_every_width(page, check_a11y, "page-2")

    # The CSV is the filtered log, in words.
    filters = page.get_by_role("search", name="Filtrer loggen")
    filters.get_by_label("Handling").select_option(label="Påmeldt")
    filters.get_by_role("button", name="Filtrer").click()
    shown = page.get_by_role("table").locator("tbody tr").count()
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV").click()
    lines = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert lines[0][:4] == ["time", "actor", "action", "action_name"]
    assert len(lines) == shown + 1
    assert {line[3] for line in lines[1:]} == {"Påmeldt"}
    assert all(line[7] and " – " in line[7] for line in lines[1:])  # the seat, by name
