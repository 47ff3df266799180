"""Expiry reminders for ``portal reminders send``: one mail per record and state to the
person, and a digest to each lead of what expires or has expired in their units.

Keys: ``competence:record:<id>:expiring`` and ``competence:record:<id>:expired`` (a renewal is
a new record, so it is reminded afresh), ``competence:digest:<lead>:<hash of contents>`` (a lead
hears again only when the list changes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.authz import Scope, subtree_ids
from portal.competence.gaps import Status
from portal.formatting import format_date
from portal.notify.messages import N_, Message
from portal.notify.reminders import Reminder
from portal.org.models import Person
from portal.org.queries import person_languages
from portal.org.scope import leads_of_units, unit_edges
from portal.reports import queries

REMINDED = (Status.EXPIRING, Status.EXPIRED)


def due(session: Session, today: date, window: timedelta) -> Iterator[Reminder]:
    """Every expiry reminder due today, sent before or not (the caller drops those sent)."""
    matrix = queries.build(
        session, Scope(True, frozenset()), queries.Filters(), today, window, with_coverage=False
    )
    names = {column.competence_id: column.name for column in matrix.columns}
    found = []  # (row, key, what expires or expired, and when)
    for row in matrix.rows:
        for competence_id, cell in row.cells.items():
            if cell.status not in REMINDED or cell.record_id is None:
                continue
            assert cell.held is not None  # the gap rule gives these statuses to held records only
            params = {"competence": names[competence_id], "date": format_date(cell.held.expires_on)}
            found.append(
                (
                    row,
                    cell.unit_ids,
                    f"competence:record:{cell.record_id}:{cell.status.value}",
                    cell.status,
                    params,
                )
            )
    languages = person_languages(session, {row.person_id for row, *_rest in found})
    items = []  # (the units that require it, key, name, the digest's line)
    for row, units, key, status, params in found:
        expiring = status == Status.EXPIRING
        what = Message(
            N_("%(competence)s utløper %(date)s")
            if expiring
            else N_("%(competence)s utløp %(date)s"),
            params,
        )
        yield Reminder(
            key,
            row.person_id,
            row.email,
            what,
            Message(
                N_(
                    "Hei %(name)s,\n\n%(subject)s. Forny kompetansen, eller send inn "
                    "dokumentasjon på at den er fornyet, i Kompetanseportalen."
                ),
                {"name": row.name, "subject": what},
            ),
            languages.get(row.person_id),
        )
        line = Message(
            N_("%(name)s: %(competence)s utløper %(date)s")
            if expiring
            else N_("%(name)s: %(competence)s utløp %(date)s"),
            {"name": row.name, **params},
        )
        items.append((units, key, row.name, line))
    yield from _digests(session, items, today)


def _digests(
    session: Session, items: list[tuple[set[int], str, str, Message]], today: date
) -> Iterator[Reminder]:
    if not items:
        return
    edges = unit_edges(session)
    led_by = leads_of_units(session, today)
    led: dict[tuple[int, str, str, str | None], set[int]] = {}
    if led_by:
        for person_id, email, name, language in session.execute(
            select(Person.id, Person.email, Person.name, Person.language)
            .where(Person.id.in_(led_by))
            .order_by(Person.id)
        ):
            led[(person_id, email, name, language)] = led_by[person_id]
    for (lead_id, email, name, language), roots in led.items():
        units = subtree_ids(edges, roots)
        mine = sorted(
            (
                (person, key, line)
                for required_in, key, person, line in items
                if required_in & units
            ),
            key=lambda item: (item[0], str(item[2].params["competence"]), item[1]),
        )
        if not mine:
            continue
        digest = hashlib.sha256("\n".join(key for _p, key, _l in mine).encode()).hexdigest()[:16]
        yield Reminder(
            f"competence:digest:{lead_id}:{digest}",
            lead_id,
            email,
            Message(
                N_("Kompetanse som utløper eller er utløpt i enhetene dine (%(count)d)"),
                {"count": len(mine)},
            ),
            Message(
                N_(
                    "Hei %(name)s,\n\nDette utløper snart eller er utløpt:\n\n%(lines)s\n\n"
                    "Se hele oversikten i gaprapporten i Kompetanseportalen."
                ),
                {"name": name, "lines": tuple(line for _p, _k, line in mine)},
            ),
            language,
        )
