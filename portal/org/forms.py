from __future__ import annotations

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
