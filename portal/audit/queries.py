"""Reading the audit log: the events a filter asks for, and each as people read it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.orm import Session

from portal.audit import names as object_names
from portal.audit.describe import Change, changes, referred_ids
from portal.audit.forms import Filters
from portal.audit.labels import action_label, kind_label
from portal.audit.models import AuditEvent
from portal.audit.names import Named
from portal.formatting import OSLO


@dataclass(frozen=True)
class Entry:
    """One event in words: who did what to which object, and what changed."""

    event: AuditEvent
    actor: Named | None
    on_behalf_of: Named | None
    action: str
    kind: str
    object: Named
    changes: list[Change]


def events_query(filters: Filters) -> Select:
    """The events ``filters`` ask for, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.created_dt.desc(), AuditEvent.id.desc())
    if filters.person:
        people = object_names.people_search(filters.person)
        if people is None:
            query = query.where(false())
        else:
            by, about = AuditEvent.actor_id.in_(people), AuditEvent.subject_id.in_(people)
            parts = {"actor": by, "subject": about}
            query = query.where(parts.get(filters.role, or_(by, about)))
    if filters.kind:
        query = query.where(AuditEvent.object_type == filters.kind)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.since:
        query = query.where(AuditEvent.created_dt >= start_of(filters.since))
    if filters.until:
        query = query.where(AuditEvent.created_dt < start_of(filters.until + timedelta(days=1)))
    return query


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in Norway: the log's days are Norwegian days."""
    return datetime.combine(day, time(), OSLO)


def page(
    session: Session, query: Select, number: int, per_page: int
) -> tuple[list[AuditEvent], int]:
    """Page ``number`` of ``query`` and how many events the whole query has."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    events = list(session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    return events, total or 0


def entries(session: Session, events: Iterable[AuditEvent]) -> list[Entry]:
    """``events`` in words, their objects, people and references named in one query per kind
    of object among them."""
    events = list(events)
    wanted: list[tuple[str, object]] = []
    for event in events:
        if event.actor_id is not None:
            wanted.append(("Person", event.actor_id))
        if event.on_behalf_of is not None:
            wanted.append(("Person", event.on_behalf_of))
        wanted.append((event.object_type, event.object_id))
        wanted.extend(referred_ids(event.details))
    found = object_names.resolve(session, wanted)
    return [_entry(event, found) for event in events]


def _entry(event: AuditEvent, found: dict[tuple[str, int], Named]) -> Entry:
    actor = None
    if event.actor_id is not None:
        actor = found.get(("Person", event.actor_id), Named(f"#{event.actor_id}"))
    lead = None
    if event.on_behalf_of is not None:
        lead = found.get(("Person", event.on_behalf_of), Named(f"#{event.on_behalf_of}"))
    number = object_names.as_id(event.object_id)
    named = found.get((event.object_type, number)) if number is not None else None
    return Entry(
        event=event,
        actor=actor,
        on_behalf_of=lead,
        action=action_label(event.action),
        kind=kind_label(event.object_type),
        object=named or _unnamed(event),
        changes=changes(event.details, found),
    )


def _unnamed(event: AuditEvent) -> Named:
    """An object no longer there (a removed requirement, a deleted template): by the title
    or short name its event kept, if any, else by its number."""
    details = event.details if isinstance(event.details, dict) else {}
    for key in ("title", "slug", "name"):
        if isinstance(details.get(key), str) and details[key]:
            return Named(details[key])
    return Named(f"#{event.object_id}")
