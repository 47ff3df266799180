"""The audit log's filters, read from the query string so that a filtered log is a link.

Every value is checked here, with a message in words for each mistake; a view that finds
any shows them and lists nothing, rather than guessing what was meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from portal.audit.labels import ACTIONS, OBJECT_KINDS, REFERRED_ONLY
from portal.dates import EARLIEST, LATEST
from portal.forms import choices

ROLES = {
    "": _l("utførte eller gjaldt hendelsen"),
    "actor": _l("utførte hendelsen"),
    "subject": _l("hendelsen gjaldt"),
}
PERSON_MAX = 200
#: The kinds of object events are done to, for the kind filter.
KINDS = {kind: label for kind, label in OBJECT_KINDS.items() if kind not in REFERRED_ONLY}


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to; empty text and None mean no narrowing."""

    person: str = ""
    role: str = ""
    kind: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person = StringField(_l("Person (navn eller e-post)"), default="")
    role = SelectField(_l("Personen"), default="", validate_choice=False)
    kind = SelectField(_l("Type objekt"), default="", validate_choice=False)
    action = SelectField(_l("Handling"), default="", validate_choice=False)
    since = StringField(_l("Fra og med dato"), default="", render_kw={"type": "date"})
    until = StringField(_l("Til og med dato"), default="", render_kw={"type": "date"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _l("Alle"))
        self.role.choices = choices(ROLES.items())
        kinds = sorted(KINDS.items(), key=lambda item: str(item[1]))
        self.kind.choices = choices([everything, *kinds])
        actions = sorted(ACTIONS.items(), key=lambda item: str(item[1]))
        self.action.choices = choices([everything, *actions])

    def filters(self) -> Filters | None:
        """The filters asked for, or None (with each field's errors set) if any is wrong."""
        person = (self.person.data or "").strip()
        if len(person) > PERSON_MAX:
            self.person.errors = [_("Skriv høyst %(count)d tegn.", count=PERSON_MAX)]
        self._choice(self.role, ROLES, _("Velg hvem personen var i hendelsen fra listen."))
        self._choice(self.kind, KINDS, _("Velg en type objekt fra listen."))
        self._choice(self.action, ACTIONS, _("Velg en handling fra listen."))
        since, until = self._date(self.since), self._date(self.until)
        if since and until and since > until:
            self.until.errors = [_("Til-datoen kan ikke være før fra-datoen.")]
        if any(field.errors for field in self):
            return None
        return Filters(
            person=person,
            role=self.role.data or "",
            kind=self.kind.data or "",
            action=self.action.data or "",
            since=since,
            until=until,
        )

    def as_args(self) -> dict[str, str]:
        """The filters that narrow the log, for links that keep them (paging, CSV)."""
        return {field.name: field.data for field in self if field.data}

    @staticmethod
    def _choice(field, allowed, message: str) -> None:
        field.data = field.data or ""
        if field.data and field.data not in allowed:
            field.errors = [message]

    @staticmethod
    def _date(field) -> date | None:
        text = (field.data or "").strip()
        field.data = text
        if not text:
            return None
        day = parse_day(text)
        if day is None:
            field.errors = [_("Skriv datoen som dd.mm.åååå, for eksempel 22.11.2026.")]
        elif not EARLIEST <= day <= LATEST:
            field.errors = [_("Oppgi en dato mellom 1900 og 2100.")]
            return None
        return day


def parse_day(text: str) -> date | None:
    """A date as a browser's date field sends it (2026-11-22) or as it is written in Norway
    (22.11.2026); None if it is neither."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
