"""``portal people sync FILE.csv [--dry-run] [--allow-mass-leave]``: the HR sync."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from portal.clock import today
from portal.db import new_session
from portal.org import importer, sync


@click.group("people", help="People from the HR system.")
def people_group() -> None:
    pass


def max_leave_percent() -> float:
    return float(current_app.config["SYNC_MAX_LEAVE_PERCENT"])


@people_group.command(
    "sync", help="Sync the whole current staff from an HR system's CSV (see the README)."
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing.")
@click.option(
    "--allow-mass-leave",
    is_flag=True,
    help="Deactivate more than SYNC_MAX_LEAVE_PERCENT of the active staff if the file says so.",
)
@with_appcontext
def people_sync(file: Path, dry_run: bool, allow_mass_leave: bool) -> None:
    """Messages are in the portal's default language, as the interface's."""
    with file.open("rb") as raw:
        refused = importer.refusal(file.stat().st_size, raw.read(8))
    if refused:
        raise click.ClickException(f"{file}: {refused}")
    limit = max_leave_percent()
    with new_session() as session, file.open(encoding="utf-8", newline="") as lines:
        try:
            plan, applied = sync.sync(
                session,
                actor_id=None,
                text=lines,
                today=today(),
                max_leave_percent=limit,
                dry_run=dry_run,
                allow_mass_leave=allow_mass_leave,
            )
        except UnicodeDecodeError:
            raise click.ClickException(f"{file}: {_('Filen må være tekst i UTF-8.')}") from None
        if plan.errors:
            for error in plan.errors:
                click.echo(error, err=True)
            click.echo(_("%(count)d feil; ingenting er endret.", count=len(plan.errors)), err=True)
            sys.exit(1)
        for line in plan.lines():
            click.echo(line)
        click.echo(summary(plan))
        if plan.leaves_too_many(limit) and not allow_mass_leave:
            click.echo(mass_leave_refusal(plan, limit), err=True)
            if not dry_run:
                sys.exit(1)
        if applied:
            session.commit()
            click.echo(_("Synkroniseringen er utført."))
        else:
            click.echo(_("Prøvekjøring: ingenting er endret."))


def summary(plan: sync.Plan) -> str:
    return _(
        "%(new)d nye, %(changed)d endret, %(deactivated)d deaktiveres av %(active)d aktive.",
        new=len(plan.new),
        changed=len(plan.changed),
        deactivated=len(plan.deactivated),
        active=plan.active_before,
    )


def mass_leave_refusal(plan: sync.Plan, limit: float) -> str:
    return _(
        "Filen ville deaktivere %(share)d %% av de aktive, mer enn grensen på %(limit)s %%; "
        "ingenting er endret. Bruk --allow-mass-leave om det er riktig.",
        share=plan.leave_percent,
        limit=f"{limit:g}",
    )
