"""A lead names a stand-in in real Chromium on the demo organisation, makes a mistake and is
told so; the demo's stand-in reads whom they stand in for on every page; axe at 320, 390 and
1366 px, and the page never scrolls sideways."""

from __future__ import annotations

from tests.browser.conftest import log_in

WIDTHS = (320, 390, 1366)


def check_at_every_width(page, check_a11y) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def test_a_lead_names_a_stand_in_and_is_told_what_is_wrong(page, check_a11y):
    log_in(page, "leder@legevakt.example")
    page.goto("/people/")
    page.get_by_role("link", name="Stedfortredere").click()
    assert page.get_by_role("heading", name="Stedfortredere", exact=True).is_visible()
    assert page.get_by_role(
        "cell", name="Anders Haug", exact=True
    ).is_visible()  # the demo's, this month
    check_at_every_width(page, check_a11y)

    form = page.locator("form[action='/deputies/']")
    form.get_by_label("Stedfortrederens e-post").fill("leder@legevakt.example")
    form.get_by_label("Siste dag").fill("2099-12-31")
    form.get_by_role("button", name="Oppnevn").click()
    assert page.get_by_text("En leder kan ikke være sin egen stedfortreder.").is_visible()
    check_at_every_width(page, check_a11y)

    form.get_by_label("Stedfortrederens e-post").fill("randi.vik@legevakt.example")
    form.get_by_role("button", name="Oppnevn").click()
    assert page.get_by_text("Stedfortrederen er oppnevnt.").is_visible()
    assert page.get_by_role("cell", name="Randi Vik", exact=True).is_visible()


def test_the_stand_in_reads_whom_they_stand_in_for(page, check_a11y):
    log_in(page, "anders.haug@legevakt.example")
    assert page.get_by_text("Du er stedfortreder for Per Solberg til").is_visible()
    check_at_every_width(page, check_a11y)
    page.goto("/people/")
    assert page.get_by_role("link", name="Thomas Ness").is_visible()
