"""One-time form keys (portal/once.py): a form's key is used once; a second use is answered
as the first was, and a use that kept nothing leaves the key free."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.funds.models import Application
from portal.once import OnceKey


@pytest.fixture
def employee(make_unit, make_person, make_budget):
    unit = make_unit("Leknes")
    make_budget(unit, 1_000_000)
    return make_person(unit=unit)


def application_form(key: str, **changes) -> dict:
    form = {
        "title": "HLR-kurs",
        "provider": "Røde Kors",
        "start_date": "2026-12-01",
        "end_date": "2026-12-02",
        "fee": "1 500",
        "travel": "0",
        "justification": "Kravet i stillingen.",
        "need_id": "0",
        "competence_id": "0",
        "_once": key,
    }
    return {**form, **changes}


def applications(db) -> int:
    db.rollback()
    return db.scalar(select(func.count()).select_from(Application))


def test_a_creating_form_carries_a_fresh_key_each_time(client, auth, employee):
    auth.login(employee)
    keys = [
        re.search(r'name="_once" value="([^"]+)"', client.get(path).get_data(as_text=True))
        for path in ("/funds/applications/new", "/funds/applications/new")
    ]
    assert all(keys)
    assert keys[0].group(1) != keys[1].group(1)


def test_a_key_sent_again_goes_where_the_first_went(client, auth, db, employee):
    auth.login(employee)
    key = secrets.token_urlsafe(32)
    first = client.post("/funds/applications/new", data=application_form(key))
    again = client.post("/funds/applications/new", data=application_form(key))
    assert first.status_code == 302
    assert again.status_code == 303
    assert again.location == first.location
    assert applications(db) == 1


def test_a_refused_form_leaves_its_key_free(client, auth, db, employee):
    auth.login(employee)
    key = secrets.token_urlsafe(32)
    refused = client.post("/funds/applications/new", data=application_form(key, title=""))
    assert refused.status_code == 422
    assert applications(db) == 0
    assert client.post("/funds/applications/new", data=application_form(key)).status_code == 302
    assert applications(db) == 1


def test_another_persons_key_is_not_replayed(client, auth, db, employee, make_person):
    key = secrets.token_urlsafe(32)
    auth.login(employee)
    client.post("/funds/applications/new", data=application_form(key))
    auth.login(make_person(unit=None))
    answer = client.post("/funds/applications/new", data=application_form(key))
    assert answer.status_code == 409
    assert "allerede sendt" in answer.get_data(as_text=True)
    assert applications(db) == 1


def test_a_malformed_key_changes_nothing(client, auth, db, employee):
    auth.login(employee)
    answer = client.post("/funds/applications/new", data=application_form("kort"))
    assert answer.status_code == 409
    assert applications(db) == 0
    db.rollback()
    assert db.scalar(select(func.count()).select_from(OnceKey)) == 0


def test_old_keys_are_forgotten(client, auth, db, employee):
    db.add(OnceKey(key="x" * 43, created_dt=utcnow() - timedelta(days=3)))
    db.commit()
    auth.login(employee)
    client.post("/funds/applications/new", data=application_form(secrets.token_urlsafe(32)))
    db.rollback()
    assert db.scalar(select(func.count()).select_from(OnceKey)) == 1
