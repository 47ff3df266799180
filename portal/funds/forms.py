"""Forms of the kurspott, and the field that reads Norwegian amounts into øre."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from portal.forms import KronerField, PlausibleDate, amount_required, choices


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
