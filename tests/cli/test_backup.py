"""`portal backup` / `portal restore`: a round trip loses nothing, across databases too."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, select

from portal import create_app
from portal.backup import tables
from tests.conftest import TEST_SECRET, empty_postgres


def snapshot_rows(url: str) -> dict[str, list]:
    """Every row of every table, comparable across databases."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {
            table.name: [
                tuple(str(v) for v in row)
                for row in connection.execute(select(table).order_by(*table.primary_key))
            ]
            for table in tables()
        }
    engine.dispose()
    return rows


def run(app, *args):
    # Its own app context: pytest-flask keeps the `app` fixture's pushed, and a command would
    # otherwise run against that app's database.
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


@pytest.fixture
def demo_app(app):
    assert run(app, "demo").exit_code == 0
    return app


def fresh_sqlite(tmp_path, sqlite_template, name="restored.sqlite3") -> str:
    import shutil

    path = tmp_path / name
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def test_round_trip_loses_nothing(demo_app, database_url, tmp_path, sqlite_template):
    backup = tmp_path / "snapshot.json"
    result = run(demo_app, "backup", str(backup))
    assert result.exit_code == 0, result.output
    target = fresh_sqlite(tmp_path, sqlite_template)
    restored = create_app({"DATABASE_URL": target, "SECRET_KEY": TEST_SECRET})
    result = run(restored, "restore", str(backup))
    assert result.exit_code == 0, result.output
    restored.extensions["portal.engine"].dispose()
    original, copy = snapshot_rows(database_url), snapshot_rows(target)
    assert copy == original
    assert sum(len(rows) for rows in copy.values()) > 100


def test_sqlite_backup_restores_into_postgresql(
    app_config, tmp_path, sqlite_template, postgres_url
):
    source = create_app(
        {**app_config, "DATABASE_URL": fresh_sqlite(tmp_path, sqlite_template, "source.sqlite3")}
    )
    assert run(source, "demo").exit_code == 0
    backup = tmp_path / "snapshot.json.gz"
    assert run(source, "backup", str(backup)).exit_code == 0
    empty_postgres(postgres_url)
    target = create_app({**app_config, "DATABASE_URL": postgres_url})
    result = run(target, "restore", str(backup))
    assert result.exit_code == 0, result.output
    assert snapshot_rows(postgres_url) == snapshot_rows(source.config["DATABASE_URL"])
    # New rows get fresh ids after a restore: the sequences moved past the restored ones.
    client = target.test_client()
    client.post("/login", data={"email": "admin@demo.example", "password": "kompetanse-demo"})
    response = client.post(
        "/people/new",
        data={
            "name": "Etter Gjenoppretting",
            "email": "etter@demo.example",
            "unit_id": 2,
            "position_id": 4,
            "start_date": "2026-12-01",
            "employment_percent": 100,
            "access": "employee",
        },
    )
    assert response.status_code == 302
    for app in (source, target):
        app.extensions["portal.engine"].dispose()


def test_restore_refuses_a_database_with_data(demo_app, tmp_path):
    backup = tmp_path / "snapshot.json"
    run(demo_app, "backup", str(backup))
    result = run(demo_app, "restore", str(backup))
    assert result.exit_code != 0
    assert "not empty" in result.output


@pytest.mark.parametrize("content", [b"not json", b'{"format": "other"}', b"\x1f\x8bbroken"])
def test_restore_refuses_what_is_not_a_snapshot(app, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = run(app, "restore", str(path))
    assert result.exit_code != 0
    assert "snapshot" in result.output


def test_restore_refuses_another_schema_revision(demo_app, tmp_path, sqlite_template):
    backup = tmp_path / "snapshot.json"
    run(demo_app, "backup", str(backup))
    data = json.loads(backup.read_text())
    data["revision"] = "0000older"
    backup.write_text(json.dumps(data))
    target = create_app(
        {"DATABASE_URL": fresh_sqlite(tmp_path, sqlite_template), "SECRET_KEY": TEST_SECRET}
    )
    result = run(target, "restore", str(backup))
    assert result.exit_code != 0
    assert "portal db upgrade" in result.output
    target.extensions["portal.engine"].dispose()
