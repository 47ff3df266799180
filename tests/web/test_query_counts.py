"""Pages a lead opens every day run a fixed number of queries, whatever the organisation's
size (issue: "a page's query count does not grow with the organisation")."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portal import demo
from portal.org.models import Position, Unit

DAILY_PAGES = ("/", "/reports/gaps", "/reports/gaps/summary", "/courses/", "/me/competence")


@pytest.fixture
def demo_org(app, db):
    demo.load(db, today=date(2026, 11, 22))
    db.commit()


def login(auth, email: str) -> None:
    assert auth.login(email, password="kompetanse-demo").status_code == 302


def warm(count_queries, url: str) -> int:
    """The queries of a second view: the first of a day, or after a change, counts the units
    anew (:mod:`portal.competence.unit_counts`)."""
    count_queries(url)
    return count_queries(url)


def test_the_leknes_leads_start_page_runs_at_most_16_queries(demo_org, auth, db, count_queries):
    # 15, and one for the panel of my course sessions (my places and the ones to confirm);
    # the first view of a day counts the units anew, and apart the people with jobs in several
    # units (the demo has one at Leknes), in three queries more.
    login(auth, "leder@leknes.example")
    assert count_queries("/") <= 19
    assert count_queries("/") <= 16


def test_daily_pages_run_as_many_queries_for_more_people(
    demo_org, auth, db, count_queries, make_person
):
    login(auth, "leder@leknes.example")
    before = {url: warm(count_queries, url) for url in DAILY_PAGES}
    leknes = db.scalar(select(Unit).where(Unit.name == "Leknes legesenter"))
    position = db.scalar(select(Position).where(Position.code == "helsesekretaer"))
    for number in range(20):
        make_person(unit=leknes, position=position, name=f"Ny ansatt {number:02d}")
    assert {url: warm(count_queries, url) for url in DAILY_PAGES} == before


def test_a_stand_ins_daily_pages_run_as_many_queries_as_the_leads(
    demo_org, app, auth, count_queries
):
    # The demo's legevakt lead has a stand-in for the month: who leads what comes with the
    # user, in the query that loads them.
    # (/me/competence is left out: it lists each person's own records.)
    pages = [url for url in DAILY_PAGES if url != "/me/competence"]
    app.config["TODAY"] = date(2026, 11, 22)
    login(auth, "leder@legevakt.example")
    lead = {url: warm(count_queries, url) for url in pages}
    auth.logout()
    login(auth, "anders.haug@legevakt.example")
    assert {url: warm(count_queries, url) for url in pages} == lead
