from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

MIN_PASSWORD_LENGTH = 10


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-post"),
        validators=[DataRequired(_l("Skriv inn e-postadressen din."))],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Passord"),
        validators=[DataRequired(_l("Skriv inn passordet."))],
        render_kw={"autocomplete": "current-password"},
    )


def new_password_field(label) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Skriv inn et nytt passord.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=200,
                message=_l("Passordet må ha minst %(min)d tegn.", min=MIN_PASSWORD_LENGTH),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Nåværende passord"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field(_l("Nytt passord"))
    confirm = PasswordField(
        _l("Gjenta nytt passord"),
        validators=[EqualTo("new_password", _l("Passordene er ikke like."))],
        render_kw={"autocomplete": "new-password"},
    )
