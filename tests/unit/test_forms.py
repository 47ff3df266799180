from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from wtforms.validators import ValidationError

from portal.forms import PlausibleDate


@pytest.fixture
def app_context():
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    app.config["TODAY"] = date(2026, 11, 22)
    Babel(app)
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("value", "not_after_today", "ok"),
    [
        (date(2026, 11, 22), True, True),
        (date(2026, 11, 23), True, False),
        (date(2026, 11, 23), False, True),
        (date(1900, 1, 1), False, True),
        (date(1899, 12, 31), False, False),
        (date(2100, 12, 31), False, True),
        (date(2101, 1, 1), False, False),
        (date(9999, 12, 31), False, False),
        (None, True, True),
    ],
)
def test_plausible_dates(app_context, value, not_after_today, ok):
    check = PlausibleDate(not_after_today=not_after_today)
    field = SimpleNamespace(data=value)
    if ok:
        check(None, field)
    else:
        with pytest.raises(ValidationError):
            check(None, field)
