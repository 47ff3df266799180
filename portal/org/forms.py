from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PlausibleDate, choices
from portal.org.importer import EMAIL

ACCESS_CHOICES = [("employee", _l("Ansatt")), ("lead", _l("Leder")), ("admin", _l("Administrator"))]


class PersonForm(FlaskForm):
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv inn navnet.")), Length(max=200)]
    )
    email = EmailField(
        _l("E-post"),
        validators=[
            DataRequired(_l("Skriv inn e-postadressen.")),
            Regexp(EMAIL, message=_l("Ugyldig e-postadresse.")),
            Length(max=254),
        ],
    )
    unit_id = SelectField(_l("Enhet"), coerce=int, validate_choice=True)
    position_id = SelectField(_l("Stilling"), coerce=int, validate_choice=True)
    start_date = DateField(
        _l("Startdato"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
    employment_percent = IntegerField(
        _l("Stillingsprosent"),
        default=100,
        validators=[
            DataRequired(_l("Oppgi stillingsprosent.")),
            NumberRange(1, 100, _l("Stillingsprosenten må være mellom 1 og 100.")),
        ],
    )
    access = SelectField(_l("Tilgang"), choices=choices(ACCESS_CHOICES), default="employee")
    led_unit_ids = SelectMultipleField(_l("Leder for enhetene"), coerce=int)
    is_active = BooleanField(_l("Aktiv (kan logge inn og telles i rapporter)"), default=True)


class ImportForm(FlaskForm):
    file = FileField(_l("CSV-fil"), validators=[FileRequired(_l("Velg en fil."))])
    dry_run = BooleanField(_l("Bare kontroller filen, ikke importer"))


class SyncForm(FlaskForm):
    """The HR file: checked first (a dry run), then applied with the plan's fingerprint."""

    file = FileField(_l("CSV-fil fra HR-systemet"), validators=[FileRequired(_l("Velg en fil."))])
    allow_mass_leave = BooleanField(
        _l("Deaktiver selv om det gjelder mange av de ansatte (flere enn grensen)")
    )
    digest = HiddenField(validators=[Optional(), Length(max=64)])


class PeopleFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Søk"), validators=[Optional(), Length(max=100)])
    inactive = BooleanField(_l("Vis også de som har sluttet"))


class DeputyForm(FlaskForm):
    """A lead names a stand-in; an administrator also names the lead."""

    lead_email = EmailField(
        _l("Lederens e-post"),
        validators=[
            DataRequired(_l("Skriv inn e-postadressen til lederen.")),
            Regexp(EMAIL, message=_l("Ugyldig e-postadresse.")),
            Length(max=254),
        ],
    )
    deputy_email = EmailField(
        _l("Stedfortrederens e-post"),
        validators=[
            DataRequired(_l("Skriv inn e-postadressen til stedfortrederen.")),
            Regexp(EMAIL, message=_l("Ugyldig e-postadresse.")),
            Length(max=254),
        ],
    )
    unit_ids = SelectMultipleField(
        _l("Enheter"),
        coerce=int,
        # Whether a unit is one the lead leads is the operation's to say, in words.
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Velg minst én enhet."))],
    )
    starts_on = DateField(
        _l("Første dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
    ends_on = DateField(
        _l("Siste dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Siste dag kan ikke være før første dag."))


def _choice_field(label: Any, message: Any) -> SelectField:
    """A list to choose from that names what to choose when the choice sent is not in it
    (an id typed into the address, a unit outside the lead's)."""
    # The stubs predate WTForms 3.2's messages for a choice not in the list.
    return SelectField(  # type: ignore[call-arg]
        label, coerce=int, invalid_choice_message=message, invalid_value_message=message
    )


class JobForm(FlaskForm):
    """A new job: a position in a unit for a share of full time, from its first day."""

    unit_id = _choice_field(_l("Enhet"), _l("Velg en av enhetene i listen."))
    position_id = _choice_field(_l("Stilling"), _l("Velg en av stillingene i listen."))
    employment_percent = IntegerField(
        _l("Stillingsprosent"),
        default=100,
        validators=[
            # Not DataRequired: 0 is a number, and out of range.
            InputRequired(_l("Oppgi stillingsprosent.")),
            NumberRange(1, 100, _l("Stillingsprosenten må være mellom 1 og 100.")),
        ],
    )
    starts_on = DateField(
        _l("Første dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )


class ChangeJobForm(JobForm):
    """A change of a job from a day on (another position starts a new job that day)."""

    starts_on = DateField(
        _l("Fra og med"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )


class EndJobForm(FlaskForm):
    ends_on = DateField(
        _l("Siste dag"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
