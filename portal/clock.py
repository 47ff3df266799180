"""Today's date and the expiring window, read in one place so tests can pin them."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_app_context


def today() -> date:
    """Today, or the ``TODAY`` setting (a date) where a test or a demo pins it (outside an
    application, as in a script's writes: today)."""
    pinned = current_app.config.get("TODAY") if has_app_context() else None
    return pinned or date.today()


def expiring_window() -> timedelta:
    return timedelta(days=current_app.config["EXPIRING_WINDOW_DAYS"])
