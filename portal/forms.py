"""Helpers shared by the features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.clock import today
from portal.dates import EARLIEST, LATEST


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Options for a SelectField from ``(value, label)`` pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class PlausibleDate:
    """A date the portal can reckon with: from 1900 through 2100 and, for something that has
    happened (a course achieved), not after today."""

    def __init__(self, *, not_after_today: bool = False) -> None:
        self.not_after_today = not_after_today

    def __call__(self, form: Any, field: Any) -> None:
        if field.data is None:
            return
        if not EARLIEST <= field.data <= LATEST:
            raise ValidationError(_("Oppgi en dato mellom 1900 og 2100."))
        if self.not_after_today and field.data > today():
            raise ValidationError(_("Datoen kan ikke være senere enn i dag."))
