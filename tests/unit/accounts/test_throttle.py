from __future__ import annotations

from datetime import timedelta

import pytest

from portal.accounts.throttle import Policy, account_wait

POLICY = Policy(
    free_failures=5,
    base_wait=timedelta(seconds=30),
    max_wait=timedelta(minutes=15),
    address_failures=50,
    address_window=timedelta(minutes=15),
)


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (1, None),
        (4, None),
        (5, timedelta(seconds=30)),
        (6, timedelta(seconds=60)),
        (7, timedelta(seconds=120)),
        (9, timedelta(seconds=480)),
        (10, timedelta(minutes=15)),
        (50, timedelta(minutes=15)),
    ],
)
def test_wait_doubles_after_the_free_failures_up_to_the_cap(failures, wait):
    assert account_wait(failures, POLICY) == wait
