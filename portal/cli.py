"""The ``portal`` command. Features add their own groups (content, reminders) to ``app.cli``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from portal.db import new_session


def main() -> None:
    from portal import create_app

    cli = FlaskGroup(
        create_app=lambda: create_app(),
        add_version_option=False,
        help="Kompetanseportalen: administration and operations.",
    )
    cli.main(prog_name="portal")


def init_app(app: Flask) -> None:
    for command in (
        db_group,
        demo_command,
        users_group,
        backup_command,
        restore_command,
        serve_command,
        reminders_group,
        check_command,
    ):
        app.cli.add_command(command)


def migrations_config():
    from alembic.config import Config

    root = Path(__file__).resolve().parent.parent / "migrations"
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("script_location", str(root))
    config.attributes["database_url"] = current_app.config["DATABASE_URL"]
    return config


@click.group("db", help="Database schema.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Apply the Alembic migrations in migrations/.")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    from alembic import command

    _ensure_sqlite_folder()
    command.upgrade(migrations_config(), revision)
    click.echo(f"Database at {revision}.")


def _ensure_sqlite_folder() -> None:
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


@click.command(
    "demo", help="Load the demo organisation and the courses; a second run changes nothing."
)
@click.option("--if-empty", is_flag=True, help="Only when the database has no people yet.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    from portal import demo
    from portal.catalog.cli import content_sync
    from portal.clock import today
    from portal.demo import documents as demo_documents

    with new_session() as session:
        # The demo's dates follow the portal's today, which a test or a showing may pin.
        outcome = demo.load(session, only_if_empty=if_empty, today=today())
        session.commit()
    click.echo(outcome)
    # The demo is there to try the portal out, and that needs the courses and documents.
    click.get_current_context().invoke(content_sync, check=False)
    with new_session() as session:
        confirmed = demo_documents.load(session, today())
        session.commit()
    if confirmed:
        click.echo(f"{confirmed} demo confirmation(s) of the declaration of confidentiality.")


@click.group("users", help="People and accounts.")
def users_group() -> None:
    pass


@users_group.command("import", help="Import people from a CSV file (see the README).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; import nothing.")
@with_appcontext
def users_import(file: Path, dry_run: bool) -> None:
    from flask_babel import force_locale

    # The command line speaks English, as CONTRACT.md writes its reports (`line N: message`);
    # the import page speaks the reader's language.
    with force_locale("en"):
        _users_import(file, dry_run)


def _users_import(file: Path, dry_run: bool) -> None:
    from portal.org.importer import too_large
    from portal.org.operations import import_people

    refused = too_large(file.stat().st_size)
    if refused:
        raise click.ClickException(f"{file}: {refused}")
    with new_session() as session, file.open(encoding="utf-8", newline="") as lines:
        try:
            result = import_people(session, actor_id=None, text=lines, dry_run=dry_run)
        except UnicodeDecodeError:
            raise click.ClickException(f"{file}: not UTF-8 text") from None
        if result.errors:
            for error in result.errors:
                click.echo(error, err=True)
            click.echo(f"{len(result.errors)} problem(s); nothing imported.", err=True)
            sys.exit(1)
        if dry_run:
            click.echo(f"{len(result.rows)} people would be imported (dry run, nothing saved).")
            return
        session.commit()
    click.echo(f"{len(result.rows)} people imported.")


@click.command("backup", help="Write a database-independent snapshot of all data to FILE.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    from portal import backup

    with new_session() as session:
        counts = backup.write(session, file)
    click.echo(f"Backed up {sum(counts.values())} rows from {len(counts)} tables to {file}.")


@click.command("restore", help="Restore a snapshot from FILE into an empty database.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    from portal import backup

    with new_session() as session:
        try:
            counts = backup.restore(session, file)
        except backup.RestoreError as error:
            raise click.ClickException(str(error)) from None
        session.commit()
    click.echo(f"Restored {sum(counts.values())} rows into {len(counts)} tables.")


@click.command(
    "check",
    help="Check that the competence history and its approvals agree: "
    "exit 1 and a line per problem, or 'ok'.",
)
@with_appcontext
def check_command() -> None:
    from portal.competence.consistency import problems

    with new_session() as session:
        found = problems(session)
    for problem in found:
        click.echo(problem)
    if found:
        sys.exit(1)
    click.echo("ok")


@click.group("reminders", help="Expiry and onboarding reminders.")
def reminders_group() -> None:
    pass


@reminders_group.command("send", help="Send the reminders that are due; never one twice.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and record nothing.")
@with_appcontext
def reminders_send(dry_run: bool) -> None:
    from portal.clock import expiring_window, today
    from portal.competence import obligations
    from portal.notify import reminders
    from portal.org.queries import active_ids

    sources = current_app.extensions.get("portal.reminder_sources", [])
    with new_session() as session:
        # A job that ended yesterday takes its requirements with it today (in a dry run too,
        # which then writes nothing).
        obligations.refresh_ended(session, today())
        pending = reminders.due(session, sources, today(), expiring_window())
        # Whatever a source gives, a person who has left is reminded of nothing.
        active = active_ids(session, (reminder.person_id for reminder in pending))
        pending = [reminder for reminder in pending if reminder.person_id in active]
        if dry_run:
            for reminder in pending:
                click.echo(f"would send to {reminder.email}: {reminder.mail().subject}")
            click.echo(f"{len(pending)} reminder(s) due (dry run, nothing sent).")
            return
        sent = reminders.send(session, pending, current_app.config, echo=click.echo)
        session.commit()
    click.echo(f"{sent} reminder(s) sent.")


@click.command(
    "serve",
    help="Serve the portal with gunicorn on PORT (default 5000), with "
    "worker processes of several threads each.",
)
@click.option(
    "--workers",
    default=lambda: os.environ.get("WEB_CONCURRENCY", "2"),
    help="Worker processes (WEB_CONCURRENCY).",
)
@click.option(
    "--threads",
    default=lambda: os.environ.get("WEB_THREADS", "4"),
    help="Threads per worker (WEB_THREADS).",
)
def serve_command(workers: str, threads: str) -> None:
    port = os.environ.get("PORT", "5000")
    host = os.environ.get("HOST", "0.0.0.0")
    # gunicorn names itself in the Server header without a version; Werkzeug's development
    # server would tell every visitor its version and Python's.
    os.execvp(
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"{host}:{port}",
            "portal.wsgi:app",
        ],
    )
