from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, ValidationError

from portal.accounts.sso.linking import is_valid_pid
from portal.forms import choices


class PidForm(FlaskForm):
    pid = StringField(
        _l("Fødselsnummer eller D-nummer"),
        validators=[DataRequired(_l("Skriv inn de 11 sifrene."))],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )

    def validate_pid(self, field) -> None:
        field.data = (field.data or "").replace(" ", "")
        if not is_valid_pid(field.data):
            raise ValidationError(_l("Et fødselsnummer har 11 sifre."))


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class PasswordPolicyForm(FlaskForm):
    password_login = RadioField(
        _l("Hvem kan logge inn med passord"),
        choices=choices(
            [
                ("all", _l("Alle")),
                (
                    "admins",
                    _l("Bare administratorer; alle andre logger inn med en innloggingstjeneste"),
                ),
            ]
        ),
        validators=[DataRequired(_l("Velg hvem som kan logge inn med passord."))],
    )
