"""The HR sync from the *Personer* page in a real browser, on the demo organisation: the plan
first (nothing changed), then the same file applied; axe at 390 and 1366 px."""

from __future__ import annotations

from tests.browser.conftest import log_in, open_menu

CSV = (
    "\ufeffemail;name;unit;role;start_date;employment_percent;access;employee_number;end_date\r\n"
    "sekretaer@leknes.example;Siri Olsen Berg;Leknes legesenter;Helsesekretær;;80;employee;"
    "4711;\r\n"
    "sekretaer@leknes.example;Siri Olsen Berg;Lofotleger AS;Helsesekretær;01.12.2026;20;employee;"
    "4711;\r\n"
    "ny.kollega@leknes.example;Nora Ny;Leknes legesenter;Helsesekretær;01.12.2026;60;;4712;\r\n"
)


def choose(page) -> None:
    page.get_by_label("CSV-fil fra HR-systemet").set_input_files(
        {"name": "hr.csv", "mimeType": "text/csv", "buffer": CSV.encode()}
    )


def test_an_administrator_syncs_from_hr_with_a_dry_run_first(page, check_a11y):
    log_in(page, "admin@demo.example")
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/")
        open_menu(page)
        page.get_by_role("link", name="Personer").first.click()
        page.get_by_role("link", name="Synkroniser fra HR").click()
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Synkroniser personer fra HR-systemet"
        )
        check_a11y(page)

        choose(page)
        page.get_by_role("button", name="Vis hva som vil skje").click()
        plan = page.locator("main").inner_text()
        assert "Ingenting er endret ennå" in plan
        assert "Nora Ny" in plan
        assert "Siri Olsen → Siri Olsen Berg" in plan
        # A second row of Siri's is a second job, with its unit, position and first day.
        assert "ny stilling: Lofotleger AS, Helsesekretær, 20 %, fra 01.12.2026" in plan
        assert "ikke i filen" in plan  # the rest of the demo staff would leave
        # The plan reflows: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        check_a11y(page)
        if width == 390:
            continue  # the plan alone at the narrow width; applying it once is enough

        choose(page)
        page.get_by_role("button", name="Utfør synkroniseringen").click()
        # Most of the demo staff are missing from this file: refused until ticked.
        assert "mer enn grensen" in page.locator("main").inner_text()
        choose(page)
        page.get_by_label("Deaktiver selv om det gjelder mange").check()
        page.get_by_role("button", name="Utfør synkroniseringen").click()
        assert "Synkroniseringen er utført: 1 nye, 1 endret" in page.locator("main").inner_text()
        assert "Siri Olsen Berg" in page.get_by_role("table").inner_text()
        check_a11y(page)
