"""The start-page panel: my own plan, sign-offs waiting for me, and for a lead the new hires
who are behind schedule."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.authz import has_access, scope_of
from portal.clock import today
from portal.db import get_session
from portal.onboarding import queries


def onboarding_panel(user) -> Markup | None:
    db, day, scope = get_session(), today(), scope_of(user)
    mine = queries.checklist_of(db, user.id)
    my_view = queries.view(db, mine, day) if mine else None
    if my_view is not None and my_view.progress.is_finished:
        my_view = None
    waiting = queries.awaiting_signoff(db, user, scope, day)
    behind = (
        [v for v in queries.new_hires(db, scope, day) if v.progress.overdue]
        if has_access(user, "lead")
        else []
    )
    if my_view is None and not waiting and not behind:
        return None
    return Markup(
        render_template("onboarding/_panel.html", mine=my_view, waiting=waiting, behind=behind)
    )
