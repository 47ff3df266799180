"""Forms for competences, requirements, coverage rules, records and submissions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from portal.competence.records import Credit
from portal.forms import HoursField, KronerField, PlausibleDate, choices

KIND_CHOICES = [
    ("course", _l("Kurs i portalen")),
    ("external", _l("Ekstern dokumentasjon")),
    ("signoff", _l("Praktisk opplæring som kvitteres ut")),
]


class CompetenceForm(FlaskForm):
    code = StringField(
        _l("Kode"),
        validators=[DataRequired(_l("Skriv inn en kode.")), Length(max=100)],
        description=_l("Små bokstaver, tall og bindestrek, for eksempel «hlr». Kan ikke endres."),
    )
    name = StringField(
        _l("Navn"), validators=[DataRequired(_l("Skriv inn navnet.")), Length(max=200)]
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])
    kind = RadioField(
        _l("Hvordan oppnås den"),
        choices=choices(KIND_CHOICES),
        default="course",
        validators=[DataRequired(_l("Velg hvordan kompetansen oppnås."))],
    )
    validity_months = IntegerField(
        _l("Gyldighet i måneder"),
        validators=[
            Optional(),
            NumberRange(1, 600, _l("Gyldigheten må være mellom 1 og 600 måneder.")),
        ],
        description=_l("Tomt: utløper ikke."),
    )
    is_authorisation = BooleanField(_l("Er en autorisasjon som helsepersonell (HPR)"))
    typical_cost_kroner = KronerField(_l("Typisk kostnad (kroner)"))

    def validate_code(self, field) -> None:
        value = (field.data or "").strip().lower()
        if not value or not all(c.isascii() and (c.isalnum() or c == "-") for c in value):
            raise ValidationError(_l("Bruk bare små bokstaver a–z, tall og bindestrek."))

    def cost_ore(self) -> int | None:
        return self.typical_cost_kroner.data


REQUIREMENT_KINDS = ("mandatory", "recommended", "none")


class RequirementForm(FlaskForm):
    """One cell of the requirement grid: what a position asks of a competence, and by when.

    ``none`` removes the requirement, which the view sends through a confirmation first.
    """

    position_id = IntegerField(_l("Stilling"), validators=[InputRequired(_l("Velg en stilling."))])
    competence_id = IntegerField(
        _l("Kompetanse"), validators=[InputRequired(_l("Velg en kompetanse."))]
    )
    requirement = SelectField(
        _l("Krav"),
        default="none",
        choices=choices(
            [
                ("mandatory", _l("Påkrevd")),
                ("recommended", _l("Anbefalt")),
                ("none", _l("Ingen krav")),
            ]
        ),
        validate_choice=False,
        validators=[AnyOf(REQUIREMENT_KINDS, _l("Velg påkrevd, anbefalt eller ingen krav."))],
    )
    due_days = IntegerField(
        _l("Frist (dager etter start i stillingen)"),
        validators=[
            Optional(),
            NumberRange(0, 3650, _l("Fristen må være mellom 0 og 3650 dager.")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.requirement.data == "none" and self.due_days.errors:
            # Removing asks no deadline: what is left in the field does not matter.
            self.due_days.errors = []
            valid = not any(self.errors.values())
        needs_days = self.requirement.data in ("mandatory", "recommended")
        if needs_days and self.due_days.data is None and not self.due_days.errors:
            self.due_days.errors = [_l("Oppgi fristen i dager, fra 0 til 3650.")]
            return False
        return valid

    @property
    def is_removal(self) -> bool:
        return self.requirement.data == "none"


class CoverageRuleForm(FlaskForm):
    unit_id = SelectField(_l("Enhet"), coerce=int, validate_choice=True)
    competence_id = SelectField(_l("Kompetanse"), coerce=int, validate_choice=True)
    minimum = IntegerField(
        _l("Minst antall aktive med gyldig kompetanse"),
        default=1,
        validators=[
            DataRequired(_l("Oppgi et antall fra 1 til 1000.")),
            NumberRange(1, 1000, _l("Oppgi et antall fra 1 til 1000.")),
        ],
    )


class CreditFields(FlaskForm):
    """Approved hours toward the career ladder and the approval's reference, for a form of
    anything that carries them (a record, a submission, a session)."""

    credit_hours = HoursField(
        _l("Tellende timer (valgfritt)"),
        description=_l(
            "Timer som teller i fagstigen, for eksempel 7 eller 15 for et godkjent kurs."
        ),
    )
    credit_reference = StringField(
        _l("Godkjenningsnummer for timene (valgfritt)"),
        validators=[Optional(), Length(max=200)],
        description=_l("For eksempel Helsedirektoratets godkjenning av kurset."),
    )

    def validate_credit_reference(self, field) -> None:
        if (
            (field.data or "").strip()
            and self.credit_hours.data is None
            and not self.credit_hours.errors
        ):
            raise ValidationError(_l("Oppgi hvor mange timer godkjenningen gjelder."))

    def credit(self) -> Credit | None:
        if self.credit_hours.data is None:
            return None
        return Credit(self.credit_hours.data, (self.credit_reference.data or "").strip() or None)


class _RecordFields(CreditFields):
    achieved_on = DateField(
        _l("Dato oppnådd"),
        validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate(not_after_today=True)],
    )
    expires_on = DateField(
        _l("Utløper"),
        validators=[Optional(), PlausibleDate()],
        description=_l("Tomt: regnes ut fra kompetansens gyldighet."),
    )
    reference = StringField(
        _l("Kursholder, sertifikatnummer eller lignende"), validators=[Optional(), Length(max=200)]
    )
    note = TextAreaField(_l("Merknad"), validators=[Optional(), Length(max=2000)])
    evidence = FileField(_l("Dokumentasjon (PDF, PNG eller JPEG, høyst 10 MB)"))

    def validate_expires_on(self, field) -> None:
        if field.data and self.achieved_on.data and field.data < self.achieved_on.data:
            raise ValidationError(_l("Utløpsdatoen kan ikke være før datoen den ble oppnådd."))


class RecordForm(_RecordFields):
    competence_id = SelectField(_l("Kompetanse"), coerce=int, validate_choice=True, default=0)

    def validate_competence_id(self, field) -> None:
        if not field.data:  # the «Velg kompetansen» line
            raise ValidationError(_l("Velg kompetansen dokumentasjonen gjelder."))


class SubmissionForm(RecordForm):
    pass


class CorrectionForm(_RecordFields):
    pass


class VoidForm(FlaskForm):
    reason = TextAreaField(
        _l("Hvorfor skal registreringen annulleres?"),
        validators=[DataRequired(_l("Skriv en begrunnelse.")), Length(max=2000)],
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Avgjørelse"),
        choices=choices([("approve", _l("Godkjenn")), ("reject", _l("Avvis"))]),
        validators=[DataRequired(_l("Velg godkjenn eller avvis."))],
    )
    reason = TextAreaField(
        _l("Begrunnelse (må fylles ut ved avvisning)"), validators=[Length(max=2000)]
    )

    def validate_reason(self, field) -> None:
        if self.decision.data == "reject" and not (field.data or "").strip():
            raise ValidationError(_l("Skriv hvorfor dokumentasjonen avvises."))


class RemoveForm(FlaskForm):
    """An empty form: the CSRF token of a delete button."""
