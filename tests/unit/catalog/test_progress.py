"""A learner's standing in a course, versions, time left, and PDF text."""

from __future__ import annotations

from datetime import date

import pytest

from portal.catalog.progress import (
    Standing,
    may_skip_lessons,
    remaining_minutes,
    standing,
    version_of,
)
from portal.competence.gaps import Held
from portal.content.courses import DEFAULT_TEST_OUT

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("held", "read", "is_open", "expected", "expires"),
    [
        (None, 0, False, Standing.NOT_STARTED, None),
        (None, 2, False, Standing.IN_PROGRESS, None),
        (None, 0, True, Standing.IN_PROGRESS, None),
        (Held(date(2026, 1, 1), None), 0, False, Standing.COMPLETED, None),
        (Held(date(2026, 1, 1), TODAY), 0, False, Standing.EXPIRES, TODAY),
        (
            Held(date(2024, 1, 1), date(2026, 11, 21)),
            3,
            False,
            Standing.EXPIRED,
            date(2026, 11, 21),
        ),
    ],
)
def test_standing(held, read, is_open, expected, expires):
    progress = standing(held, read, 6, is_open, TODAY)
    assert (progress.standing, progress.expires_on) == (expected, expires)


@pytest.mark.parametrize(
    ("reference", "version"),
    [
        ("taushetsplikt v1", 1),
        ("taushetsplikt v12", 12),
        ("etikk v1", None),
        ("demo", None),
        (None, None),
        ("taushetsplikt v", None),
    ],
)
def test_version_of(reference, version):
    assert version_of(reference, "taushetsplikt") == version


@pytest.mark.parametrize(
    ("minutes", "read", "total", "left"),
    [
        (45, 0, 6, 45),
        (45, 3, 6, 22),
        (45, 5, 6, 8),
        (45, 6, 6, 0),
        (5, 9, 10, 1),
        (45, 0, 0, 0),
    ],
)
def test_remaining_minutes(minutes, read, total, left):
    assert remaining_minutes(minutes, read, total) == left


VALID = Held(date(2025, 1, 1), date(2027, 1, 1))
EXPIRED = Held(date(2022, 1, 1), date(2024, 1, 1))
FOR_LIFE = Held(date(2020, 1, 1), None)


@pytest.mark.parametrize(
    ("rule", "held", "may_skip"),
    [
        (DEFAULT_TEST_OUT, VALID, True),
        (DEFAULT_TEST_OUT, FOR_LIFE, True),
        (DEFAULT_TEST_OUT, EXPIRED, True),  # the expired holder renews by test
        (DEFAULT_TEST_OUT, None, False),  # the first time, the lessons come first
        (frozenset({"expiring"}), EXPIRED, False),
        (frozenset({"first_time"}), None, True),
        (frozenset(), VALID, False),
    ],
)
def test_the_test_out_rule_decides_who_may_skip_the_lessons(rule, held, may_skip):
    assert may_skip_lessons(rule, held, TODAY) is may_skip


def test_a_record_that_expires_today_still_counts_as_held():
    assert may_skip_lessons(frozenset({"expiring"}), Held(date(2024, 1, 1), TODAY), TODAY)
