"""Forms for sessions: a new session with its days, booking, attendance, undo, cancelling."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.competence.forms import CreditFields
from portal.formatting import OSLO
from portal.forms import KronerField, PlausibleDate, choices

#: Days a session form offers; most sessions have one, the longest courses two or three.
DAYS = 3


class DayForm(Form):
    """One day: its date and its times in Norway; left empty, the day is not used."""

    day = DateField(_l("Dato"), validators=[Optional(), PlausibleDate()])
    starts = TimeField(_l("Fra kl."), validators=[Optional()])
    ends = TimeField(_l("Til kl."), validators=[Optional()])

    def validate_ends(self, field) -> None:
        if self.day.data is None:
            if self.starts.data or field.data:
                raise ValidationError(_l("Oppgi datoen for dagen."))
            return
        if self.starts.data is None or field.data is None:
            raise ValidationError(_l("Oppgi når dagen begynner og slutter."))
        if field.data <= self.starts.data:
            raise ValidationError(_l("Dagen må slutte etter at den begynner."))

    def span(self) -> tuple[datetime, datetime] | None:
        """The day as UTC times, or None when it is left empty."""
        if self.day.data is None or self.starts.data is None or self.ends.data is None:
            return None
        return tuple(  # type: ignore[return-value]
            datetime.combine(self.day.data, t, tzinfo=OSLO).astimezone(UTC)
            for t in (self.starts.data, self.ends.data)
        )


class SessionForm(CreditFields):
    competence_id = SelectField(
        _l("Kompetanse kurset gir"),
        coerce=int,
        validators=[InputRequired(_l("Velg en kompetanse."))],
    )
    place = StringField(
        _l("Sted"), validators=[DataRequired(_l("Skriv hvor kurset holdes.")), Length(max=200)]
    )
    days = FieldList(FormField(DayForm), min_entries=DAYS, max_entries=DAYS)
    capacity = IntegerField(
        _l("Antall plasser"),
        validators=[
            InputRequired(_l("Oppgi antall plasser.")),
            NumberRange(1, 500, _l("Oppgi et antall fra 1 til 500.")),
        ],
    )
    trainer_id = SelectField(_l("Kursholder"), coerce=int, default=0)
    signup_deadline = DateField(
        _l("Siste dag for påmelding"),
        validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()],
    )
    cancel_deadline = DateField(
        _l("Siste dag for avmelding"),
        validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()],
    )
    cost = KronerField(_l("Pris per plass (kr)"))
    unit_ids = SelectMultipleField(
        _l("Enheter kurset er for"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Velg minst én enhet."))],
    )

    def spans(self) -> list[tuple[datetime, datetime]]:
        return [span for entry in self.days if (span := entry.form.span()) is not None]

    def validate_days(self, field) -> None:
        if not self.spans() and not any(entry.errors for entry in field):
            raise ValidationError(_l("Oppgi minst én dag med tider."))

    def validate_signup_deadline(self, field) -> None:
        self._before_first_day(field)

    def validate_cancel_deadline(self, field) -> None:
        self._before_first_day(field)

    def _before_first_day(self, field) -> None:
        spans = self.spans()
        if field.data and spans and field.data > min(spans)[0].astimezone(OSLO).date():
            raise ValidationError(_l("Fristen kan ikke være etter kursets første dag."))


class EditSessionForm(SessionForm):
    """A change to a session: its competence, price and hours stay as people signed up for
    them."""

    competence_id = None  # type: ignore[assignment]
    cost = None  # type: ignore[assignment]
    credit_hours = None  # type: ignore[assignment]
    credit_reference = None  # type: ignore[assignment]


class BookForm(FlaskForm):
    person_id = SelectField(
        _l("Person"), coerce=int, validators=[InputRequired(_l("Velg en person."))]
    )


class HoldForm(FlaskForm):
    """Places of a session held for the people of one unit."""

    unit_id = SelectField(_l("Enhet"), coerce=int, validate_choice=True)
    places = IntegerField(
        _l("Antall plasser"),
        validators=[
            InputRequired(_l("Oppgi antall plasser.")),
            NumberRange(1, 1000, _l("Oppgi et antall fra 1 til 1000.")),
        ],
    )


OUTCOMES = [
    ("passed", _l("Deltok og bestod")),
    ("failed", _l("Deltok, ikke bestått")),
    ("no_show", _l("Møtte ikke")),
]


class MarkForm(FlaskForm):
    outcome = RadioField(
        _l("Oppmøte"), choices=choices(OUTCOMES), validators=[InputRequired(_l("Velg oppmøte."))]
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Begrunnelse"),
        validators=[DataRequired(_l("Skriv en begrunnelse.")), Length(max=2000)],
    )


class CancelSessionForm(FlaskForm):
    message = TextAreaField(
        _l("Melding til alle som er påmeldt"),
        validators=[DataRequired(_l("Skriv en melding til deltakerne.")), Length(max=2000)],
    )


class EmptyForm(FlaskForm):
    """A button with nothing but the CSRF token."""
