"""Forms of the kurspott, and the field that reads Norwegian amounts into øre."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from portal.forms import PlausibleDate, choices
from portal.funds.money import AmountError, Problem, format_kroner_input, parse_kroner

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


class ApplicationForm(FlaskForm):
    title = StringField(
        _l("Kurs eller utdanning"),
        validators=[DataRequired(_l("Skriv inn navnet på kurset.")), Length(max=200)],
    )
    provider = StringField(
        _l("Arrangør"),
        validators=[DataRequired(_l("Skriv inn hvem som holder kurset.")), Length(max=200)],
    )
    start_date = DateField(
        _l("Første dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
    end_date = DateField(
        _l("Siste dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
    fee = KronerField(_l("Kursavgift (kr)"), validators=[amount_required])
    travel = KronerField(_l("Reise (kr)"))
    accommodation = KronerField(_l("Overnatting (kr)"))
    justification = TextAreaField(
        _l("Begrunnelse"),
        validators=[DataRequired(_l("Skriv hvorfor du trenger kurset.")), Length(max=4000)],
    )
    need_id = SelectField(_l("Opplæringsbehov søknaden svarer på"), coerce=int, default=0)
    competence_id = SelectField(_l("Kompetanse kurset gir"), coerce=int, default=0)

    def validate_end_date(self, field) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(_l("Siste dag kan ikke være før første dag."))

    def validate_fee(self, field) -> None:
        total = sum(f.data or 0 for f in (self.fee, self.travel, self.accommodation))
        if field.data is not None and total == 0:
            raise ValidationError(_l("Søknaden må gjelde et beløp større enn 0 kr."))


DECISION_CHOICES = [
    ("full", _l("Innvilg i sin helhet")),
    ("partial", _l("Innvilg delvis")),
    ("reject", _l("Avslå")),
]


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Avgjørelse"),
        choices=choices(DECISION_CHOICES),
        validators=[InputRequired(_l("Velg en avgjørelse."))],
    )
    amount = KronerField(_l("Innvilget beløp ved delvis innvilgelse (kr)"))
    reason = TextAreaField(
        _l("Begrunnelse"),
        validators=[DataRequired(_l("Skriv en begrunnelse; søkeren får den.")), Length(max=4000)],
    )

    def validate_amount(self, field) -> None:
        if self.decision.data == "partial" and field.data is None and not field.errors:
            raise ValidationError(_l("Skriv inn beløpet som innvilges."))


class CostForm(FlaskForm):
    spent = KronerField(_l("Faktisk kostnad (kr)"), validators=[amount_required])


class BudgetForm(FlaskForm):
    year = IntegerField(
        _l("År"),
        validators=[
            InputRequired(_l("Oppgi året.")),
            NumberRange(2000, 2100, _l("Oppgi et gyldig år.")),
        ],
    )
    amount = KronerField(_l("Kurspott (kr)"), validators=[amount_required])


class EmptyForm(FlaskForm):
    """A button with nothing but the CSRF token."""
