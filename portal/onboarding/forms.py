from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from portal.forms import add_error, choices, validated
from portal.onboarding.labels import KIND_LABELS, ROLE_LABELS
from portal.onboarding.operations import ItemData

NONE = 0  # the value of "nobody" / "no competence" in a select of ids


def reason_field(label=None):
    return TextAreaField(
        label or _l("Begrunnelse"),
        validators=[DataRequired(_l("Skriv en begrunnelse.")), Length(max=1000)],
    )


class ItemForm(FlaskForm):
    title = StringField(
        _l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)]
    )
    kind = SelectField(_l("Type"), choices=choices(KIND_LABELS.items()), default="signoff")
    competence_id = SelectField(
        _l("Kompetanse (kurset gir, eller utkvitteringen gir)"), coerce=int, default=NONE
    )
    document_id = SelectField(
        _l("Dokument å bekrefte (for bekreftelser)"),
        coerce=int,
        default=NONE,
        choices=choices([(NONE, _l("Ingen"))]),
        # A form sent without it (an item with no document) means none; a value is checked
        # against the documents in :meth:`validate`.
        validate_choice=False,
    )
    responsible_role = SelectField(
        _l("Kvitteres ut av (for praktiske punkter)"),
        choices=choices(ROLE_LABELS.items()),
        default="mentor",
    )
    due_days = IntegerField(
        _l("Frist, dager etter startdato"),
        default=7,
        validators=[
            InputRequired(_l("Oppgi fristen i dager.")),
            NumberRange(0, 730, _l("Fristen må være mellom 0 og 730 dager.")),
        ],
    )
    description = TextAreaField(_l("Beskrivelse"), validators=[Length(max=5000)])

    def with_competences(self, competences) -> ItemForm:
        self.competence_id.choices = choices(
            [(NONE, _l("Ingen"))] + [(c.id, c.name) for c in competences]
        )
        return self

    #: The documents an acknowledgement may point to (set by :meth:`with_documents`).
    document_ids: frozenset[int] = frozenset()

    def with_documents(self, documents) -> ItemForm:
        self.document_ids = frozenset(d.id for d in documents)
        self.document_id.choices = choices(
            [(NONE, _l("Ingen"))] + [(d.id, d.title) for d in documents]
        )
        return self

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == "course" and not self.competence_id.data:
            add_error(self.competence_id, _l("Velg kompetansen kurset gir."))
            ok = False
        if self.document_id.data and self.document_id.data not in self.document_ids:
            add_error(self.document_id, _l("Velg et av dokumentene."))
            ok = False
        if (
            self.kind.data == "acknowledgement"
            and not self.document_id.data
            and not (self.description.data or "").strip()
        ):
            add_error(self.description, _l("Skriv teksten den nyansatte skal bekrefte."))
            ok = False
        return ok

    def item_data(self) -> ItemData:
        return ItemData(
            kind=self.kind.data,
            title=validated(self.title.data),
            due_days=validated(self.due_days.data),
            description=self.description.data or "",
            competence_id=self.competence_id.data or None,
            responsible_role=self.responsible_role.data,
            document_id=self.document_id.data or None,
        )


class AddItemForm(ItemForm):
    reason = reason_field(_l("Hvorfor får denne personen punktet?"))


class ReasonForm(FlaskForm):
    reason = reason_field()


class ConfirmForm(FlaskForm):
    """Confirming an acknowledgement: the new hire ticks that they have read the text."""

    has_read = BooleanField(
        _l("Jeg har lest teksten og bekrefter den"),
        validators=[DataRequired(_l("Kryss av for at du har lest teksten."))],
    )


class SignOffForm(FlaskForm):
    pass


class HelpersForm(FlaskForm):
    mentor_id = SelectField(_l("Fadder"), coerce=int, default=NONE)
    it_contact_id = SelectField(_l("IT-kontakt"), coerce=int, default=NONE)

    def with_people(self, people) -> HelpersForm:
        options = choices([(NONE, _l("Ingen"))] + [(p.id, p.name) for p in people])
        self.mentor_id.choices = options
        self.it_contact_id.choices = list(options)
        return self


class TemplateForm(FlaskForm):
    position_id = SelectField(_l("Stilling"), coerce=int)
    unit_id = SelectField(_l("Gjelder for"), coerce=int)


class OnBehalfForm(FlaskForm):
    """A lead signing off an item that was the mentor's or the IT contact's to sign."""

    reason = TextAreaField(
        _l("Hvorfor kvitterer du ut for den ansvarlige?"),
        validators=[
            DataRequired(
                _l(
                    "Skriv hvorfor du kvitterer ut punktet: det er en annen sitt ansvar. "
                    "Ingenting er endret."
                )
            ),
            Length(max=1000),
        ],
    )


class MissingHelpersForm(FlaskForm):
    """On the start page: the mentor or IT contact a checklist still lacks. A field the page
    does not show (the checklist has one) is sent as nobody, and nobody changes nothing; each
    new hire's form has its own prefix, so that the ids on the page are unique."""

    mentor_id = SelectField(_l("Fadder"), coerce=int, default=NONE)
    it_contact_id = SelectField(_l("IT-kontakt"), coerce=int, default=NONE)

    def with_people(self, people) -> MissingHelpersForm:
        options = choices([(NONE, _l("Velg person"))] + [(p.id, p.name) for p in people])
        self.mentor_id.choices = options
        self.it_contact_id.choices = list(options)
        return self
