"""The interface names of item kinds, responsible roles and item states."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.onboarding.rules import ItemState

KIND_LABELS = {
    "course": _l("Kurs"),
    "acknowledgement": _l("Bekreftelse"),
    "signoff": _l("Praktisk, kvitteres ut"),
}
ROLE_LABELS = {"lead": _l("Leder"), "mentor": _l("Fadder"), "it": _l("IT-kontakt")}
STATE_LABELS = {
    ItemState.DONE: _l("Gjort"),
    ItemState.OVERDUE: _l("Forfalt"),
    ItemState.OPEN: _l("Ikke gjort"),
    ItemState.DROPPED: _l("Tatt ut"),
}
