"""Reading single sign-on providers from the settings, and the order of assurance levels."""

from __future__ import annotations

import pytest

from portal.accounts.sso.providers import ProviderConfigError, acr_meets, parse

IDPORTEN = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
MINIMAL = {
    "OIDC_IDPORTEN_ISSUER": "https://idporten.no",
    "OIDC_IDPORTEN_CLIENT_ID": "abc",
    "OIDC_IDPORTEN_CLIENT_SECRET": "s3cret",
}


def test_no_oidc_settings_means_no_providers():
    assert parse({"SECRET_KEY": "x", "EXPIRING_WINDOW_DAYS": 60}) == []


def test_a_minimal_provider_gets_the_defaults():
    (provider,) = parse(MINIMAL)
    assert provider.name == "idporten"
    assert provider.label == "idporten"
    assert provider.scopes == ("openid", "email")
    assert provider.min_acr is None
    assert (provider.acr_claim, provider.pid_claim) == ("acr", "pid")
    assert provider.metadata_url == "https://idporten.no/.well-known/openid-configuration"


def test_several_providers_with_every_setting():
    providers = parse(
        {
            **MINIMAL,
            "OIDC_IDPORTEN_LABEL": "ID-porten",
            "OIDC_IDPORTEN_SCOPES": "profile",
            "OIDC_IDPORTEN_MIN_ACR": "idporten-loa-substantial",
            "OIDC_HELSE_ID_ISSUER": "https://helseid-sts.nhn.no",
            "OIDC_HELSE_ID_CLIENT_ID": 1234,
            "OIDC_HELSE_ID_PRIVATE_KEY": '{"kty": "RSA"}',
            "OIDC_HELSE_ID_KEY_ID": "k1",
            "OIDC_HELSE_ID_ACR_CLAIM": "helseid://claims/identity/security_level",
            "OIDC_HELSE_ID_ACR_LEVELS": "3,4",
            "OIDC_HELSE_ID_MIN_ACR": 4,
            "OIDC_HELSE_ID_PID_CLAIM": "helseid://claims/identity/pid",
        }
    )
    helse_id, idporten = providers
    assert (helse_id.name, idporten.name, idporten.label) == ("helse_id", "idporten", "ID-porten")
    assert idporten.scopes == ("openid", "profile")
    assert idporten.acr_levels == IDPORTEN
    assert (helse_id.client_id, helse_id.key_id, helse_id.client_secret) == ("1234", "k1", None)
    assert (helse_id.min_acr, helse_id.acr_levels) == ("4", ("3", "4"))
    assert helse_id.acr_is_enough(4)
    assert not helse_id.acr_is_enough(3)
    assert helse_id.pid_claim == "helseid://claims/identity/pid"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"OIDC_X_ISSUER": "https://x.example"}, "PORTAL_OIDC_X_CLIENT_ID is required"),
        (
            {"OIDC_X_CLIENT_ID": "a", "OIDC_X_CLIENT_SECRET": "b"},
            "PORTAL_OIDC_X_ISSUER is required",
        ),
        ({"OIDC_X_ISSUER": "https://x.example", "OIDC_X_CLIENT_ID": "a"}, "exactly one of"),
        (
            {
                "OIDC_X_ISSUER": "http://x.example",
                "OIDC_X_CLIENT_ID": "a",
                "OIDC_X_CLIENT_SECRET": "b",
            },
            "https://",
        ),
        ({**MINIMAL, "OIDC_IDPORTEN_CLIENTID": "typo"}, "unknown setting"),
        ({**MINIMAL, "OIDC_IDPORTEN_MIN_ACR": "Level5"}, "ACR_LEVELS"),
        ({"OIDC_A.B_ISSUER": "https://x.example"}, "provider name"),
    ],
)
def test_wrong_settings_name_the_setting(settings, message):
    with pytest.raises(ProviderConfigError, match=message.replace(".", r"\.")):
        parse(settings)


def test_numbers_from_the_environment_are_read_as_text():
    (provider,) = parse({**MINIMAL, "OIDC_IDPORTEN_CLIENT_ID": 12345})
    assert provider.client_id == "12345"


def test_a_private_key_may_be_a_file(tmp_path):
    path = tmp_path / "key.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\n...")
    (provider,) = parse(
        {
            "OIDC_H_ISSUER": "https://h.example",
            "OIDC_H_CLIENT_ID": "a",
            "OIDC_H_PRIVATE_KEY": str(path),
        }
    )
    assert provider.private_key.startswith("-----BEGIN PRIVATE KEY-----")
    assert provider.client_secret is None


def test_the_known_order_is_used_for_a_known_minimum():
    (provider,) = parse({**MINIMAL, "OIDC_IDPORTEN_MIN_ACR": "idporten-loa-substantial"})
    assert provider.acr_levels == IDPORTEN


@pytest.mark.parametrize(
    ("acr", "minimum", "levels", "meets"),
    [
        ("idporten-loa-high", "idporten-loa-substantial", IDPORTEN, True),
        ("idporten-loa-substantial", "idporten-loa-substantial", IDPORTEN, True),
        ("idporten-loa-low", "idporten-loa-substantial", IDPORTEN, False),
        (None, "idporten-loa-substantial", IDPORTEN, False),
        ("Level4", "idporten-loa-substantial", IDPORTEN, False),
        (["idporten-loa-high"], "idporten-loa-substantial", IDPORTEN, False),
        (True, "1", ("1", "2"), False),
        (4, "3", ("3", "4"), True),
        ("3", "4", ("3", "4"), False),
        (None, None, (), True),
        ("anything", None, (), True),
    ],
)
def test_acr_meets_the_minimum_only_at_or_above_it(acr, minimum, levels, meets):
    assert acr_meets(acr, minimum, levels) is meets
