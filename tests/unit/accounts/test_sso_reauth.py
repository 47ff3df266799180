"""How recent a new login at a provider must be to sign a strong confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from portal.accounts.sso.reauth import FRESH_FOR, is_recent

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
SKEW = 60


@pytest.mark.parametrize(
    ("seconds_ago", "recent"),
    [
        (0, True),
        (FRESH_FOR.total_seconds(), True),
        (FRESH_FOR.total_seconds() + SKEW, True),
        (FRESH_FOR.total_seconds() + SKEW + 1, False),
        (3600, False),
        (-SKEW, True),  # the provider's clock a little ahead
        (-SKEW - 1, False),  # a login in the future
    ],
)
def test_auth_time_must_be_within_the_fresh_window(seconds_ago, recent):
    auth_time = int(NOW.timestamp() - seconds_ago)
    assert is_recent(auth_time, NOW, skew=SKEW) is recent


def test_a_provider_that_sends_no_auth_time_is_trusted_on_prompt_login():
    assert is_recent(None, NOW, skew=SKEW)
