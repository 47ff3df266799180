"""A request whose transaction lost a race (SQLite's lock held past the busy timeout, a
PostgreSQL deadlock or serialization failure) runs again from the start, once in effect."""

from __future__ import annotations

import secrets
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from portal.audit.models import AuditEvent
from portal.funds import operations
from portal.funds.models import Application
from portal.web import lost_a_race
from tests.web.test_once_keys import application_form


@pytest.fixture
def employee(make_unit, make_person, make_budget):
    unit = make_unit()
    make_budget(unit, 1_000_000)
    return make_person(unit=unit)


def losing(times: int, message: str = "database is locked"):
    """``operations.apply`` that writes, then loses a race the first ``times`` calls."""
    real = operations.apply
    calls = []

    def apply(session, **kwargs):
        calls.append(1)
        made = real(session, **kwargs)
        if len(calls) <= times:
            raise OperationalError("INSERT …", {}, sqlite3.OperationalError(message))
        return made

    return apply, calls


def counts(db) -> tuple[int, int]:
    db.rollback()
    made = db.scalar(select(func.count()).select_from(Application))
    audited = db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "funds.application_submitted")
    )
    return made, audited


def test_a_request_that_lost_a_race_runs_again_and_counts_once(
    client, auth, db, employee, monkeypatch
):
    apply, calls = losing(times=1)
    monkeypatch.setattr(operations, "apply", apply)
    auth.login(employee)
    answer = client.post(
        "/funds/applications/new", data=application_form(secrets.token_urlsafe(32))
    )
    assert answer.status_code == 302
    assert len(calls) == 2
    assert counts(db) == (1, 1)
    page = client.get(answer.location).get_data(as_text=True)
    assert page.count("Søknaden er sendt") == 1


def test_a_request_that_keeps_losing_is_a_conflict_page_and_keeps_nothing(
    client, auth, db, employee, monkeypatch
):
    apply, calls = losing(times=10)
    monkeypatch.setattr(operations, "apply", apply)
    auth.login(employee)
    answer = client.post(
        "/funds/applications/new", data=application_form(secrets.token_urlsafe(32))
    )
    assert answer.status_code == 409
    assert "Noen andre endret det samme" in answer.get_data(as_text=True)
    assert len(calls) == 3
    assert counts(db) == (0, 0)


def test_other_database_errors_are_not_run_again(client, auth, employee, monkeypatch):
    apply, calls = losing(times=10, message="disk I/O error")
    monkeypatch.setattr(operations, "apply", apply)
    auth.login(employee)
    with pytest.raises(OperationalError):
        client.post("/funds/applications/new", data=application_form(secrets.token_urlsafe(32)))
    assert len(calls) == 1


class _PostgresError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("orig", "lost"),
    [
        (_PostgresError("40P01"), True),  # deadlock_detected
        (_PostgresError("40001"), True),  # serialization_failure
        (_PostgresError("57014"), False),  # query_canceled
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: persons"), False),
    ],
)
def test_which_errors_mean_a_lost_race(orig, lost):
    assert lost_a_race(OperationalError("UPDATE …", {}, orig)) is lost
