"""Forms of the course pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import DataRequired

from portal.forms import PlausibleDate


class RequireVersionForm(FlaskForm):
    by = DateField(
        _l("Frist for å ta den nye versjonen"), validators=[DataRequired(), PlausibleDate()]
    )
