"""Helpers shared by the features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field

# SelectChoice is new in WTForms 3.3; types-WTForms does not know it yet.
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from portal.clock import today
from portal.credit import HoursError, format_hours, parse_hours
from portal.credit import Problem as HoursProblem
from portal.dates import EARLIEST, LATEST
from portal.money import AmountError, Problem, format_kroner_input, parse_kroner

T = TypeVar("T")


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


class _TypedInField(Field):
    """Text typed in a notation of its own (kroner, hours): ``data`` is what :meth:`parse`
    makes of it, or None when empty; a mistake is shown as typed, with its message."""

    widget = TextInput()
    data: int | None

    def parse(self, text: str) -> int:
        raise NotImplementedError

    def show(self, data: int | None) -> str:
        raise NotImplementedError

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if self.raw.strip():
            self.data = self.parse(self.raw)

    def _value(self) -> str:
        raw = getattr(self, "raw", None)
        return raw if raw is not None else self.show(self.data)


class KronerField(_TypedInField):
    """An amount typed in kroner (``1 234,50``); ``data`` is whole øre, or None when empty."""

    def parse(self, text: str) -> int:
        try:
            return parse_kroner(text)
        except AmountError as error:
            raise ValueError(str(AMOUNT_MESSAGES[error.problem])) from error

    def show(self, data: int | None) -> str:
        return format_kroner_input(data)


HOURS_MESSAGES = {
    HoursProblem.NOT_A_NUMBER: _l("Skriv antall timer med sifre, for eksempel 7 eller 7,5."),
    HoursProblem.NOT_HALF_HOURS: _l("Oppgi hele eller halve timer, for eksempel 7 eller 7,5."),
    HoursProblem.OUT_OF_RANGE: _l("Oppgi fra 0,5 til 1000 timer."),
}


class HoursField(_TypedInField):
    """Hours typed as ``7`` or ``7,5``; ``data`` is whole minutes, or None when empty."""

    def parse(self, text: str) -> int:
        try:
            return parse_hours(text)
        except HoursError as error:
            raise ValueError(str(HOURS_MESSAGES[error.problem])) from error

    def show(self, data: int | None) -> str:
        return format_hours(data)


def amount_required(form, field) -> None:
    if not getattr(field, "raw", "").strip():
        raise ValidationError(str(AMOUNT_MESSAGES[Problem.EMPTY]))


def validated(data: T | None) -> T:
    """The data of a field whose validators refuse an empty value (``DataRequired``,
    ``InputRequired``), read once its form has validated: it is never None then."""
    if data is None:
        raise ValueError("a required field was read before its form validated")
    return data


def add_error(field: Field, message: str) -> None:
    """Show ``message`` under ``field``, for a check the view makes after validation."""
    field.errors = [*field.errors, message]
