"""Helpers shared by the features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.clock import today
from portal.dates import EARLIEST, LATEST
from portal.money import AmountError, Problem, format_kroner_input, parse_kroner


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


AMOUNT_MESSAGES = {
    Problem.EMPTY: _l("Skriv inn et beløp i kroner."),
    Problem.NEGATIVE: _l("Beløpet kan ikke være negativt."),
    Problem.FULL_STOP: _l("Bruk komma før øre og mellomrom mellom tusener, for eksempel 1 234,50."),
    Problem.TOO_MANY_DECIMALS: _l("Høyst to sifre etter komma (øre)."),
    Problem.NOT_A_NUMBER: _l("Skriv beløpet med sifre, for eksempel 1 234,50 eller 1234."),
    Problem.TOO_LARGE: _l("Beløpet er for stort."),
}


class KronerField(StringField):
    """An amount typed in kroner (``1 234,50``); ``data`` is whole øre, or None when empty."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if self.raw.strip():
            try:
                self.data = parse_kroner(self.raw)
            except AmountError as error:
                raise ValueError(str(AMOUNT_MESSAGES[error.problem])) from error

    def _value(self) -> str:
        raw = getattr(self, "raw", None)
        return raw if raw is not None else format_kroner_input(self.data)


def amount_required(form, field) -> None:
    if not getattr(field, "raw", "").strip():
        raise ValidationError(str(AMOUNT_MESSAGES[Problem.EMPTY]))
