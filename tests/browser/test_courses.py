"""A new hire reads Taushetsplikt, passes its quiz, downloads the certificate and verifies it;
the course item of their onboarding plan ticks itself; the lead sees the competence on the
person's page and in the gap report's CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

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


def test_a_failed_attempt_shows_what_was_wrong(page, check_a11y):
    log_in(page, "mentor@leknes.example")  # holds Taushetsplikt: test_out lets her renew
    page.goto("/courses/taushetsplikt/quiz")
    fieldsets = page.locator("fieldset")
    for index in range(fieldsets.count()):
        fieldsets.nth(index).locator("input").first.check()
    page.get_by_role("button", name="Lever testen").click()
    check_a11y(page)
    assert page.get_by_role("heading", name="Gjennomgang").is_visible()
    # The right answers wait for a pass; each miss points to the lesson that teaches it.
    assert page.get_by_text("Forklaring:").count() == 0
    wrong = page.locator("li.review__item .status--expired").count()
    assert wrong > 0
    assert page.locator("li.review__item a").count() == wrong
