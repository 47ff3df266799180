"""The kurspott's arithmetic: usage, fair shares, the forecast."""

from __future__ import annotations

from datetime import date

import pytest

from portal.funds.rules import (
    ForecastItem,
    Usage,
    fair_shares,
    percent_of,
    recertifications,
    suggested_budget,
    without_duplicates,
)


def test_remaining_is_amount_less_committed_and_spent():
    assert Usage(100_000, 30_000, 20_000).remaining_ore == 50_000
    assert Usage(0, 0, 0).remaining_ore == 0


@pytest.mark.parametrize(
    ("part", "whole", "percent"),
    [
        (0, 0, 0),
        (1, 3, 33),
        (2, 3, 67),
        (1, 2, 50),
        (1, 200, 1),
        (1, 201, 0),
        (5, 5, 100),
    ],
)
def test_percent_of_rounds_half_up_in_integers(part, whole, percent):
    assert percent_of(part, whole) == percent


def test_fair_shares_set_allocations_against_employment():
    people = [(1, "Anne", 100), (2, "Berit", 50), (3, "Cecilie", 50)]
    rows = fair_shares(people, {1: 30_000, 2: 10_000})
    assert [r.person_id for r in rows] == [1, 2, 3]
    anne, berit, cecilie = rows
    assert (anne.allocation_percent, anne.employment_percent_share) == (75, 50)
    assert anne.difference_points == 25
    assert (berit.allocation_percent, berit.employment_percent_share) == (25, 25)
    assert (cecilie.allocated_ore, cecilie.difference_points) == (0, -25)


def test_fair_shares_with_nothing_allocated():
    rows = fair_shares([(1, "Anne", 100)], {})
    assert rows[0].allocation_percent == 0
    assert rows[0].employment_percent_share == 100


def test_recertifications_take_expiries_in_the_year_at_typical_cost():
    held = [
        (1, 10, date(2027, 3, 1)),
        (1, 11, date(2026, 12, 31)),
        (2, 10, date(2028, 1, 1)),
        (2, 11, date(2027, 1, 1)),
        (3, 12, None),
        (3, 13, date(2027, 6, 1)),
    ]
    costs = {10: ("HLR", 150_000), 11: ("Brannvern", None), 12: ("Autorisasjon", 0)}
    items = recertifications(held, 2027, costs)
    assert [(i.person_id, i.competence_id, i.cost_ore) for i in items] == [
        (2, 11, None),
        (1, 10, 150_000),
    ]
    assert suggested_budget(items) == 150_000


def test_a_need_for_a_competence_being_renewed_is_not_counted_twice():
    recert = ForecastItem("recertification", 1, 10, "HLR", date(2027, 3, 1), 150_000)
    same = ForecastItem("need", 1, 10, "HLR igjen", date(2027, 2, 1), 150_000)
    other = ForecastItem("need", 2, 10, "HLR", date(2027, 2, 1), 150_000)
    free = ForecastItem("need", 1, None, "Veiledning", date(2027, 2, 1), 20_000)
    items = without_duplicates([recert], [same, other, free])
    assert items == [recert, other, free]
    assert suggested_budget(items) == 320_000
