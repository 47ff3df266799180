"""The new hire's one list of what to do next in real Chromium, on a phone and a desktop: Min
side's first entry is Introduksjon's «Neste», with the same date and the same words, the tags
say how urgent each entry is in words, and axe finds nothing on either page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in
from tests.browser.test_lead_start_page import shoot


@pytest.mark.parametrize("width", [390, 1366])
def test_the_new_hire_sees_the_same_next_step_on_min_side_and_introduksjon(page, check_a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "nyansatt@leknes.example")
    todo = page.get_by_role("region", name="Hva må jeg gjøre nå")
    entries = todo.get_by_role("listitem")
    assert entries.count() > 5
    first = entries.first.inner_text()
    title = entries.first.get_by_role("link").inner_text()
    due = re.search(r"frist (\d\d\.\d\d\.\d{4})", first)[1]
    words = re.search(r"(om \d+ dager|i dag|i morgen|\d+ dag(?:er)? på overtid)", first)[1]
    # Every entry says when, in words.
    for text in entries.all_inner_texts():
        assert re.search(r"om \d+ dag|i dag|i morgen|på overtid|ingen frist", text), text
    check_a11y(page)
    shoot(page, "todo-home", width)

    page.goto("/onboarding/")
    neste = page.locator("#next-step").inner_text()
    assert neste.startswith(f"Neste: {title}")
    assert due in neste
    assert words in neste
    check_a11y(page)
    shoot(page, "todo-onboarding", width)
