"""Forms of the document pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField
from wtforms.validators import DataRequired, Optional

from portal.forms import PlausibleDate


class ConfirmForm(FlaskForm):
    """One button; a document that asks for a strong confirmation shows the password too."""

    password = PasswordField(
        _l("Passordet ditt"),
        validators=[Optional()],
        render_kw={"autocomplete": "current-password"},
    )


class RequireVersionForm(FlaskForm):
    by = DateField(
        _l("Alle må ha bekreftet den nye versjonen innen"),
        validators=[DataRequired(), PlausibleDate()],
    )


class RetireForm(FlaskForm):
    pass
