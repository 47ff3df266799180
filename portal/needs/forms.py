"""Forms of the needs assessment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from portal.competence.models import Competence
from portal.forms import PlausibleDate, choices
from portal.funds.forms import KronerField

#: The four steps of confidence, each with a plain description of what it means.
CONFIDENCE = {
    1: _l("Trenger opplæring – jeg kan lite om dette ennå"),
    2: _l("Litt usikker – jeg trenger hjelp eller veiledning"),
    3: _l("Trygg – jeg klarer dette på egen hånd"),
    4: _l("Svært trygg – jeg kan lære det bort til andre"),
}
PRIORITY_LABELS = {"high": _l("Høy"), "medium": _l("Middels"), "low": _l("Lav")}
ACTION_LABELS = {
    "internal_course": _l("Internt kurs"),
    "external_course": _l("Eksternt kurs"),
    "mentoring": _l("Veiledning/fadder"),
    "practice": _l("Praksis/hospitering"),
}
STATUS_LABELS = {"open": _l("Åpent"), "done": _l("Gjennomført"), "dropped": _l("Droppet")}


class RoundForm(FlaskForm):
    title = StringField(
        _l("Navn på runden"),
        validators=[
            DataRequired(_l("Gi runden et navn, for eksempel «Høst 2026».")),
            Length(max=200),
        ],
    )
    deadline = DateField(
        _l("Frist for egenvurdering"),
        validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()],
    )
    unit_ids = SelectMultipleField(
        _l("Enheter"), coerce=int, validators=[DataRequired(_l("Velg minst én enhet."))]
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._today = today

    def validate_deadline(self, field) -> None:
        if field.data and self._today and field.data < self._today:
            raise ValidationError(_l("Fristen kan ikke være passert."))


class SelfAssessmentForm(FlaskForm):
    wishes = TextAreaField(_l("Ønsker for opplæring"), validators=[Length(max=4000)])

    def ratings(self) -> dict[int, int]:
        return {
            int(f.name[1:]): f.data for f in self if f.name.startswith("c") and f.name[1:].isdigit()
        }


def self_assessment_form(
    competences: Iterable[Competence], current: Mapping[int, int] | None = None, wishes: str = ""
) -> SelfAssessmentForm:
    """A form with one four-step question per competence, named ``c<competence id>``; on a
    POST it reads the request, otherwise it shows ``current`` and ``wishes``."""

    class Form(SelfAssessmentForm):
        pass

    for competence in competences:
        setattr(
            Form,
            f"c{competence.id}",
            RadioField(
                competence.name,
                coerce=int,
                choices=choices(CONFIDENCE.items()),
                validators=[InputRequired(_l("Velg hvor trygg du er."))],
            ),
        )
    data = {f"c{cid}": level for cid, level in (current or {}).items()}
    return Form(data={**data, "wishes": wishes})


class NeedForm(FlaskForm):
    title = StringField(
        _l("Hva trengs"), validators=[DataRequired(_l("Beskriv behovet.")), Length(max=200)]
    )
    competence_id = SelectField(_l("Kompetanse (valgfritt)"), coerce=int, default=0)
    priority = RadioField(
        _l("Prioritet"),
        choices=choices(PRIORITY_LABELS.items()),
        validators=[InputRequired(_l("Velg prioritet."))],
    )
    action = SelectField(_l("Tiltak"), choices=choices(ACTION_LABELS.items()))
    target_date = DateField(
        _l("Måldato"), validators=[DataRequired(_l("Oppgi en gyldig dato.")), PlausibleDate()]
    )
    estimated_cost = KronerField(_l("Anslått kostnad (kr)"))


class NeedStatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS.items()))
