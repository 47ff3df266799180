"""The issue's "done when", in real Chromium on the demo organisation: a secretary with expired
HLR joins the waiting list of the full HLR course, someone cancels, she gets the place and is
told, the trainer marks attendance on a phone-sized page, and her gap report cell turns OK
with the course's date in the CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from portal import create_app
from portal.competence.models import Competence
from portal.sessions.models import CourseSession
from tests.browser.conftest import log_in, open_menu
from tests.conftest import TEST_SECRET

HLR = "HLR – grunnkurs i hjerte-lungeredning"
WIDTHS = (390, 1366)


def log_out(page) -> None:
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()


def check_at_every_width(page, check_a11y) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)


def open_hlr_course(page) -> None:
    open_menu(page)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Kurs og samlinger"
    ).click()
    page.get_by_role("link", name=HLR).first.click()


def siri_joins_the_waiting_list(page, check_a11y) -> None:
    log_in(page, "sekretaer@leknes.example")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Kurs og samlinger"
    ).click()
    assert page.get_by_role("rowheader", name=HLR).first.get_by_text("Utløpt").is_visible()
    check_at_every_width(page, check_a11y)
    page.get_by_role("link", name=HLR).first.click()
    check_at_every_width(page, check_a11y)
    page.get_by_role("button", name="Sett meg på ventelisten").click()
    assert page.get_by_text("Du står på ventelisten").is_visible()
    assert page.get_by_text("Du er nummer 2 på ventelisten.").is_visible()
    check_at_every_width(page, check_a11y)
    log_out(page)


def jonas_cancels(page, check_a11y) -> None:
    log_in(page, "jonas.eriksen@leknes.example")
    open_hlr_course(page)
    page.get_by_role("button", name="Meld meg av").click()
    assert page.get_by_text("Plassen er avmeldt.").is_visible()
    check_a11y(page)
    log_out(page)


def the_list_moves(page, check_a11y) -> None:
    """Ingrid was first on the list and gets Jonas' place; she makes room for Siri."""
    log_in(page, "ingrid.pedersen@leknes.example")
    assert page.get_by_text("Du har fått plass på kurset").first.is_visible()
    open_hlr_course(page)
    page.get_by_role("button", name="Meld meg av").click()
    log_out(page)
    log_in(page, "sekretaer@leknes.example")
    assert page.get_by_text("Du har fått plass på kurset").first.is_visible()
    assert page.get_by_role("heading", name="Mine kurs og samlinger").is_visible()
    check_at_every_width(page, check_a11y)
    open_hlr_course(page)
    assert page.get_by_text("Har plass").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Legg i kalenderen (.ics)").click()
    assert b"TZID=Europe/Oslo" in download.value.path().read_bytes()
    log_out(page)


def the_course_day_comes(database: Path) -> None:
    """The course moves to today, as the calendar would bring it: attendance is marked on the
    day, never before."""
    app = create_app({"DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": TEST_SECRET})
    with app.app_context(), app.extensions["portal.sessionmaker"]() as db:
        course = db.scalars(
            select(CourseSession).join(Competence).where(Competence.name == HLR)
        ).first()
        shift = timedelta(days=(date.today() - course.first_day).days)
        for day in course.days:
            day.starts_dt, day.ends_dt = day.starts_dt + shift, day.ends_dt + shift
        course.signup_deadline = course.cancel_deadline = date.today()
        db.commit()
    app.extensions["portal.engine"].dispose()


def trainer_marks_on_a_phone(page, check_a11y) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "mentor@leknes.example")
    open_hlr_course(page)
    page.get_by_role("link", name="Registrer oppmøte").click()
    check_a11y(page)
    siri = page.get_by_role("group", name="Oppmøte for Siri Olsen")
    siri.get_by_label("Deltok og bestod").check()
    page.get_by_role("button", name="Lagre for Siri Olsen").click()
    assert page.get_by_text("Oppmøtet for Siri Olsen er registrert.").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the attendance page scrolls sideways on a phone"
    check_a11y(page)
    page.get_by_role("link", name="Deltakerliste for utskrift").click()
    assert page.get_by_role("rowheader", name="Siri Olsen").is_visible()
    check_a11y(page)
    log_out(page)


def the_gap_report_says_ok(page, check_a11y) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "leder@leknes.example")
    page.goto("/reports/gaps")
    headers = page.locator("table.gap-matrix thead th").all_inner_texts()
    column = [h.strip() for h in headers].index(HLR)
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Siri Olsen"))
    assert "OK" in row.locator("th, td").nth(column).inner_text()
    rows = csv.DictReader(io.StringIO(page.request.get("/reports/gaps.csv").text()))
    hlr = next(
        r
        for r in rows
        if r["employee_email"] == "sekretaer@leknes.example" and r["competence"] == HLR
    )
    assert hlr["status"] == "ok"
    open_hlr_course(page)
    day = page.locator(".session-day").first.inner_text()[:10]  # today, as 02.12.2026
    assert hlr["achieved_on"] == "-".join(reversed(day.split(".")))
    check_a11y(page)


def test_from_the_waiting_list_to_the_record(page, check_a11y, tmp_path):
    siri_joins_the_waiting_list(page, check_a11y)
    jonas_cancels(page, check_a11y)
    the_list_moves(page, check_a11y)
    the_course_day_comes(tmp_path / "live.sqlite3")
    trainer_marks_on_a_phone(page, check_a11y)
    the_gap_report_says_ok(page, check_a11y)


def test_the_lead_approves_the_paid_place_and_the_kurspott_shows_it(page, check_a11y):
    log_in(page, "leder@leknes.example")
    page.goto("/sessions/")
    check_at_every_width(page, check_a11y)
    page.get_by_role("link", name="Brannvern").first.click()
    check_at_every_width(page, check_a11y)
    page.get_by_role("button", name="Godkjenn plassen for Nora Hansen").click()
    assert page.get_by_text("Plassen er godkjent").is_visible()
    page.goto("/funds/")
    page.get_by_role("link", name="Leknes legesenter").click()
    assert page.get_by_text("Nora Hansen").first.is_visible()
    check_a11y(page)


def test_the_lead_creates_a_session_and_other_leads_see_nothing(page, check_a11y):
    log_in(page, "leder@leknes.example")
    page.goto("/sessions/new")
    check_at_every_width(page, check_a11y)
    page.get_by_label("Kompetanse kurset gir").select_option(label=HLR)
    page.get_by_label("Sted").fill("Leknes kulturhus")
    page.locator("#days-0-day").fill("2027-01-14")
    page.locator("#days-0-starts").fill("09:00")
    page.locator("#days-0-ends").fill("14:00")
    page.get_by_label("Antall plasser").fill("10")
    page.get_by_label("Siste dag for påmelding").fill("2027-01-10")
    page.get_by_label("Siste dag for avmelding").fill("2027-01-07")
    page.get_by_label("Leknes legesenter").check()
    page.get_by_role("button", name="Opprett kurset").click()
    assert page.get_by_text("Kurset er opprettet").is_visible()
    assert page.get_by_text("14.01.2027 09:00–14:00").is_visible()
    check_at_every_width(page, check_a11y)
    url = page.url
    log_out(page)
    log_in(page, "leder@lofotleger.example")
    assert page.goto(url).status == 403
    page.goto("/sessions/")
    assert not page.get_by_text("Leknes kulturhus").count()
