"""A strong confirmation signed with a new single sign-on instead of the password, against a
real OpenID Connect provider (oidc-provider on Node, tests/oidc/)."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.integrations.flask_client.apps import FlaskOAuth2App
from joserfc import jwt
from sqlalchemy import func, select

from portal.accounts.sso.models import SsoLink
from portal.audit.models import AuditEvent
from portal.db import utcnow
from portal.documents.models import DocumentConfirmation
from portal.org.models import Person
from tests.factories import PASSWORD

NEW_LOGIN = "Bekreft med innlogging hos Testleverandør"
OTHER = "Innloggingen var en annen person"


@pytest.fixture
def app_config(app_config, oidc_provider):
    return {**app_config, **oidc_provider.settings()}


@pytest.fixture
def strong(documents):
    documents.write(confirm="strong")
    documents.write(confirm="strong", slug="erklaering")
    documents.sync()
    return documents


@pytest.fixture
def kari(make_person, make_unit, secretary_position):
    return make_person(
        email="kari@sso.example",
        name="Kari Nordmann",
        unit=make_unit("Leknes"),
        position=secretary_position,
    )


@pytest.fixture
def sso(client, provider_browser):
    """The browser's way through the provider: a login, or a new login from a page."""

    class Browser:
        def log_in(self, login: str = "kari"):
            start = client.get("/login/sso/test")
            assert start.status_code == 302, start.text
            return client.get(provider_browser.authorize(start.location, login=login))

        def reauth(self, login: str = "kari", next_: str = "/documents/rutine"):
            start = client.get("/login/sso/test", query_string={"reauth": "1", "next": next_})
            assert start.status_code == 302, start.text
            return client.get(provider_browser.authorize(start.location, login=login))

    return Browser()


@pytest.fixture
def sso_only(db, kari, sso):
    """Kari, logged in by single sign-on, with no password in the portal."""
    db.get(Person, kari.id).password_hash = None
    db.commit()
    assert sso.log_in().location == "/"
    return kari


def confirmations(db, **where) -> list[DocumentConfirmation]:
    found = list(db.scalars(select(DocumentConfirmation).filter_by(**where)))
    db.commit()
    return found


def actions(db) -> list[str]:
    found = list(db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    db.commit()
    return found


def logged_in_as(client) -> str:
    return client.get("/").text


def test_without_a_password_the_page_offers_a_new_login_and_no_password_field(
    client, strong, sso_only
):
    page = client.get("/documents/rutine").text
    assert NEW_LOGIN in page
    assert 'type="password"' not in page
    assert "/login/sso/test?reauth=1&amp;next=/documents/rutine" in page
    assert "Be administratoren" not in page


def test_the_new_login_asks_the_provider_to_log_in_again(client, strong, sso_only):
    location = client.get("/login/sso/test?reauth=1&next=/documents/rutine").location
    query = parse_qs(urlsplit(location).query)
    assert query["prompt"] == ["login"]
    assert query["max_age"] == ["0"]
    # Logged in, the start without the flag still goes home, as before.
    assert client.get("/login/sso/test").location == "/"


def test_a_strong_confirmation_with_a_fresh_login_is_signed_and_audited(
    client, db, strong, sso_only, sso
):
    back = sso.reauth()
    assert back.status_code == 302
    assert back.location == "/documents/rutine"
    page = client.get("/documents/rutine").text
    assert "Du logget inn på nytt hos Testleverandør" in page
    assert "Jeg har lest og forstått" in page
    assert 'type="password"' not in page
    assert client.post("/documents/rutine/confirm").status_code == 302
    (confirmation,) = confirmations(db, person_id=sso_only.id)
    assert (confirmation.is_strong, confirmation.signed_with) == (True, "sso")
    assert {"login.sso_reauth", "document.confirmed"} <= set(actions(db))
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "document.confirmed"))
    assert event.details["signed_with"] == "sso"
    assert event.actor_id == sso_only.id
    db.commit()
    assert "bekreftet med ny innlogging" in client.get("/documents/").text


def test_without_a_new_login_nothing_is_confirmed_and_the_reason_is_given(
    client, db, strong, sso_only
):
    refused = client.post("/documents/rutine/confirm")
    assert refused.status_code == 422
    assert "Dette dokumentet bekreftes med en ny innlogging hos innloggingstjenesten" in (
        refused.text
    )
    assert "Ingenting er bekreftet" in refused.text
    assert NEW_LOGIN in refused.text
    assert confirmations(db) == []


def test_a_new_login_older_than_five_minutes_is_refused(
    client, db, strong, sso_only, sso, monkeypatch
):
    sso.reauth()
    later = utcnow() + timedelta(minutes=5, seconds=30)
    monkeypatch.setattr("portal.documents.routes.utcnow", lambda: later)
    page = client.get("/documents/rutine").text
    assert "Du logget inn på nytt" not in page
    assert NEW_LOGIN in page
    refused = client.post("/documents/rutine/confirm")
    assert refused.status_code == 422
    assert "Den nye innloggingen er mer enn 5 minutter gammel" in refused.text
    assert confirmations(db) == []


def test_a_new_login_signs_one_confirmation_only(client, db, strong, sso_only, sso):
    sso.reauth()
    assert client.post("/documents/rutine/confirm").status_code == 302
    second = client.post("/documents/erklaering/confirm")
    assert second.status_code == 422
    assert "Dette dokumentet bekreftes med en ny innlogging" in second.text
    assert len(confirmations(db)) == 1


@pytest.mark.parametrize("login", ["sekretaer", "stranger"])
def test_a_new_login_as_someone_else_is_refused_and_keeps_the_session(
    login, client, db, strong, sso_only, sso, make_person
):
    other = make_person(email="sekretaer@leknes.example", name="Sara Sekretær")
    links_before = len(list(db.scalars(select(SsoLink))))
    db.commit()
    refused = sso.reauth(login=login)
    assert refused.status_code == 403
    assert OTHER in refused.text
    assert 'href="/documents/rutine"' in refused.text
    assert "Hei, Kari Nordmann" in logged_in_as(client)
    assert db.scalar(select(func.count()).select_from(SsoLink)) == links_before
    assert db.scalar(select(SsoLink).where(SsoLink.person_id == other.id)) is None
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "login.sso_reauth_refused"))
    assert event.actor_id == sso_only.id
    assert event.details["other_person_id"] == (other.id if login == "sekretaer" else None)
    db.commit()
    assert client.post("/documents/rutine/confirm").status_code == 422
    assert confirmations(db) == []


def test_a_provider_that_says_the_login_was_long_ago_is_refused(
    client, db, strong, sso_only, sso, oidc_provider, monkeypatch
):
    original = FlaskOAuth2App.fetch_access_token

    def fetch(self, **kwargs):
        token = original(self, **kwargs)
        claims = jwt.decode(token["id_token"], oidc_provider.key).claims
        claims["auth_time"] = int(time.time()) - 3600
        header = {"alg": "RS256", "kid": oidc_provider.key.kid}
        token["id_token"] = jwt.encode(header, claims, oidc_provider.key)
        return token

    monkeypatch.setattr(FlaskOAuth2App, "fetch_access_token", fetch)
    refused = sso.reauth()
    assert refused.status_code == 403
    assert "Innloggingen var ikke ny" in refused.text
    assert "Hei, Kari Nordmann" in logged_in_as(client)
    assert client.post("/documents/rutine/confirm").status_code == 422
    assert confirmations(db) == []


@pytest.mark.parametrize(
    "next_", ["https://evil.example/documents/rutine", "//evil.example/x", "/\\evil.example/x"]
)
def test_a_next_address_off_the_site_is_ignored(client, strong, sso_only, sso, next_):
    back = sso.reauth(next_=next_)
    assert back.status_code == 302
    assert back.location == "/"
    assert "Du logget inn på nytt" in client.get("/documents/rutine").text


def test_with_a_password_and_a_link_both_ways_are_offered_and_the_password_still_signs(
    client, db, auth, strong, kari, sso
):
    sso.log_in()  # makes the link
    auth.login(kari)
    page = client.get("/documents/rutine").text
    assert 'type="password"' in page
    assert NEW_LOGIN in page
    wrong = client.post("/documents/rutine/confirm", data={"password": "feil-passord"})
    assert wrong.status_code == 422
    assert "Feil passord. Ingenting er bekreftet." in wrong.text
    assert client.post("/documents/rutine/confirm", data={"password": PASSWORD}).status_code == 302
    (confirmation,) = confirmations(db)
    assert confirmation.signed_with == "password"


def test_a_person_with_a_password_and_no_link_gets_no_login_button(client, auth, strong, kari):
    auth.login(kari)
    page = client.get("/documents/rutine").text
    assert 'type="password"' in page
    assert NEW_LOGIN not in page
