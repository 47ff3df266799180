"""Single sign-on against a real OpenID Connect provider (oidc-provider on Node)."""

from __future__ import annotations

import time
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.integrations.flask_client.apps import FlaskOAuth2App
from joserfc import jwt
from joserfc.jwk import RSAKey
from sqlalchemy import select

from portal import create_app
from portal.accounts.sso.linking import pid_digest
from portal.accounts.sso.models import SsoLink
from portal.audit.models import AuditEvent
from portal.competence.models import Competence
from portal.org.models import Person
from tests.conftest import TEST_SECRET
from tests.oidc.fixtures import PORTAL

UNKNOWN = "Du finnes ikke i portalen ennå – kontakt lederen din"


@pytest.fixture
def app_config(app_config, oidc_provider):
    return {**app_config, **oidc_provider.settings()}


@pytest.fixture
def sso_login(client, provider_browser):
    """Log in through the provider as ``login``; the portal's answer to the callback."""

    def log_in(
        login: str = "kari", acr: str = "idporten-loa-substantial", *, tamper=lambda path: path
    ):
        start = client.get("/login/sso/test")
        assert start.status_code == 302, start.get_data(as_text=True)
        callback = provider_browser.authorize(start.location, login=login, acr=acr)
        return client.get(tamper(callback))

    return log_in


def logged_in_name(client) -> str | None:
    response = client.get("/")
    return None if response.status_code == 302 else response.get_data(as_text=True)


def test_login_page_shows_a_button_per_provider_above_the_password_form(client):
    html = client.get("/login").get_data(as_text=True)
    assert "Logg inn med Testleverandør" in html
    assert html.index("Logg inn med Testleverandør") < html.index('name="password"')


def test_the_request_to_the_provider_carries_pkce_state_nonce_and_the_minimum_level(client):
    location = client.get("/login/sso/test").location
    query = parse_qs(urlsplit(location).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"{PORTAL}/login/sso/test/callback"]
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert query["state"][0]
    assert query["nonce"][0]
    assert query["code_challenge"][0]


def test_a_verified_email_logs_in_links_stores_the_hpr_and_audits(
    client, db, make_person, sso_login
):
    person = make_person(email="Kari@sso.example", name="Kari Nordmann")
    response = sso_login("kari")
    assert response.status_code == 302
    assert response.location == "/"
    assert "Hei, Kari Nordmann" in logged_in_name(client)
    link = db.scalar(select(SsoLink))
    assert (link.person_id, link.subject, link.matched_by) == (person.id, "kari", "email")
    stored = db.get(Person, person.id)
    assert (stored.hpr_number, stored.hpr_confirmed_on.isoformat()) == ("9144900", "2026-11-22")
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == str(person.id)))
    assert {"sso.linked", "login.sso"} <= set(actions)


def test_a_stored_link_finds_the_person_even_after_the_email_changed(
    client, db, make_person, sso_login
):
    person = make_person(email="kari@sso.example")
    sso_login("kari")
    client.post("/logout")
    db.get(Person, person.id).email = "kari.ny@example.test"
    db.commit()
    assert sso_login("kari").location == "/"


def test_linking_by_pid_recorded_by_an_administrator(client, db, auth, make_person, sso_login):
    admin = make_person(access="admin")
    person = make_person(name="Per Pid")
    auth.login(admin)
    response = client.post(f"/people/{person.id}/sign-in", data={"pid": "240485 12345"})
    assert response.status_code == 302
    stored = db.get(Person, person.id)
    assert stored.pid_hash == pid_digest(TEST_SECRET, "24048512345")
    assert "24048512345" not in repr(db.execute(select(Person.__table__)).all())
    client.post("/logout")
    assert sso_login("pidonly").location == "/"
    assert "Hei, Per Pid" in logged_in_name(client)
    assert db.scalar(select(SsoLink.matched_by)) == "pid"


def test_a_pid_is_refused_when_malformed_or_already_someone_elses(client, auth, make_person):
    admin, first, second = make_person(access="admin"), make_person(), make_person()
    auth.login(admin)
    assert "11 sifre" in client.post(f"/people/{first.id}/sign-in", data={"pid": "1234"}).get_data(
        as_text=True
    )
    client.post(f"/people/{first.id}/sign-in", data={"pid": "24048512345"})
    response = client.post(f"/people/{second.id}/sign-in", data={"pid": "24048512345"})
    assert response.status_code == 422
    assert "En annen person har allerede dette fødselsnummeret." in response.get_data(as_text=True)


def test_an_administrator_sees_and_removes_a_link(client, db, auth, make_person, sso_login):
    person = make_person(email="kari@sso.example")
    sso_login("kari")
    client.post("/logout")
    auth.login(make_person(access="admin"))
    page = client.get(f"/people/{person.id}/sign-in").get_data(as_text=True)
    assert "Testleverandør" in page
    assert "Fjern koblingen" in page
    link_id = db.scalar(select(SsoLink.id))
    response = client.post(f"/people/{person.id}/sign-in/links/{link_id}/remove")
    assert response.status_code == 302
    assert db.scalar(select(SsoLink)) is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "sso.unlinked"))


def test_only_administrators_reach_the_link_pages(client, auth, make_person):
    person = make_person()
    auth.login(make_person(access="lead"))
    assert client.get(f"/people/{person.id}/sign-in").status_code == 403
    assert client.get("/admin/sign-in").status_code == 403


def test_an_unknown_person_gets_a_clear_page_and_no_account(client, db, sso_login):
    count = len(db.scalars(select(Person)).all())
    response = sso_login("stranger")
    assert response.status_code == 403
    assert UNKNOWN in response.get_data(as_text=True)
    assert logged_in_name(client) is None
    assert len(db.scalars(select(Person)).all()) == count


def test_an_unverified_email_never_links(client, make_person, sso_login):
    make_person(email="ulla@sso.example")
    response = sso_login("unverified")
    assert response.status_code == 403
    assert UNKNOWN in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_an_inactive_person_is_refused(client, make_person, sso_login):
    make_person(email="kari@sso.example", is_active=False)
    response = sso_login("kari")
    assert response.status_code == 403
    assert "Kontoen din er ikke aktiv" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_a_too_low_level_of_assurance_is_refused(client, make_person, sso_login):
    make_person(email="kari@sso.example")
    response = sso_login("kari", acr="idporten-loa-low")
    assert response.status_code == 403
    assert "For lavt sikkerhetsnivå" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_a_wrong_state_is_refused(client, make_person, sso_login):
    make_person(email="kari@sso.example")

    def other_state(path: str) -> str:
        return path.replace("state=", "state=not-ours")

    response = sso_login("kari", tamper=other_state)
    assert response.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_a_callback_without_a_login_under_way_is_refused(client):
    response = client.get("/login/sso/test/callback?code=abc&state=xyz")
    assert response.status_code == 400
    assert "Innloggingen kunne ikke fullføres" in response.get_data(as_text=True)


def test_a_replayed_nonce_is_refused(client, make_person, provider_browser):
    """The same authorization request used twice: the provider issues a second token with the
    same nonce, and the portal accepts only the first."""
    make_person(email="kari@sso.example")
    start = client.get("/login/sso/test")
    before = client.get_cookie("session").value
    assert client.get(provider_browser.authorize(start.location)).location == "/"
    client.post("/logout")
    client.set_cookie("session", before)
    response = client.get(provider_browser.authorize(start.location))
    assert response.status_code == 400
    assert "Innloggingen er allerede brukt" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def reissue(monkeypatch, provider, change, signing_key: RSAKey | None = None) -> None:
    """Let the provider's token response carry its ID token with ``change`` applied to the
    claims, signed again with ``signing_key`` (by default the provider's own key)."""
    original = FlaskOAuth2App.fetch_access_token

    def fetch(self, **kwargs):
        token = original(self, **kwargs)
        claims = jwt.decode(token["id_token"], provider.key).claims
        token["id_token"] = jwt.encode(
            {"alg": "RS256", "kid": provider.key.kid}, change(claims), signing_key or provider.key
        )
        return token

    monkeypatch.setattr(FlaskOAuth2App, "fetch_access_token", fetch)


@pytest.mark.parametrize(
    ("case", "change"),
    [
        ("expired", lambda c: {**c, "iat": int(time.time()) - 600, "exp": int(time.time()) - 120}),
        ("wrong audience", lambda c: {**c, "aud": "someone-else", "azp": "someone-else"}),
        ("wrong issuer", lambda c: {**c, "iss": "https://evil.example"}),
        (
            "issued in the future",
            lambda c: {**c, "iat": int(time.time()) + 600, "exp": int(time.time()) + 1200},
        ),
    ],
)
def test_an_id_token_that_fails_a_check_is_refused(
    case, change, client, make_person, sso_login, oidc_provider, monkeypatch
):
    make_person(email="kari@sso.example")
    reissue(monkeypatch, oidc_provider, change)
    response = sso_login("kari")
    assert response.status_code == 400, case
    assert "Innloggingen kunne ikke godtas" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_an_id_token_within_the_allowed_clock_skew_is_accepted(
    client, make_person, sso_login, oidc_provider, monkeypatch
):
    make_person(email="kari@sso.example")
    reissue(monkeypatch, oidc_provider, lambda c: {**c, "exp": int(time.time()) - 30})
    assert sso_login("kari").location == "/"


def test_a_wrongly_signed_id_token_is_refused(
    client, make_person, sso_login, oidc_provider, monkeypatch
):
    make_person(email="kari@sso.example")
    impostor = RSAKey.generate_key(2048, parameters={"kid": "test-signing-key"})
    reissue(monkeypatch, oidc_provider, lambda c: c, impostor)
    response = sso_login("kari")
    assert response.status_code == 400
    assert "Innloggingen kunne ikke godtas" in response.get_data(as_text=True)
    assert logged_in_name(client) is None


def test_logout_ends_the_session_and_the_providers(client, make_person, sso_login, oidc_provider):
    make_person(email="kari@sso.example")
    sso_login("kari")
    response = client.post("/logout")
    assert response.location.startswith(oidc_provider.issuer)
    query = parse_qs(urlsplit(response.location).query)
    assert query["post_logout_redirect_uri"] == [f"{PORTAL}/login"]
    assert query["id_token_hint"][0].count(".") == 2
    assert logged_in_name(client) is None


def test_password_login_can_be_turned_off_for_all_but_administrators(client, db, auth, make_person):
    admin, employee = make_person(access="admin"), make_person()
    auth.login(admin)
    response = client.post("/admin/sign-in", data={"password_login": "admins"})
    assert response.status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "settings.password_login"))
    client.post("/logout")
    assert "bare for administratorer" in client.get("/login").get_data(as_text=True)
    refused = auth.login(employee)
    assert refused.status_code == 403
    assert "Innlogging med passord er slått av" in refused.get_data(as_text=True)
    assert logged_in_name(client) is None
    assert auth.login(admin).location == "/"


def test_hpr_confirmed_by_login_shows_on_an_authorisation(
    client, db, make_person, make_competence, make_record, sso_login
):
    person = make_person(email="kari@sso.example")
    competence = make_competence("autorisasjon", validity_months=None, kind="external")
    db.get(Competence, competence.id).is_authorisation = True
    db.commit()
    make_record(person, competence, date(2020, 6, 1))
    sso_login("kari")
    html = client.get("/me/competence").get_data(as_text=True)
    assert "HPR-nummer 9144900 bekreftet ved innlogging 22.11.2026" in html


def test_password_login_still_works_with_a_provider_configured(auth, make_person):
    assert auth.login(make_person()).location == "/"


def test_an_unknown_provider_is_not_found(client):
    assert client.get("/login/sso/nobody").status_code == 404


def test_a_client_with_a_private_key_jwt_logs_in(
    app_config, oidc_provider, make_person, provider_browser
):
    make_person(email="kari@sso.example", name="Kari Nøkkel")
    app = create_app({**app_config, **oidc_provider.keyed_settings()})
    try:
        client = app.test_client()
        start = client.get("/login/sso/keyed")
        assert client.get(provider_browser.authorize(start.location)).location == "/"
        assert "Hei, Kari Nøkkel" in logged_in_name(client)
    finally:
        app.extensions["portal.engine"].dispose()
