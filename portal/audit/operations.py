"""Recording audit events, in the caller's transaction so that the event and the change it
describes are committed, or rolled back, together."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from portal.audit.models import AuditEvent

logger = logging.getLogger(__name__)

ON_BEHALF = "portal.audit.on_behalf"
"""Where a session keeps, while its user stands in for a lead, the function that names the lead
an act is done for: ``(actor_id, obj, subject_id) -> lead id or None`` (see org's scope)."""


def record(
    session: Session, *, actor_id: int | None, action: str, obj: Any, **details: Any
) -> AuditEvent:
    """Add an audit event: ``actor_id`` did ``action`` to ``obj`` (any mapped object with an id).

    ``details`` must be JSON-serialisable: pass ids, codes and dates as ISO strings.
    """
    session.flush()  # obj gets its id before we refer to it
    subject_id = subject_of(obj, details)
    on_behalf = session.info.get(ON_BEHALF)
    event = AuditEvent(
        actor_id=actor_id,
        on_behalf_of=on_behalf(actor_id, obj, subject_id) if on_behalf else None,
        subject_id=subject_id,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.id),
        details=details,
    )
    session.add(event)
    logger.info("audit: %s by %s on %s %s", action, actor_id, event.object_type, event.object_id)
    return event


def subject_of(obj: Any, details: dict[str, Any]) -> int | None:
    """The person an event on ``obj`` is about: the person itself, the one the object belongs
    to (a record, a seat, an application, a checklist and its items), or the ``person_id`` the
    details name; None for what belongs to no one (a course, a budget, a template)."""
    if type(obj).__name__ == "Person":
        return obj.id
    person_id = getattr(obj, "person_id", None)
    if person_id is None:
        person_id = getattr(getattr(obj, "checklist", None), "person_id", None)
    if person_id is None:
        person_id = details.get("person_id")
    return person_id if isinstance(person_id, int) else None
