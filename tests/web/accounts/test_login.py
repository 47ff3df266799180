"""Login, logout, the guessing limit, password change and CSRF."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from portal.audit.models import AuditEvent
from portal.org.models import Person
from tests.factories import PASSWORD


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_login_page_has_the_contract_fields(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in html
    assert 'name="password"' in html


def test_login_with_correct_password_lands_on_start_page(client, auth, make_person):
    person = make_person(name="Kari Nordmann")
    response = auth.login(person)
    assert response.status_code == 302
    assert response.location == "/"
    assert "Hei, Kari Nordmann" in client.get("/").get_data(as_text=True)


def test_login_is_case_insensitive_on_email(client, auth, make_person):
    make_person(email="kari@example.test")
    assert auth.login("KARI@Example.test").location == "/"


def test_unknown_email_and_wrong_password_get_the_same_message(client, auth, make_person):
    person = make_person()
    wrong_password = auth.login(person, "not-the-password").get_data(as_text=True)
    unknown_email = auth.login("nobody@example.test").get_data(as_text=True)
    message = "Feil e-post eller passord."
    assert message in wrong_password
    assert message in unknown_email


def test_inactive_person_cannot_log_in(client, auth, make_person):
    person = make_person(is_active=False)
    assert "Feil e-post eller passord." in auth.login(person).get_data(as_text=True)


def test_login_redirects_only_to_local_next(client, make_person):
    person = make_person()
    response = client.post(
        "/login?next=https://evil.example/", data={"email": person.email, "password": PASSWORD}
    )
    assert response.location == "/"
    client.post("/logout")
    response = client.post(
        "/login?next=/people/", data={"email": person.email, "password": PASSWORD}
    )
    assert response.location == "/people/"


def test_ten_wrong_passwords_are_met_with_a_wait(client, auth, make_person):
    person = make_person()
    statuses = [auth.login(person, f"wrong-{n}").status_code for n in range(10)]
    assert statuses[:4] == [200] * 4
    assert 429 in statuses
    # Even the right password must wait now, and the user is told how long.
    response = auth.login(person)
    assert response.status_code == 429
    assert "Vent til" in response.get_data(as_text=True)


def test_waiting_ends_and_a_success_resets_the_count(app, client, auth, make_person):
    app.config.update(LOGIN_BASE_WAIT_SECONDS=0)
    person = make_person()
    for n in range(5):
        auth.login(person, f"wrong-{n}")
    assert auth.login(person).status_code == 302


def test_logout_ends_the_session(client, auth, make_person):
    auth.login(make_person())
    assert client.post("/logout").location == "/login"
    assert client.get("/").status_code == 302


def test_password_change_needs_the_current_password(client, auth, make_person, db):
    person = make_person()
    auth.login(person)
    response = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "a-new-long-password",
            "confirm": "a-new-long-password",
        },
    )
    assert response.status_code == 422
    assert "Nåværende passord er feil." in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a-new-long-password",
            "confirm": "a-new-long-password",
        },
    )
    assert response.status_code == 302
    stored = db.get(Person, person.id)
    assert check_password_hash(stored.password_hash, "a-new-long-password")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "password.changed"))


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("short", "short", "minst 10 tegn"),
        ("a-long-enough-one", "something-else-entirely", "ikke like"),
    ],
)
def test_password_change_rejects_weak_or_mismatched(
    client, auth, make_person, new, confirm, message
):
    auth.login(make_person())
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "confirm": confirm},
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(csrf_app, make_person):
    client = csrf_app.test_client()
    person = make_person()
    response = client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_with_csrf_token_works(csrf_app, make_person):
    client = csrf_app.test_client()
    person = make_person()
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"',
        client.get("/login").get_data(as_text=True),
    ).group(1)
    response = client.post(
        "/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def test_session_cookie_is_httponly_and_samesite(client, auth, make_person):
    response = auth.login(make_person())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_pages_carry_security_headers(client):
    headers = client.get("/login").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
