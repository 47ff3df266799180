"""Norwegian amounts into øre: what is accepted, and why the rest is refused."""

from __future__ import annotations

import pytest

from portal.funds.money import AmountError, Problem, format_kroner_input, parse_kroner


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1234", 123400),
        ("1 234", 123400),
        ("1\u00a0234", 123400),
        ("1\u202f234", 123400),
        ("1 234,50", 123450),
        ("1234,5", 123450),
        ("1234,05", 123405),
        ("0,01", 1),
        ("0", 0),
        ("1 234 567", 123456700),
        ("  99  ", 9900),
        ("kr 1 500", 150000),
        ("1 500 kr", 150000),
        ("1 500 kr.", 150000),
        ("1500,", 150000),
        ("10 000 000", 1_000_000_000),
    ],
)
def test_accepted(text, ore):
    assert parse_kroner(text) == ore


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", Problem.EMPTY),
        ("   ", Problem.EMPTY),
        ("kr", Problem.EMPTY),
        ("-100", Problem.NEGATIVE),
        ("−100", Problem.NEGATIVE),
        ("1.234", Problem.FULL_STOP),
        ("1234.50", Problem.FULL_STOP),
        ("1,234", Problem.TOO_MANY_DECIMALS),
        ("12,345", Problem.TOO_MANY_DECIMALS),
        ("abc", Problem.NOT_A_NUMBER),
        ("12a", Problem.NOT_A_NUMBER),
        ("1 23 4", Problem.NOT_A_NUMBER),
        ("12 34", Problem.NOT_A_NUMBER),
        ("1,2,3", Problem.NOT_A_NUMBER),
        ("1e5", Problem.NOT_A_NUMBER),
        ("10 000 000,01", Problem.TOO_LARGE),
        ("99999999999999999999", Problem.TOO_LARGE),
    ],
)
def test_refused(text, problem):
    with pytest.raises(AmountError) as caught:
        parse_kroner(text)
    assert caught.value.problem is problem


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (None, ""),
        (0, "0"),
        (123400, "1 234"),
        (123450, "1 234,50"),
        (5, "0,05"),
    ],
)
def test_written_back_as_typed(ore, text):
    assert format_kroner_input(ore) == text
    if ore is not None:
        assert parse_kroner(text) == ore
