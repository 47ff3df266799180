"""Who may do what with onboarding templates and checklists: pure predicates over the user,
the objects and the user's :class:`~portal.authz.Scope`.

A lead edits only the templates of their own units (a unit's template applies to the unit and
those below it); the organisation-wide template of a position is the administrator's.
"""

from __future__ import annotations

from typing import Any

from portal.authz import Scope, can_manage_person
from portal.onboarding.models import Checklist, ChecklistItem, OnboardingTemplate
from portal.onboarding.rules import Signer, may_sign_off


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


def can_manage_checklist(user: Any, checklist: Checklist, scope: Scope) -> bool:
    """Leads of the new hire's unit and administrators add and drop items and assign helpers."""
    return can_manage_person(user, checklist.person, scope)


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
        leads_the_hire=user.is_lead and scope.covers(checklist.person.unit_id),
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
