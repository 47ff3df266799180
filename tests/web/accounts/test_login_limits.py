"""The guessing limit counts the real client behind proxies, and a stranger cannot keep a
colleague locked out."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def app_config(app_config):
    """One trusted proxy in front, and a low address limit to reach quickly."""
    return {**app_config, "TRUSTED_PROXIES": 1, "LOGIN_ADDRESS_FAILURES_PER_WINDOW": 5}


def login_from(client, address: str, email: str, password: str, *, forwarded: bool = False):
    """A login attempt from ``address``: as the connection's address, or as the address a
    proxy in front reports in X-Forwarded-For."""
    if forwarded:
        return client.post(
            "/login",
            data={"email": email, "password": password},
            headers={"X-Forwarded-For": address},
        )
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_a_stranger_failing_on_a_colleagues_email_does_not_lock_the_colleague_out(
    app, client, make_person
):
    colleague = make_person()
    for n in range(12):
        login_from(client, "203.0.113.9", colleague.email, f"wrong-{n}")
    assert login_from(client, "203.0.113.9", colleague.email, PASSWORD).status_code == 429
    response = login_from(app.test_client(), "198.51.100.7", colleague.email, PASSWORD)
    assert response.status_code == 302
    assert response.location == "/"


def test_guessing_one_account_from_many_addresses_meets_the_account_limit(app, make_person):
    app.config.update(LOGIN_ACCOUNT_FAILURES_PER_WINDOW=8)
    person = make_person()
    for n in range(8):
        login_from(app.test_client(), f"203.0.113.{n}", person.email, "wrong")
    response = login_from(app.test_client(), "198.51.100.7", person.email, PASSWORD)
    assert response.status_code == 429


def test_behind_a_proxy_the_address_limit_counts_each_client(app, make_person):
    person = make_person()
    sprayer = app.test_client()
    for n in range(6):
        login_from(sprayer, "203.0.113.9", f"guess{n}@example.test", "wrong", forwarded=True)
    assert (
        login_from(sprayer, "203.0.113.9", person.email, PASSWORD, forwarded=True).status_code
        == 429
    )
    colleague = login_from(
        app.test_client(), "198.51.100.7", person.email, PASSWORD, forwarded=True
    )
    assert colleague.status_code == 302


def test_a_forwarded_address_a_client_made_up_is_not_believed(app, make_person):
    person = make_person()
    sprayer = app.test_client()
    for n in range(6):
        # The proxy appends the real client (203.0.113.9) after what the client sent.
        login_from(
            sprayer, f"10.0.0.{n}, 203.0.113.9", f"guess{n}@example.test", "wrong", forwarded=True
        )
    assert (
        login_from(sprayer, "203.0.113.9", person.email, PASSWORD, forwarded=True).status_code
        == 429
    )


def test_an_overlong_email_is_counted_without_error(client):
    response = login_from(client, "203.0.113.9", "x" * 400 + "@example.test", "wrong")
    assert response.status_code == 200
