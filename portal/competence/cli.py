"""``portal standings check`` and ``portal standings rebuild``."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from portal.competence import obligations, standings, unit_counts
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
        duties = [] if wrong else obligations.check(session)
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
        duties = obligations.rebuild(session)
        if mended or duties:
            # Mended by statements of their own: every unit's kept counts are made anew.
            unit_counts.renew_all(session)
        session.commit()
    click.echo(f"{mended} standing(s) mended.")
    click.echo(f"{duties} obligation(s) mended.")
