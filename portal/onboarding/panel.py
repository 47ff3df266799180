"""The start-page panel: my own plan, sign-offs waiting for me, and for a lead the new hires
who are behind schedule."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from portal.authz import has_access
from portal.clock import today
from portal.db import get_session
from portal.onboarding import queries
from portal.org.scope import scope_of


def onboarding_panel(user) -> Markup | None:
    found = queries.for_panel(
        get_session(), user, scope_of(user), today(), is_lead=has_access(user, "lead")
    )
    my_view = found.mine if found.mine and not found.mine.progress.is_finished else None
    waiting = found.waiting
    behind = [v for v in found.new_hires if v.progress.overdue]
    if my_view is None and not waiting and not behind:
        return None
    return Markup(
        render_template("onboarding/_panel.html", mine=my_view, waiting=waiting, behind=behind)
    )
