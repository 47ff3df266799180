"""How dates, times and amounts are shown: one place, for pages, PDFs, mail and exports.

Dates are written in Norwegian form (22.11.2026) in both languages; a stored UTC time is shown in
Norwegian local time; money is whole øre, shown as kroner.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext

OSLO = ZoneInfo("Europe/Oslo")


def format_date(value: date | None, empty: str = "") -> str:
    """22.11.2026; ``empty`` where there is no date."""
    return value.strftime("%d.%m.%Y") if value else empty


def due_in_words(due: date, today: date) -> str:
    """How far off a due date is, in words: «om 5 dager», «i morgen», «i dag», «1 dag på
    overtid», «3 dager på overtid». ``due`` is the last day that is not overdue."""
    left = (due - today).days
    if left == 0:
        return _("i dag")
    if left == 1:
        return _("i morgen")
    if left > 0:
        return ngettext("om %(num)d dag", "om %(num)d dager", left)
    return ngettext("%(num)d dag på overtid", "%(num)d dager på overtid", -left)


def format_datetime(value: datetime | None) -> str:
    """A stored UTC time shown in Norwegian local time: 22.11.2026 14:05."""
    return value.astimezone(OSLO).strftime("%d.%m.%Y %H:%M") if value else ""


def format_time(value: datetime) -> str:
    """A stored UTC time of day in Norwegian local time: 14:05."""
    return value.astimezone(OSLO).strftime("%H:%M")


def format_kroner(ore: int | None) -> str:
    """An amount in øre as kroner: 123456 → '1 234,56 kr'; whole kroner without decimals."""
    if ore is None:
        return ""
    sign, ore = ("−" if ore < 0 else ""), abs(ore)
    kroner = f"{ore // 100:,}".replace(",", "\u00a0")
    return f"{sign}{kroner},{ore % 100:02d}\u00a0kr" if ore % 100 else f"{sign}{kroner}\u00a0kr"
