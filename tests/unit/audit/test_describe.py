"""An event's details in words, and the log's reading of dates and ids (pure: no app)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from portal.audit.describe import Change, changes, referred_ids, value_text
from portal.audit.forms import parse_day
from portal.audit.names import Named, as_id
from portal.audit.operations import subject_of

NAMES = {
    ("Unit", 1): Named("Leknes legesenter"),
    ("Unit", 2): Named("Lofotleger AS"),
    ("Person", 7): Named("Åse Ødegård", "/people/7"),
    ("Position", 3): Named("Helsesekretær"),
}


def lines(details) -> list[str]:
    return [str(change) for change in changes(details, NAMES)]


def test_a_change_is_field_old_arrow_new_with_ids_as_names():
    assert lines({"changed": {"unit_id": [1, 2], "name": ["Åse Ødegard", "Åse Ødegård"]}}) == [
        "Enhet: Leknes legesenter → Lofotleger AS",
        "Navn: Åse Ødegard → Åse Ødegård",
    ]


def test_text_is_shown_as_written_never_as_json_escapes():
    text = " ".join(lines({"reason": "Feil på kursbeviset – rettet", "title": "Tørrtrening"}))
    assert "\\u" not in text
    assert "Tørrtrening" in text
    assert "Begrunnelse: Feil på kursbeviset – rettet" in text


@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("achieved_on", "2026-11-22", "22.11.2026"),
        ("was_completed_at", "2026-11-22T13:05:00+00:00", "22.11.2026 14:05"),
        ("amount_ore", 123456, "1\u00a0234,56\u00a0kr"),
        ("is_active", False, "nei"),
        ("evidence", True, "ja"),
        ("expires_on", None, "–"),
        ("access", "admin", "Administrator"),
        ("priority", "high", "Høy"),
        ("unit_ids", [1, 2], "Leknes legesenter, Lofotleger AS"),
        ("person_id", 99, "#99"),  # gone, or never there: its number
        ("version", 3, "3"),
        ("reference", "=HYPERLINK(1)", "=HYPERLINK(1)"),  # the CSV writer makes it safe
        ("achieved_on", "2026-02-30", "2026-02-30"),  # not a date after all: as it is
    ],
)
def test_values_in_words(key, value, shown):
    assert value_text(key, value, NAMES) == shown


def test_a_before_and_after_pair_is_one_change():
    assert lines({"before": "open", "after": "done"}) == ["Status: Åpent → Gjennomført"]
    assert lines({"unit_id": 1, "year": 2026, "before_ore": 0, "amount_ore": 50000}) == [
        "Enhet: Leknes legesenter",
        "År: 2026",
        "Beløp: 0\u00a0kr → 500\u00a0kr",
    ]


def test_a_field_without_a_word_is_shown_by_its_key_and_odd_details_do_not_break():
    assert lines({"n": 1}) == ["n: 1"]
    assert lines({}) == []
    assert lines(None) == []
    assert lines(["a", "b"]) == ["Detaljer: a, b"]
    assert lines({"changed": {"name": "only one value"}}) == ["Navn: only one value"]
    assert lines({"ratings": {"4": 2}}) == ["Vurderinger: 4: 2"]


def test_change_without_old_value():
    assert str(Change("Navn", "Kari")) == "Navn: Kari"
    assert str(Change("Navn", "Kari", "Kai")) == "Navn: Kai → Kari"


def test_the_objects_details_refer_to_are_found_for_naming():
    details = {
        "person_id": 7,
        "changed": {"unit_id": [1, 2], "led_unit_ids": [[1], [1, 2]], "name": ["a", "b"]},
        "reason": "x",
        "mentor_id": None,
    }
    assert set(referred_ids(details)) == {("Person", 7), ("Unit", 1), ("Unit", 2)}
    assert list(referred_ids("not a dict")) == []


@pytest.mark.parametrize(
    ("value", "number"),
    [(5, 5), ("12", 12), ("x", None), ("-1", None), (True, None), ("٣", None), (2**70, None)],
)
def test_ids_are_whole_positive_numbers(value, number):
    assert as_id(value) == number


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-22", date(2026, 11, 22)),
        ("22.11.2026", date(2026, 11, 22)),
        ("2026-02-30", None),
        ("i går", None),
        ("99999-01-01", None),
        ("", None),
    ],
)
def test_dates_are_read_as_a_date_field_sends_them_or_as_written_in_norway(text, day):
    assert parse_day(text) == day


class Person:  # subject_of knows a person by its class name, as the log stores it
    def __init__(self, id_: int) -> None:
        self.id = id_


def test_the_subject_is_the_person_or_the_one_the_object_belongs_to():
    assert subject_of(Person(4), {}) == 4
    assert subject_of(SimpleNamespace(id=1, person_id=9), {}) == 9
    item = SimpleNamespace(id=1, checklist=SimpleNamespace(person_id=5))
    assert subject_of(item, {}) == 5
    assert subject_of(SimpleNamespace(id=1), {"person_id": 6}) == 6
    assert subject_of(SimpleNamespace(id=1), {"person_id": "6"}) is None
    assert subject_of(SimpleNamespace(id=1), {}) is None
