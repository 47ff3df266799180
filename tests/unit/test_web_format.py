from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.web import format_date, format_datetime, format_kroner


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (0, "0\u00a0kr"),
        (150_000, "1\u00a0500\u00a0kr"),
        (123_456, "1\u00a0234,56\u00a0kr"),
        (5, "0,05\u00a0kr"),
        (-250_000, "−2\u00a0500\u00a0kr"),
        (None, ""),
    ],
)
def test_kroner_from_ore(ore, text):
    assert format_kroner(ore) == text


def test_dates_in_norwegian_form():
    assert format_date(date(2026, 11, 22)) == "22.11.2026"
    assert format_date(None) == ""


def test_times_shown_in_oslo_time():
    assert format_datetime(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "02.07.2026 00:30"
    assert format_datetime(datetime(2026, 1, 1, 12, 0, tzinfo=UTC)) == "01.01.2026 13:00"
