"""Hours toward the career ladder: typed as hours, kept as minutes, shown in Norwegian form."""

from __future__ import annotations

import pytest

from portal.credit import HoursError, Problem, format_hours, parse_hours


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("7", 420),
        ("7,5", 450),
        ("7.5", 450),
        (" 15 ", 900),
        ("0,5", 30),
        ("1000", 60_000),
        ("7,50", 450),
        ("2.0", 120),
    ],
)
def test_whole_and_half_hours_are_read(text, minutes):
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("sju", Problem.NOT_A_NUMBER),
        ("", Problem.NOT_A_NUMBER),
        ("-3", Problem.NOT_A_NUMBER),
        ("7,25", Problem.NOT_HALF_HOURS),
        ("7.3", Problem.NOT_HALF_HOURS),
        ("0", Problem.OUT_OF_RANGE),
        ("1000,5", Problem.OUT_OF_RANGE),
    ],
)
def test_anything_else_is_refused_with_its_reason(text, problem):
    with pytest.raises(HoursError) as raised:
        parse_hours(text)
    assert raised.value.problem is problem


@pytest.mark.parametrize(
    ("minutes", "shown"), [(420, "7"), (450, "7,5"), (0, "0"), (990, "16,5"), (None, "")]
)
def test_hours_are_shown_in_norwegian_form(minutes, shown):
    assert format_hours(minutes) == shown
