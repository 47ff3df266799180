"""The declarative base, the engine, and one session per request."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import (
    ColumnElement,
    DateTime,
    Engine,
    MetaData,
    Select,
    TypeDecorator,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database.

    SQLite keeps no zone and hands back naive values; comparing those with aware ones fails, so
    values are stored in UTC and always come back aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is expected")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """Now, timezone-aware; pass the function itself as a column default, never its result."""
    return datetime.now(UTC)


def change_if(session: Session, obj: Any, condition: ColumnElement[bool], **values: Any) -> bool:
    """Set ``values`` on ``obj``'s row only if ``condition`` still holds there; True if it did.

    One UPDATE ... WHERE, so the database decides: of two requests deciding the same thing at
    once, the second finds the condition gone (PostgreSQL re-checks it after the first
    commits; SQLite lets one writer in at a time), however stale its loaded copy was.
    """
    model = type(obj)
    result = session.execute(
        update(model)
        .where(model.id == obj.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not cast(CursorResult, result).rowcount:  # an UPDATE's result is a cursor's
        return False
    for name, value in values.items():
        set_committed_value(obj, name, value)
    return True


def make_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLite checks foreign keys only when asked, and waits for a busy writer only when told to.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Readers never block the writer, and the writer never blocks readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
    # Let SQLAlchemy, not the driver, open transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    # The driver would begin a transaction only before a write, so reads made at different
    # times could see different data; BEGIN at the start makes every transaction one snapshot
    # (a consistent backup) and lets SAVEPOINTs work. A transaction that may write takes the
    # write lock at once (IMMEDIATE): one that read first and wrote later would fail outright
    # ("database is locked") when another wrote in between, where waiting its turn (the busy
    # timeout) succeeds. Readers do not need the lock and, in WAL, never wait.
    read_only = connection.get_execution_options().get(READ_ONLY) or _in_safe_request()
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


READ_ONLY = "portal_read_only"
"""Execution option for a transaction that only reads (a backup): no write lock on SQLite."""


def _in_safe_request() -> bool:
    # GET never writes (STYLE.md), so a page view reads from its snapshot without the lock.
    return has_request_context() and request.method in ("GET", "HEAD", "OPTIONS")


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["portal.engine"] = engine
    app.extensions["portal.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    # Closed after each request as well as with the app context: pytest-flask keeps one app
    # context for a whole test, and a session living across requests would hide a missing commit.
    app.teardown_request(_close_session)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The session of this request (or CLI command), made on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["portal.sessionmaker"]()
    return g.db_session


def new_session() -> Session:
    """A session outside the request's, for work that commits on its own (CLI, tests)."""
    return current_app.extensions["portal.sessionmaker"]()


def _close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def page_of(session: Session, query: Select, page: int, per_page: int = 50) -> tuple[list, int]:
    """One page of ``query`` and the number of pages."""
    total = session.scalars(select(func.count()).select_from(query.order_by(None).subquery())).one()
    items = list(session.scalars(query.limit(per_page).offset((page - 1) * per_page)))
    return items, max(1, -(-total // per_page))
