"""A new hire reads Taushetsplikt, passes its quiz, downloads the certificate and verifies it;
the course item of their onboarding plan ticks itself; the lead sees the competence on the
person's page and in the gap report's CSV. The expired secretary renews by going straight to
the test, and her failed attempt's review shows what was wrong without the answers."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from portal.competence.gaps import add_months
from tests.browser.conftest import log_in

BANK = Path(__file__).resolve().parents[2] / "quizzes" / "taushetsplikt.yaml"


def correct_answers() -> dict[str, list[str]]:
    """Question text → the texts of its correct options, read from the bank file."""
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    return {
        q["text"]: [o["text"] for o in q["options"] if o.get("correct")] for q in bank["questions"]
    }


def test_new_hire_completes_taushetsplikt_and_verifies_the_certificate(page, check_a11y):
    log_in(page, "nyansatt@leknes.example")
    assert page.get_by_role("heading", name="Hva må jeg gjøre nå").is_visible()
    page.get_by_role("link", name="Kurs", exact=True).click()
    check_a11y(page)
    page.get_by_role("link", name="Taushetsplikt", exact=True).click()
    check_a11y(page)
    page.get_by_role("link", name="Start kurset").click()

    lessons = 0
    while page.get_by_role("button", name="Neste leksjon").count():
        if lessons == 0:
            check_a11y(page)
        page.get_by_role("button", name="Neste leksjon").click()
        lessons += 1
    page.get_by_role("button", name="Til testen").click()
    assert lessons + 1 == 8  # every lesson of the course, read in order

    assert page.get_by_role("heading", level=1).inner_text() == "Test: Taushetsplikt"
    check_a11y(page)
    answers = correct_answers()
    fieldsets = page.locator("fieldset")
    assert fieldsets.count() == 10
    for index in range(fieldsets.count()):
        fieldset = fieldsets.nth(index)
        for option in answers[fieldset.locator("legend").inner_text()]:
            fieldset.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Lever testen").click()

    assert page.get_by_text("Bestått! Du fikk 10 av 10 riktige.").is_visible()
    check_a11y(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned kursbevis (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    code = page.locator("main code").inner_text()

    page.get_by_role("link", name="Min kompetanse").first.click()
    check_a11y(page)
    assert page.get_by_role("cell", name=code).count() == 1

    page.get_by_role("link", name="Introduksjon").first.click()
    item = page.get_by_role("row").filter(has_text="Kurs: Taushetsplikt")
    assert "Gjort" in item.inner_text()

    page.get_by_role("button", name="Logg ut").click()
    page.goto(f"/verify/{code}")
    assert page.get_by_text("Ekte kursbevis utstedt av Kompetanseportalen.").is_visible()
    assert page.get_by_text("Nora Hansen").is_visible()
    assert page.locator("dd").filter(has_text="Gyldig").count() == 1
    check_a11y(page)

    log_in(page, "leder@leknes.example")
    page.get_by_role("link", name="Personer").click()
    page.get_by_role("link", name="Nora Hansen").click()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Taushetsplikt", exact=True)
    )
    assert "OK" in row.inner_text()

    page.get_by_role("link", name="Kompetansegap").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download_info.value.path()).read_text())))
    [taushetsplikt] = [
        r
        for r in rows
        if r["employee_email"] == "nyansatt@leknes.example" and r["competence"] == "Taushetsplikt"
    ]
    today = date.today()
    assert taushetsplikt["status"] == "ok"
    assert taushetsplikt["achieved_on"] == today.isoformat()
    assert taushetsplikt["expires_on"] == add_months(today, 24).isoformat()


def bank_options() -> dict[str, tuple[list[str], list[str]]]:
    """Question text → (the texts of its correct options, of its wrong ones)."""
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    return {
        q["text"]: (
            [o["text"] for o in q["options"] if o.get("correct")],
            [o["text"] for o in q["options"] if not o.get("correct")],
        )
        for q in bank["questions"]
    }


@pytest.mark.parametrize("width", [390, 1366])
def test_the_expired_secretary_renews_by_going_straight_to_the_test(page, check_a11y, width):
    """Siri Olsen's Taushetsplikt has expired: from Min side she goes straight to the test
    (``test_out`` in course.md), fails, reads which questions were wrong and where they are
    taught (not the answers), and passes the retake: the competence is renewed."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sekretaer@leknes.example")
    todo = page.get_by_role("region", name="Hva må jeg gjøre nå")
    entry = todo.locator("li").filter(
        has=page.get_by_role("link", name="Taushetsplikt", exact=True)
    )
    assert "Utløpt" in entry.inner_text()
    entry.get_by_role("link", name="Taushetsplikt", exact=True).click()
    renew = page.get_by_role("link", name="Forny ved å ta testen direkte")
    renew.wait_for()
    assert "Les alle leksjonene" not in page.locator("main").inner_text()
    renew.click()
    page.get_by_role("heading", name="Test: Taushetsplikt", level=1).wait_for()

    options = bank_options()
    fieldsets = page.locator("fieldset")
    assert fieldsets.count() == 10
    for index in range(10):
        fieldset = fieldsets.nth(index)
        _right, wrong = options[fieldset.locator("legend").inner_text()]
        fieldset.get_by_label(wrong[0], exact=True).check()
    page.get_by_role("button", name="Lever testen").click()
    page.get_by_text("Ikke bestått.").wait_for()
    assert page.get_by_role("heading", name="Gjennomgang").is_visible()
    check_a11y(page)

    # Every question shows as wrong, each with the lesson that teaches it, and no answer.
    review = page.locator("ol.review")
    assert review.locator(".status--expired").count() == 10
    links = review.get_by_role("link")
    assert links.count() == 10
    for href in (links.nth(i).get_attribute("href") for i in range(links.count())):
        assert re.fullmatch(r"/courses/taushetsplikt/[\w-]+", href), href
    shown = review.inner_text()
    assert "riktig svar" not in shown
    assert "Forklaring:" not in shown
    every_option = {o for right, wrong in options.values() for o in [*right, *wrong]}
    assert [o for o in every_option if len(o) > 12 and o in shown] == []
    lesson = links.first.inner_text()
    links.first.click()
    page.get_by_role("heading", name=lesson, level=1).wait_for()
    page.go_back()

    page.get_by_role("link", name="Prøv igjen").click()
    fieldsets = page.locator("fieldset")
    fieldsets.first.wait_for()
    assert fieldsets.count() == 10
    for index in range(10):
        fieldset = fieldsets.nth(index)
        for option in options[fieldset.locator("legend").inner_text()][0]:
            fieldset.get_by_label(option, exact=True).check()
    page.get_by_role("button", name="Lever testen").click()
    page.get_by_text("Bestått! Du fikk 10 av 10 riktige.").wait_for()
    check_a11y(page)

    page.goto("/")
    renewed = (
        page.get_by_role("region", name="Hva må jeg gjøre nå")
        .locator("li")
        .filter(has=page.get_by_role("link", name="Taushetsplikt", exact=True))
    )
    assert renewed.count() == 0
