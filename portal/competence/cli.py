"""``portal standings check`` and ``rebuild``; ``portal records import``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.clock import expiring_window, today
from portal.competence import obligations, record_import, standings, unit_counts
from portal.db import new_session


@click.group("standings", help="The kept standings: the record that counts per person.")
def standings_group() -> None:
    pass


@standings_group.command("check", help="Compare the kept standings with the records.")
@with_appcontext
def standings_check() -> None:
    with new_session() as session:
        wrong = standings.check(session)
        # Obligations are read from the standings: only worth comparing once those agree.
        duties = [] if wrong else obligations.check(session, today())
    for disagreement in [*wrong, *duties]:
        click.echo(str(disagreement))
    if wrong:
        click.echo(f"{len(wrong)} standing(s) disagree with the records.", err=True)
        sys.exit(1)
    if duties:
        click.echo(
            f"{len(duties)} obligation(s) disagree with people, requirements and standings.",
            err=True,
        )
        sys.exit(1)
    click.echo("ok: every standing agrees with the records, every obligation with them.")


@standings_group.command("rebuild", help="Mend every standing that disagrees, in one go.")
@with_appcontext
def standings_rebuild() -> None:
    with new_session() as session:
        mended = standings.rebuild(session)
        # Obligations carry the standings' dates: mended after them, from them.
        duties = obligations.rebuild(session, today())
        if mended or duties:
            # Mended by statements of their own: every unit's kept counts are made anew.
            unit_counts.renew_all(session)
        session.commit()
    click.echo(f"{mended} standing(s) mended.")
    click.echo(f"{duties} obligation(s) mended.")


@click.group("records", help="Competence records.")
def records_group() -> None:
    pass


@records_group.command(
    "import", help="Import old records from a CSV file (see the README); all or nothing."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; import nothing.")
@with_appcontext
def records_import(file: Path, dry_run: bool) -> None:
    """Messages are in the portal's default language, as the interface's."""
    with file.open("rb") as raw:
        refused = record_import.refusal(file.stat().st_size, raw.read(8))
    if refused:
        raise click.ClickException(f"{file}: {refused}")
    with new_session() as session, file.open(encoding="utf-8", newline="") as lines:
        try:
            result = record_import.import_records(
                session,
                actor_id=None,
                text=lines,
                filename=file.name,
                today=today(),
                window=expiring_window(),
                dry_run=dry_run,
            )
        except UnicodeDecodeError:
            raise click.ClickException(f"{file}: {record_import.not_text()}") from None
        if result.errors:
            for error in result.errors:
                click.echo(error, err=True)
            click.echo(
                _("%(count)d feil; ingenting er importert.", count=len(result.errors)), err=True
            )
            sys.exit(1)
        if not dry_run:
            session.commit()
    click.echo(summary(result, dry_run))


def summary(result: record_import.Result, dry_run: bool) -> str:
    if dry_run:
        return _(
            "%(count)d registreringer kan importeres, %(duplicates)d finnes fra før og hoppes "
            "over (prøvekjøring, ingenting er lagret).",
            count=len(result.rows),
            duplicates=result.duplicates,
        )
    return _(
        "%(count)d registreringer er importert, %(duplicates)d fantes fra før og er hoppet over.",
        count=len(result.rows),
        duplicates=result.duplicates,
    )
