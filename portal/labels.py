"""The words and signs for statuses, one vocabulary for every page, export and message.

Keys are the status codes (``portal.competence.gaps.Status`` values and record states), so
this module needs nothing above the core. A status is never told by colour alone: each has a
sign as well as a word.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: The gap status of one person for one requirement: (sign, word).
GAP_STATUS = {
    "ok": ("✓", _l("OK")),
    "expiring": ("!", _l("Utløper snart")),
    "expired": ("✗", _l("Utløpt")),
    "missing": ("✗", _l("Mangler")),
    "not_due": ("…", _l("Ikke forfalt")),
}

#: A recommended competence not held (or no longer valid): worth doing, never a breach.
RECOMMENDED_GAP = {
    "missing": ("○", _l("Anbefalt, ikke tatt")),
    "expired": ("○", _l("Anbefalt, utløpt")),
}

#: A requirement not met now for which the person has sent evidence that waits for review: it
#: shows instead of the gap status until the lead decides, so the person is not asked twice.
PENDING = ("◷", _l("Venter på godkjenning"))

#: What became of evidence an employee sent in.
SUBMISSION_STATE = {
    "pending": PENDING[1],
    "approved": _l("Godkjent"),
    "rejected": _l("Avvist"),
}

#: Where a record stands in a person's history.
RECORD_STATE = {
    "current": _l("Gjelder"),
    "superseded": _l("Erstattet av en nyere registrering"),
    "void": _l("Ugyldig"),
    "other": _l("Eldre registrering"),
}


def gap_status_word(status: str) -> str:
    return str(GAP_STATUS[status][1])


#: Where hours toward the career ladder came from, by the source of the record that carries them.
CREDIT_SOURCE = {
    "course": _l("Kurs i portalen"),
    "session": _l("Kurs og samling"),
    "external": _l("Eksternt kurs eller bevis"),
    "document": _l("Bekreftet dokument"),
    "signoff": _l("Utkvittering"),
    "import": _l("Import"),
    "correction": _l("Rettelse"),
}
