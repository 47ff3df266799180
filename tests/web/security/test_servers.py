"""The portal as production runs it: `portal serve` processes, several at once on one
PostgreSQL database, and a server killed in the middle of its writes."""

from __future__ import annotations

import signal
import threading
from datetime import date

import pytest
from sqlalchemy import select

from portal.competence.consistency import problems
from portal.competence.models import CompetenceRecord, Submission
from portal.funds.models import Application
from tests.factories import PASSWORD
from tests.live import Visitor, kill, portal_serve
from tests.web.test_double_post import APPLICATION


@pytest.fixture
def two_servers(database_url):
    with portal_serve(database_url) as (first, _), portal_serve(database_url) as (second, _):
        yield first, second


def logged_in(base_url: str, who) -> Visitor:
    browser = Visitor(base_url)
    browser.login(who.email, PASSWORD)
    return browser


def on(base_url: str, browser: Visitor) -> Visitor:
    """The same browser (its cookies) talking to another server."""
    other = Visitor(base_url)
    other.http.cookies.update(browser.http.cookies)
    return other


@pytest.mark.postgres_only
def test_a_login_on_one_server_holds_on_the_other_until_logout(two_servers, make_person):
    first, second = two_servers
    person = make_person()
    browser = logged_in(first, person)
    elsewhere = on(second, browser)
    assert elsewhere.http.get(f"{second}/", allow_redirects=False).status_code == 200
    logout = browser.form("/", "/logout")  # the Logg ut button on the start page
    assert browser.post("/logout", logout).status_code == 302
    answer = elsewhere.http.get(f"{second}/", allow_redirects=False)
    assert answer.status_code == 302
    assert "/login" in answer.headers["Location"]


@pytest.mark.postgres_only
def test_the_guessing_limit_counts_across_servers(two_servers, make_person):
    person = make_person()
    statuses = []
    for attempt in range(10):
        browser = Visitor(two_servers[attempt % 2])
        form = browser.form("/login")
        answer = browser.post("/login", {**form, "email": person.email, "password": "feil"})
        statuses.append(answer.status_code)
    assert statuses[:4] == [200] * 4
    assert 429 in statuses


@pytest.mark.postgres_only
def test_a_double_submit_split_across_servers_is_carried_out_once(
    two_servers, db, make_unit, make_person, make_budget
):
    first, second = two_servers
    unit = make_unit()
    make_budget(unit, 1_000_000)
    employee = make_person(unit=unit)
    browser = logged_in(first, employee)
    form = {**browser.form("/funds/applications/new"), **APPLICATION}
    answers = []
    barrier = threading.Barrier(2)

    def send(visitor: Visitor) -> None:
        barrier.wait()
        answers.append(visitor.post("/funds/applications/new", form))

    threads = [
        threading.Thread(target=send, args=(visitor,)) for visitor in (browser, on(second, browser))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answer.status_code for answer in answers) == [302, 303]
    db.rollback()
    assert len(db.scalars(select(Application)).all()) == 1


def test_a_server_killed_mid_write_leaves_no_half_change(
    database_url, db, make_unit, make_person, make_competence
):
    unit = make_unit()
    lead = make_person(unit=unit, access="lead", leads=(unit,))
    competence = make_competence()
    for _ in range(40):
        db.add(
            Submission(
                person_id=make_person(unit=unit).id,
                competence_id=competence.id,
                achieved_on=date(2026, 11, 1),
            )
        )
    db.commit()
    ids = db.scalars(select(Submission.id)).all()
    db.rollback()
    with portal_serve(database_url) as (base_url, process):
        browser = logged_in(base_url, lead)
        forms = {i: browser.form(f"/competence/submissions/{i}") for i in ids}
        approved = threading.Semaphore(0)

        def approve(submission_ids: list[int]) -> None:
            for i in submission_ids:
                try:
                    browser.post(
                        f"/competence/submissions/{i}", {**forms[i], "decision": "approve"}
                    )
                except OSError:  # the server is gone: the rest are never sent
                    return
                approved.release()

        threads = [threading.Thread(target=approve, args=(ids[n::4],)) for n in range(4)]
        for thread in threads:
            thread.start()
        for _ in range(8):  # some decisions are through, others on their way
            approved.acquire(timeout=30)
        kill(process, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=30)
    db.rollback()
    submissions = db.scalars(select(Submission)).all()
    made = {r.submission_id for r in db.scalars(select(CompetenceRecord))}
    decided = {s.id for s in submissions if s.state == "approved"}
    assert 8 <= len(decided) < len(ids)
    assert decided == made, "an approval without its record, or a record without its approval"
    assert problems(db) == []
