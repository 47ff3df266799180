"""The mentor's path in real Chromium, at 390 and 1366 px with axe: the sign-off waiting for
her on Min side goes once she signs it off, a notification is marked read, and her pages in
English hold no Norwegian interface text.

The other employees' paths are walked where their pages are: the new hire's Min side and
Introduksjon agree on the next step (``test_todo.py``); the expired secretary renews by going
straight to the test and a failed attempt's review teaches without the answers
(``test_courses.py``); she sends evidence with the competence chosen and reads «Venter på
godkjenning» (``test_evidence_journey.py``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from tests.browser.conftest import log_in

MENTOR = "mentor@leknes.example"
FIRE = "Brannvern og rømningsveier"  # Nora Hansen's item that waits for her mentor
CATALOG = Path(__file__).resolve().parents[2] / "portal/translations/en/LC_MESSAGES/messages.po"


@cache
def bokmaal_phrases() -> frozenset[str]:
    """The interface's own bokmål texts that English renders differently: every message of
    the catalog without parameters, of two words or more (a single word may be a name)."""
    with CATALOG.open("rb") as po:
        catalog = read_po(po, locale="en")
    return frozenset(
        m.id
        for m in catalog
        if isinstance(m.id, str)
        and m.string
        and m.string != m.id
        and "%" not in m.id
        and len(m.id.split()) >= 2
    )


def norwegian_left(page) -> list[str]:
    """The bokmål interface texts the page shows, apart from what is marked as bokmål (the
    language chooser's «Norsk bokmål»)."""
    text = page.evaluate(
        """() => {
          const body = document.body.cloneNode(true);
          body.querySelectorAll('[lang]:not([lang^=en])').forEach(e => e.remove());
          return body.innerText || body.textContent;
        }"""
    )
    text = " ".join(text.split())
    return sorted(p for p in bokmaal_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))


def todo(page):
    return page.get_by_role("region", name="Hva må jeg gjøre nå")


@pytest.mark.parametrize("width", [390, 1366])
def test_the_mentor_signs_off_and_the_entry_is_gone_and_reads_a_notification(
    page, check_a11y, width
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, MENTOR)
    entry = todo(page).locator("li", has_text=FIRE)
    assert "Kvitter ut for Nora Hansen" in entry.inner_text()
    check_a11y(page)

    entry.get_by_role("link", name=FIRE).click()
    page.get_by_role("heading", name=FIRE, level=1).wait_for()
    check_a11y(page)
    page.get_by_role("button", name="Kvitter ut").click()
    page.get_by_text(f"«{FIRE}» er kvittert.").wait_for()

    page.goto("/")
    assert todo(page).locator("li", has_text=FIRE).count() == 0
    assert todo(page).locator("li", has_text="Laboratorierutiner").count() == 1  # still hers

    notice = page.locator("li", has_text="Du er fadder for Nora Hansen")
    notice.get_by_role("button", name="Merk som lest").click()
    expect(page.locator("li", has_text="Du er fadder for Nora Hansen")).to_have_count(0)
    page.goto("/notifications/")
    read = page.get_by_role("region", name="Lest og gjort")
    assert "Du er fadder for Nora Hansen" in read.inner_text()
    assert (
        page.get_by_role("region", name="Uleste varsler")
        .get_by_text("Du er fadder for Nora Hansen")
        .count()
        == 0
    )
    check_a11y(page)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_mentor_in_english_reads_no_norwegian_interface_text(page, check_a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, MENTOR)
    todo(page).wait_for()
    assert norwegian_left(page)  # the check finds the bokmål where it is: not vacuous
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()

    page.get_by_role("region", name="What do I need to do now").wait_for()
    entry = page.get_by_role("region", name="What do I need to do now").locator("li", has_text=FIRE)
    assert "Sign off for Nora Hansen" in entry.inner_text()
    assert page.get_by_text("You are the mentor for Nora Hansen").is_visible()
    assert norwegian_left(page) == []
    check_a11y(page)

    page.goto("/notifications/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tasks and notifications"
    assert norwegian_left(page) == []
    check_a11y(page)
