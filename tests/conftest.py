"""Fixtures shared by the whole suite.

Every test that asks for ``app`` runs twice: on SQLite (a migrated file database copied into
``tmp_path``) and on PostgreSQL (a database this suite creates on ``TEST_DATABASE_URL`` and drops
at the end, emptied between tests). Without ``TEST_DATABASE_URL`` the PostgreSQL half skips; with
``PORTAL_REQUIRE_ALL_TESTS=1`` (CI) a missing PostgreSQL or Chromium fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import request_started
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from portal import create_app
from portal.db import Base

REQUIRE_ALL = os.environ.get("PORTAL_REQUIRE_ALL_TESTS") == "1"
TEST_SECRET = "test-secret-key"

pytest_plugins = ["tests.factories", "tests.live", "tests.oidc.fixtures"]


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres_only`` (locks, concurrency) exist only in their PostgreSQL form."""

    def sqlite_form_of_postgres_only(item) -> bool:
        params = getattr(item, "callspec", None)
        return bool(
            item.get_closest_marker("postgres_only")
            and params
            and params.params.get("database_url") == "sqlite"
        )

    dropped = [item for item in items if sqlite_form_of_postgres_only(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if not sqlite_form_of_postgres_only(item)]


def skip_or_fail(reason: str) -> None:
    """Skip with ``reason``, or fail where the environment promises everything (CI)."""
    if REQUIRE_ALL:
        pytest.fail(f"required test environment missing: {reason}")
    pytest.skip(reason)


def migrate(url: str) -> None:
    from alembic import command

    from portal.cli import migrations_config

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        command.upgrade(migrations_config(), "heads")
    app.extensions["portal.engine"].dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "portal.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        skip_or_fail("TEST_DATABASE_URL is not set: the PostgreSQL half of the suite needs it")
    server_url = make_url(server)
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 (any failure to reach the server means: skip)
        admin.dispose()
        skip_or_fail(f"PostgreSQL at {server_url.render_as_string()} is not usable: {error}")
    url = server_url.set(database=name).render_as_string(hide_password=False)
    migrate(url)
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def empty_postgres(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "portal.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Settings for the test app; a test may change them before asking for ``app``."""
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "WTF_CSRF_ENABLED": False,
        "TODAY": date(2026, 11, 22),
        "SMTP_HOST": None,
    }


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    yield app
    app.extensions["portal.engine"].dispose()


@pytest.fixture
def db(app) -> Iterator[Session]:
    """A session of its own, for arranging data and for checking what requests stored.

    Its transaction ends whenever the app starts a request, so that what it reads afterwards
    is what the request committed (and it never holds a lock the request waits for).
    """
    session = app.extensions["portal.sessionmaker"]()

    def end_transaction(_sender, **_extra) -> None:
        session.rollback()

    request_started.connect(end_transaction, app)
    yield session
    request_started.disconnect(end_transaction, app)
    session.close()


@pytest.fixture
def csrf_app(app_config):
    """An app with CSRF protection on, as in production."""
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    yield app
    app.extensions["portal.engine"].dispose()
