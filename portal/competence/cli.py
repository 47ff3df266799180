"""``portal standings check`` and ``portal standings rebuild``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from portal.competence import standings
from portal.db import new_session


@click.group("standings", help="The kept standings: the record that counts per person.")
def standings_group() -> None:
    pass


@standings_group.command("check", help="Compare the kept standings with the records.")
@with_appcontext
def standings_check() -> None:
    with new_session() as session:
        wrong = standings.check(session)
    for disagreement in wrong:
        click.echo(str(disagreement))
    if wrong:
        click.echo(f"{len(wrong)} standing(s) disagree with the records.", err=True)
        sys.exit(1)
    click.echo("ok: every standing agrees with the records.")


@standings_group.command("rebuild", help="Mend every standing that disagrees, in one go.")
@with_appcontext
def standings_rebuild() -> None:
    with new_session() as session:
        mended = standings.rebuild(session)
        session.commit()
    click.echo(f"{mended} standing(s) mended.")
