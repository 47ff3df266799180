"""A database-independent snapshot of all data, and restoring one into an empty database.

The snapshot is JSON: every table's rows, read in one transaction (one consistent view),
with dates as ISO strings and binary data as base64. It restores into SQLite or PostgreSQL
alike, as long as the database is empty and at the same schema revision.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import zlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, LargeBinary, Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session

from portal import clock, models  # noqa: F401  (all tables registered)
from portal.competence import obligations, standings, unit_counts
from portal.db import READ_ONLY, Base, UtcDateTime

FORMAT = "kompetanseportalen-backup"
VERSION = 1


class RestoreError(Exception):
    """The snapshot cannot be restored here; nothing was written."""


#: Tables a restore makes anew rather than copies: each unit's token of its kept counts.
NOT_COPIED = frozenset({"unit_versions"})


def tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name not in NOT_COPIED]


def write(session: Session, path: Path) -> dict[str, int]:
    """Write every table to ``path`` (gzip when it ends in ``.gz``); return rows per table."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        # One snapshot without the write lock: the portal goes on writing meanwhile.
        session.connection(execution_options={READ_ONLY: True})
    rows = {
        table.name: [
            _dump_row(table, row)
            for row in session.execute(select(table).order_by(*table.primary_key)).mappings()
        ]
        for table in tables()
    }
    snapshot = {
        "format": FORMAT,
        "version": VERSION,
        "revision": schema_revision(session),
        "tables": rows,
    }
    session.rollback()
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return {name: len(table_rows) for name, table_rows in rows.items()}


def restore(session: Session, path: Path) -> dict[str, int]:
    """Load the snapshot at ``path`` into this (empty) database; the caller commits.

    :raise RestoreError: if the file is not a snapshot, its schema revision differs, or the
        database already holds data
    """
    snapshot = _read(path)
    revision = schema_revision(session)
    if snapshot["revision"] != revision:
        raise RestoreError(
            f"the snapshot is of schema revision {snapshot['revision']}, the "
            f"database is at {revision}: run `portal db upgrade` to match"
        )
    occupied = [t.name for t in tables() if session.scalar(select(func.count()).select_from(t))]
    if occupied:
        raise RestoreError(f"the database is not empty (tables with data: {', '.join(occupied)})")
    counts, links = {}, []
    for table in tables():
        rows = [_load_row(table, row) for row in snapshot["tables"].get(table.name, [])]
        links += _insert(session, table, rows)
        counts[table.name] = len(rows)
    for link in links:
        link()
    if session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)
    # A snapshot written by hand or by an older portal may lack standings or disagree: the
    # restored records decide.
    standings.rebuild(session)
    obligations.rebuild(session, clock.today())
    unit_counts.renew_all(session)
    return counts


def schema_revision(session: Session) -> str | None:
    return session.scalar(text("SELECT version_num FROM alembic_version"))


def _read(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    try:
        snapshot = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    except (OSError, EOFError, ValueError, zlib.error) as error:
        raise RestoreError(f"{path}: not a readable snapshot ({error})") from None
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise RestoreError(f"{path}: not a Kompetanseportalen snapshot")
    if snapshot.get("version") != VERSION:
        raise RestoreError(
            f"{path}: snapshot format version {snapshot.get('version')} is not supported"
        )
    return snapshot


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[Callable[[], None]]:
    """Insert rows without the columns that may point at rows inserted later (into their own
    table, or into a table that itself points here); return what fills them in afterwards."""
    if not rows:
        return []
    late = [
        fk.parent.name
        for fk in table.foreign_keys
        if fk.column.table is table or (fk.constraint is not None and fk.constraint.use_alter)
    ]
    first = [{**row, **dict.fromkeys(late)} for row in rows]
    for start in range(0, len(first), 1000):
        session.execute(table.insert(), first[start : start + 1000])
    pk = table.primary_key.columns.values()[0]

    def fill(column: str) -> None:
        values = [{"_pk": row[pk.name], "_value": row[column]} for row in rows if row[column]]
        if values:
            session.execute(
                update(table).where(pk == bindparam("_pk")).values({column: bindparam("_value")}),
                values,
            )

    return [functools.partial(fill, column) for column in late]


def _reset_sequences(session: Session) -> None:
    """Move each id sequence past the restored ids, so new rows do not collide with them."""
    for table in tables():
        for column in table.primary_key.columns:
            sequence = session.scalar(
                text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
            )
            if sequence:
                session.execute(
                    text(
                        f"SELECT setval('{sequence}', COALESCE((SELECT MAX("
                        f"{column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )


def _dump_row(table: Table, row: Any) -> dict[str, Any]:
    return {column.name: _dump_value(row[column.name]) for column in table.columns}


def _dump_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _load_row(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    return {column.name: _load_value(column.type, row.get(column.name)) for column in table.columns}


def _load_value(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    return value
