"""The gap report's filters: read from the query string, so a filtered view is a link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from portal.competence.gaps import Status
from portal.forms import choices
from portal.reports.matrix import SORTS

STATUS_LABELS = {
    Status.OK: _l("OK"),
    Status.EXPIRING: _l("Utløper snart"),
    Status.EXPIRED: _l("Utløpt"),
    Status.MISSING: _l("Mangler"),
    Status.NOT_DUE: _l("Ikke forfalt"),
}
SORT_LABELS = {
    "name": _l("Navn"),
    "unit": _l("Enhet"),
    "position": _l("Stilling"),
    "gaps": _l("Antall mangler"),
}


class GapFilterForm(FlaskForm):
    class Meta:
        csrf = False

    unit = SelectField(_l("Enhet"), default="")
    position = SelectField(_l("Stilling"), default="")
    status = SelectField(
        _l("Status"),
        default="",
        choices=choices(
            [("", _l("Alle")), *((s.value, label) for s, label in STATUS_LABELS.items())]
        ),
    )
    competence = SelectField(_l("Kompetanse"), default="")
    sort = SelectField(
        _l("Sorter etter"),
        default="name",
        choices=choices((key, SORT_LABELS[key]) for key in SORTS),
    )
    order = SelectField(
        _l("Rekkefølge"),
        default="asc",
        choices=choices([("asc", _l("Stigende")), ("desc", _l("Synkende"))]),
    )

    def set_choices(self, units, positions, competences) -> GapFilterForm:
        everything = ("", _l("Alle"))
        self.unit.choices = choices([everything, *((str(u.id), u.name) for u in units)])
        self.position.choices = choices([everything, *((str(p.id), p.name) for p in positions)])
        self.competence.choices = choices([everything, *((str(c.id), c.name) for c in competences)])
        return self

    def clean(self) -> None:
        """Validate; a field with a value not on offer falls back to its default."""
        if not self.validate():
            for name in self.errors:
                self[name].data = self[name].default

    def as_args(self) -> dict[str, str]:
        """The non-default filters, for links that keep them."""
        return {f.name: f.data for f in self if f.data and f.data != f.default}
