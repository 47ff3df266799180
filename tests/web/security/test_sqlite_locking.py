"""SQLite: a transaction that may write takes the write lock at its start; reads and backups
never wait for it."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
from sqlalchemy import select

from portal import backup, create_app
from portal.db import new_session
from portal.org.models import Person
from tests.conftest import TEST_SECRET


@pytest.fixture
def sqlite_app(sqlite_template, tmp_path):
    path = tmp_path / "portal.sqlite3"
    shutil.copy(sqlite_template, path)
    with sqlite3.connect(path) as connection:  # as the portal's first connection leaves it
        connection.execute("PRAGMA journal_mode=WAL")
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": TEST_SECRET}
    )
    yield app, path
    app.extensions["portal.engine"].dispose()


@pytest.fixture
def writer(sqlite_app):
    """Another connection in the middle of a write, holding the write lock."""
    _app, path = sqlite_app
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO units (name) VALUES ('Halvferdig enhet')")
    yield connection
    connection.execute("ROLLBACK")
    connection.close()


def test_a_form_post_takes_the_write_lock_when_its_transaction_begins(sqlite_app):
    app, path = sqlite_app
    with app.test_request_context(method="POST"), new_session() as session:
        session.scalar(select(Person.id))  # a read first, as a view does
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_a_page_view_reads_while_another_request_writes(sqlite_app, writer):
    app, _path = sqlite_app
    started = time.monotonic()
    response = app.test_client().get("/healthz")  # asks the database
    assert response.status_code == 200
    assert time.monotonic() - started < 2


def test_a_backup_reads_its_snapshot_while_another_request_writes(sqlite_app, writer, tmp_path):
    app, _path = sqlite_app
    with app.test_request_context(method="POST"), new_session() as session:
        counts = backup.write(session, tmp_path / "backup.json")
    assert "Halvferdig enhet" not in (tmp_path / "backup.json").read_text()
    assert counts["units"] == 0
