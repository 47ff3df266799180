"""Other people's names and emails leave the export; the person's own stay."""

from __future__ import annotations

import pytest

from portal.me.privacy import Redactor

redact = Redactor(
    own_name="Liv Lederstad",
    own_email="liv@a.test",
    others=[
        ("Kari Nordmann", "kari@a.test"),
        ("Kari", "kari2@a.test"),
        ("Åse Ørnebakk-Li", "ase@a.test"),
        ("Liv Lederstad", "liv2@a.test"),
    ],
    other="en annen person",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ny kurssøknad fra Kari Nordmann: HLR", "Ny kurssøknad fra en annen person: HLR"),
        ("kari nordmann, kari@a.test", "en annen person, en annen person"),
        ("Karianne Nordmann", "Karianne Nordmann"),
        ("Kari har sendt inn", "en annen person har sendt inn"),
        ("Til Åse Ørnebakk-Li.", "Til en annen person."),
        ("Liv Lederstad, liv@a.test", "Liv Lederstad, liv@a.test"),
        ("ingen navn her", "ingen navn her"),
    ],
)
def test_names_and_emails_of_others_are_replaced(text, expected):
    assert redact(text) == expected


def test_nested_values_are_walked_and_keys_and_numbers_kept():
    assert redact({"details": [{"email": "kari@a.test", "n": 3}]}) == {
        "details": [{"email": "en annen person", "n": 3}]
    }
