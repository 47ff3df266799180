"""Single sign-on settings without a provider running: start-up checks, the unchanged login
page, the password policy's guard, and the authorisation flag on competences."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal import create_app
from portal.competence.models import Competence
from portal.config import ConfigError
from tests.conftest import TEST_SECRET

PROVIDER = {
    "OIDC_IDPORTEN_ISSUER": "https://idporten.no",
    "OIDC_IDPORTEN_CLIENT_ID": "abc",
    "OIDC_IDPORTEN_CLIENT_SECRET": "s3cret",
}


def test_without_providers_the_login_page_has_only_the_password_form(client):
    html = client.get("/login").get_data(as_text=True)
    assert "sign-in-options" not in html
    assert "Eller logg inn med passord" not in html
    assert 'name="password"' in html


def test_production_refuses_single_sign_on_without_a_base_url(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "PORTAL_ENV": "production",
                "SECRET_KEY": TEST_SECRET,
                **PROVIDER,
            }
        )


def test_a_wrong_provider_setting_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="PORTAL_OIDC_IDPORTEN_CLIENT_ID is required"):
        create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
                "SECRET_KEY": TEST_SECRET,
                "OIDC_IDPORTEN_ISSUER": "https://idporten.no",
            }
        )


def test_password_login_stays_on_while_no_provider_is_configured(client, auth, make_person):
    auth.login(make_person(access="admin"))
    response = client.post("/admin/sign-in", data={"password_login": "admins"})
    assert response.status_code == 422
    assert "Sett opp minst én innloggingstjeneste" in response.get_data(as_text=True)
    client.post("/logout")
    assert auth.login(make_person()).location == "/"


def test_an_administrator_marks_a_competence_as_an_authorisation(
    client, db, auth, make_person, make_competence
):
    competence = make_competence("autorisasjon", kind="external")
    auth.login(make_person(access="admin"))
    page = client.get(f"/competence/{competence.id}/edit").get_data(as_text=True)
    assert "Er en autorisasjon som helsepersonell (HPR)" in page
    response = client.post(
        f"/competence/{competence.id}/edit",
        data={
            "code": "autorisasjon",
            "name": "Autorisasjon",
            "kind": "external",
            "is_authorisation": "y",
        },
    )
    assert response.status_code == 302
    assert db.scalar(select(Competence.is_authorisation).where(Competence.id == competence.id))
