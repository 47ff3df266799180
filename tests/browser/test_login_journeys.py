"""Each kind of user logs in through the real login form and lands on their own start page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("admin@demo.example", "Anne Administrator"),
        ("leder@leknes.example", "Hanne Johansen"),
        ("sekretaer@leknes.example", "Siri Olsen"),
        ("nyansatt@leknes.example", "Nora Hansen"),
        ("mentor@leknes.example", "Marte Berg"),
        ("leder@lofotleger.example", "Tone Hagen"),
    ],
)
def test_demo_user_logs_in_to_own_start_page(page, check_a11y, email, name):
    log_in(page, email)
    assert page.get_by_role("heading", level=1).inner_text() == f"Hei, {name}"
    check_a11y(page)


def test_login_page_is_accessible_and_rejects_a_wrong_password(page, check_a11y):
    page.goto("/login")
    check_a11y(page)
    log_in(page, "sekretaer@leknes.example", "feil-passord")
    assert page.get_by_text("Feil e-post eller passord.").is_visible()
    check_a11y(page)


def test_employee_can_switch_to_english_and_back(page):
    log_in(page, "sekretaer@leknes.example")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt språk").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("nb")
    page.get_by_role("button", name="Change language").click()
    assert page.locator("html").get_attribute("lang") == "nb"


def test_lead_adds_a_person_and_sees_them(page, check_a11y):
    log_in(page, "leder@leknes.example")
    page.get_by_role("link", name="Personer").click()
    check_a11y(page)
    page.get_by_role("link", name="Legg til person").click()
    check_a11y(page)
    page.get_by_label("Navn", exact=True).fill("Ola Nordmann")
    page.get_by_label("E-post").fill("ola.nordmann@leknes.example")
    page.get_by_label("Stilling", exact=True).select_option(label="Helsesekretær")
    page.get_by_label("Startdato").fill("2026-12-01")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ola Nordmann"
    check_a11y(page)
