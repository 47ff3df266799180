"""The start page is built from panels that features register, most important first.

The order: what I must do myself (10), my notifications (15), my onboarding (20), then what
waits for me as a lead: decisions on applications (30), needs rounds (35), the gap dashboard
(40).

A panel is a function of the current user that returns rendered HTML, or None when it has
nothing to show that user. Features add theirs in their blueprint's ``record_once``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from markupsafe import Markup

Panel = Callable[[object], Markup | None]


def register(app: Flask, panel: Panel, order: int) -> None:
    panels = app.extensions.setdefault("portal.home_panels", [])
    panels.append((order, panel))
    panels.sort(key=lambda item: item[0])


def render_all(user: object) -> list[Markup]:
    registered = current_app.extensions.get("portal.home_panels", [])
    rendered = (panel(user) for _order, panel in registered)
    return [html for html in rendered if html]
