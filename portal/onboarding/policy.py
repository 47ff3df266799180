"""Who may do what with onboarding templates and checklists: pure predicates over the user,
the objects and the user's :class:`~portal.authz.Scope`.

A lead edits only the templates of their own units (a unit's template applies to the unit and
those below it); the organisation-wide template of a position is the administrator's.
"""

from __future__ import annotations

from typing import Any

from portal import clock
from portal.authz import Scope
from portal.onboarding.models import Checklist, ChecklistItem, OnboardingTemplate
from portal.onboarding.rules import Signer, may_sign_off
from portal.org.policy import lead_may_manage


def can_edit_template(user: Any, template: OnboardingTemplate, scope: Scope) -> bool:
    return can_edit_template_for(user, template.unit_id, scope)


def can_view_template(user: Any, template: OnboardingTemplate, scope: Scope) -> bool:
    """Organisation-wide templates are for every lead to see; a unit's own only for its
    leads (and those above) and administrators."""
    return user.is_admin or template.unit_id is None or scope.covers(template.unit_id)


def can_edit_template_for(user: Any, unit_id: int | None, scope: Scope) -> bool:
    if user.is_admin:
        return True
    return user.is_lead and unit_id is not None and scope.covers(unit_id)


def covers_checklist(checklist: Checklist, scope: Scope) -> bool:
    """Whether the checklist is in the scope's units: its job's unit while the job runs (a
    lead of the person's other job does not see it); a checklist without a job in the
    person's main unit. :func:`portal.onboarding.queries.in_units` is the same rule in SQL."""
    job = checklist.job
    if job is None:
        return scope.covers(checklist.person.unit_id)
    return job.runs_on(clock.today()) and scope.covers(job.unit_id)


def can_manage_checklist(user: Any, checklist: Checklist, scope: Scope) -> bool:
    """Leads of the checklist's job's unit and administrators add and drop items and assign
    helpers (as for people: not on their own, an administrator's or their lead's)."""
    if user.is_admin:
        return True
    return lead_may_manage(user, checklist.person) and covers_checklist(checklist, scope)


def can_view_checklist(user: Any, checklist: Checklist, scope: Scope) -> bool:
    return user.id in (
        checklist.person_id,
        checklist.mentor_id,
        checklist.it_contact_id,
    ) or can_manage_checklist(user, checklist, scope)


def signer(user: Any, checklist: Checklist, scope: Scope) -> Signer:
    return Signer(
        person_id=user.id,
        is_admin=user.is_admin,
        leads_the_hire=user.is_lead and covers_checklist(checklist, scope),
    )


def can_confirm(user: Any, item: ChecklistItem, scope: Scope) -> bool:
    """The new hire confirms an acknowledgement; the responsible person signs a sign-off."""
    checklist = item.checklist
    if item.kind == "acknowledgement":
        return user.id == checklist.person_id
    if item.kind == "signoff":
        return may_sign_off(
            item.responsible_role,
            signer(user, checklist, scope),
            mentor_id=checklist.mentor_id,
            it_contact_id=checklist.it_contact_id,
        )
    return False  # a course item ticks itself


def can_undo(user: Any, item: ChecklistItem, scope: Scope) -> bool:
    """Whoever may confirm an item may undo it, and so may the new hire's lead."""
    return can_confirm(user, item, scope) or can_manage_checklist(user, item.checklist, scope)


def can_sign_on_behalf(user: Any, item: ChecklistItem, scope: Scope) -> bool:
    """A lead of the new hire (or an administrator) may sign off a sign-off item that is the
    mentor's or the IT contact's, giving a reason. Acknowledgements stay the new hire's own:
    nobody confirms having read a text for someone else."""
    return (
        item.kind == "signoff"
        and not can_confirm(user, item, scope)
        and can_manage_checklist(user, item.checklist, scope)
    )


def responsible_person(item: ChecklistItem) -> Any | None:
    """Who must act on an item: the new hire for a course or an acknowledgement, the mentor or
    IT contact for theirs; None for a lead's item or a helper not yet assigned."""
    checklist = item.checklist
    if item.kind in ("course", "acknowledgement"):
        return checklist.person
    return {"mentor": checklist.mentor, "it": checklist.it_contact}.get(item.responsible_role or "")


def can_remind(user: Any, item: ChecklistItem, scope: Scope) -> bool:
    """A lead of the new hire (or an administrator) reminds the responsible person, if that is
    someone else who is still here."""
    person = responsible_person(item)
    return (
        person is not None
        and person.id != user.id
        and person.is_active
        and not item.is_dropped
        and can_manage_checklist(user, item.checklist, scope)
    )
