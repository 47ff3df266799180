"""The one rule that ranks what a person must do next, and how a due date is said in words."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.formatting import due_in_words
from portal.todo import Entry, Source, Urgency, days_left, first_of, merge, rank, urgency

TODAY = date(2026, 11, 22)


def entry(title, days=None, *, mandatory=True, source=Source.REQUIREMENT, competence_id=None):
    due = TODAY + timedelta(days=days) if days is not None else None
    return Entry(source, title, due, is_mandatory=mandatory, competence_id=competence_id)


def titles(entries):
    return [e.title for e in entries]


def test_overdue_first_most_overdue_first_then_by_due_date_undated_last():
    entries = [
        entry("later", 30),
        entry("undated"),
        entry("a little overdue", -1),
        entry("today", 0),
        entry("very overdue", -20),
        entry("soon", 5),
    ]
    assert titles(rank(entries)) == [
        "very overdue",
        "a little overdue",
        "today",
        "soon",
        "later",
        "undated",
    ]


def test_on_the_same_day_mandatory_before_recommended_then_by_title():
    entries = [
        entry("B recommended", 3, mandatory=False),
        entry("C mandatory", 3),
        entry("A mandatory", 3),
        entry("undated recommended", mandatory=False),
        entry("undated mandatory"),
    ]
    assert titles(rank(entries)) == [
        "A mandatory",
        "C mandatory",
        "B recommended",
        "undated mandatory",
        "undated recommended",
    ]


def test_an_onboarding_item_that_stands_for_a_competence_replaces_its_requirement():
    requirement = entry("Taushetsplikt", 5, competence_id=7)
    item = entry("Kurs: Taushetsplikt", 5, source=Source.ONBOARDING, competence_id=7)
    other = entry("HLR", 100, competence_id=8)
    assert titles(merge([requirement, item, other])) == ["Kurs: Taushetsplikt", "HLR"]


def test_someone_elses_item_does_not_replace_my_requirement():
    mine = entry("Brannvern", 5, competence_id=3)
    theirs = entry("Brannvern for Nora", 2, source=Source.SIGNOFF, competence_id=3)
    assert titles(rank([mine, theirs])) == ["Brannvern for Nora", "Brannvern"]


def test_first_of_a_source_is_its_first_entry_in_the_whole_ranking():
    entries = [
        entry("HLR", -3),
        entry("Brannvern", 21, source=Source.ONBOARDING),
        entry("Kurs: Etikk", 5, source=Source.ONBOARDING),
    ]
    assert first_of(entries, Source.ONBOARDING).title == "Kurs: Etikk"
    assert first_of(entries, Source.ASSESSMENT) is None


@pytest.mark.parametrize(
    ("days", "variant"),
    [
        (-30, Urgency.DANGER),
        (-1, Urgency.DANGER),
        (0, Urgency.WARNING),
        (14, Urgency.WARNING),
        (15, Urgency.NEUTRAL),
        (None, Urgency.NEUTRAL),
    ],
)
def test_the_tag_follows_urgency(days, variant):
    due = TODAY + timedelta(days=days) if days is not None else None
    assert urgency(due, TODAY) is variant


def test_days_left_is_zero_on_the_day_and_negative_once_overdue():
    assert days_left(TODAY, TODAY) == 0
    assert days_left(TODAY - timedelta(days=3), TODAY) == -3


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (5, "om 5 dager"),
        (1, "i morgen"),
        (0, "i dag"),
        (-1, "1 dag på overtid"),
        (-3, "3 dager på overtid"),
        (400, "om 400 dager"),
    ],
)
def test_due_date_in_words(days, words):
    assert due_in_words(TODAY + timedelta(days=days), TODAY) == words


def test_due_date_in_words_across_a_leap_day():
    assert due_in_words(date(2028, 3, 1), date(2028, 2, 28)) == "om 2 dager"
