"""The start-page panel: how far my own plans (one per job) have come and what of them is
overdue, and for a lead the new hires who are behind schedule, and those who still lack a
mentor or an IT contact, with the form to assign one right there. What to do next (my items,
the sign-offs waiting for me) is in the start page's one list (:mod:`portal.onboarding.todo`)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup

from portal.clock import today
from portal.db import get_session
from portal.onboarding import queries
from portal.onboarding.forms import MissingHelpersForm
from portal.onboarding.todo import for_panel
from portal.org.scope import scope_of


@dataclass(frozen=True)
class Unassigned:
    """A new hire without a mentor or an IT contact, and the form to assign them."""

    view: queries.ChecklistView
    form: MissingHelpersForm


def onboarding_panel(user) -> Markup | None:
    db, scope = get_session(), scope_of(user)
    found = for_panel(user, today())
    mine = [v for v in found.mine if not v.progress.is_finished]
    behind = [v for v in found.new_hires if v.progress.overdue]
    lacking = [
        v
        for v in found.new_hires
        if (v.checklist.mentor_id is None or v.checklist.it_contact_id is None)
        and not v.progress.is_finished
    ]
    # One query for the people to choose from, whatever the number of new hires; only a
    # lead of units gets the banners (an administrator assigns on the checklist's page).
    people = queries.helper_candidates_in(db, scope) if lacking else []
    unassigned = [
        Unassigned(
            view=v,
            form=MissingHelpersForm(prefix=f"hire{v.checklist.id}", formdata=None).with_people(
                [p for p in people if p.id != v.checklist.person_id]
            ),
        )
        for v in lacking
        if people
    ]
    if not mine and not behind and not unassigned:
        return None
    return Markup(
        render_template(
            "onboarding/_panel.html",
            mine=mine,
            behind=behind,
            unassigned=unassigned,
        )
    )
