"""The OpenID Connect conversation with a provider, through Authlib.

Discovery from the issuer's metadata, the authorization code flow with PKCE (S256), and the
checks on what comes back: ``state`` (Authlib keeps it in the signed session), the ID token's
signature, ``iss``, ``aud``, ``exp`` and ``nonce`` within a bounded clock skew, the nonce
used only once (kept in the database, so every worker knows), and the level of assurance.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.accounts.sso.models import UsedNonce
from portal.accounts.sso.providers import Provider

# A used nonce is remembered this long; a token older than that fails its expiry anyway.
NONCE_MEMORY = timedelta(days=1)
HPR_CLAIM = "helseid://claims/hpr/hpr_number"


class SignInFailed(Exception):
    """The login cannot be completed; ``reason`` picks the page the user is shown."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    """Who the provider says logged in, after every check passed."""

    provider: str
    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    pid: str | None
    hpr_number: str | None
    acr: str | None
    id_token: str
    # When the user last authenticated at the provider (seconds since the epoch), if it says.
    auth_time: int | None = None


def make_oauth(app, providers: list[Provider]) -> OAuth:
    oauth = OAuth(app)
    for provider in providers:
        oauth.register(
            provider.name,
            client_id=provider.client_id,
            client_secret=_client_credential(provider),
            server_metadata_url=provider.metadata_url,
            client_kwargs=_client_kwargs(provider),
            client_auth_methods=_auth_methods(provider),
        )
    return oauth


def _client_credential(provider: Provider) -> Any:
    if provider.private_key is None:
        return provider.client_secret
    text = provider.private_key.strip()
    return RSAKey.import_key(json.loads(text) if text.startswith("{") else text)


def _client_kwargs(provider: Provider) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "scope": " ".join(provider.scopes),
        "code_challenge_method": "S256",
        "timeout": 10,
    }
    if provider.private_key is not None:
        kwargs["token_endpoint_auth_method"] = "private_key_jwt"
    return kwargs


def _auth_methods(provider: Provider) -> list[PrivateKeyJWT] | None:
    if provider.private_key is None:
        return None
    # The assertion's audience is the issuer, as ID-porten and HelseID require.
    headers = {"kid": provider.key_id} if provider.key_id else None
    return [PrivateKeyJWT(token_endpoint=provider.issuer, headers=headers)]


def metadata(remote) -> dict[str, Any]:
    """The provider's discovery document (fetched once, then kept by Authlib).

    :raise SignInFailed: ``unavailable`` when it cannot be read
    """
    try:
        document = remote.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        raise SignInFailed("unavailable", str(error)) from error
    return document


def check_issuer(provider: Provider, document: dict[str, Any]) -> None:
    """A discovery document must name the issuer it was fetched from (OpenID Discovery 4.3).

    :raise SignInFailed: ``misconfigured`` otherwise
    """
    if document.get("issuer") != provider.issuer:
        raise SignInFailed("misconfigured", f"metadata issuer {document.get('issuer')!r}")


# What asks the provider for a new login even where the user has a session there (OpenID
# Connect Core 3.1.2.1): the provider must ask again and say when it did in ``auth_time``.
NEW_LOGIN = {"prompt": "login", "max_age": "0"}


def authorization_redirect(remote, provider: Provider, redirect_uri: str, **params: str):
    """The redirect to the provider's login; state, nonce and PKCE verifier go in the session.
    Pass ``**NEW_LOGIN`` to make the user log in there again."""
    check_issuer(provider, metadata(remote))
    if provider.min_acr and provider.acr_claim == "acr":
        # Ask for the level up front (ID-porten offers only the eIDs that reach it); a level
        # carried in a claim of the provider's own (HelseID) is only checked afterwards.
        params.setdefault("acr_values", provider.min_acr)
    try:
        return remote.authorize_redirect(redirect_uri, **params)
    except requests.RequestException as error:
        raise SignInFailed("unavailable", str(error)) from error


def complete(remote, provider: Provider, db: Session, *, skew: int, now: datetime) -> Identity:
    """Exchange the code from the callback and check everything the provider says.

    :raise SignInFailed: with the reason the login is refused
    """
    check_issuer(provider, metadata(remote))
    try:
        token = remote.authorize_access_token(
            leeway=skew,
            claims_options={
                "iss": {"essential": True, "value": provider.issuer},
                "aud": {"essential": True, "value": provider.client_id},
            },
        )
    except OAuthError as error:
        reason = "state" if error.error == "mismatching_state" else "provider"
        raise SignInFailed(reason, str(error)) from error
    except JoseError as error:
        raise SignInFailed("token", f"{error.error}: {error.description}") from error
    except requests.RequestException as error:
        raise SignInFailed("unavailable", str(error)) from error
    claims = token.get("userinfo")
    if not claims:
        raise SignInFailed("token", "no ID token")
    if claims.get("iat", 0) > time.time() + skew:
        raise SignInFailed("token", "issued in the future")
    _use_nonce(db, provider.issuer, claims["nonce"], now)
    claims = {**_userinfo(remote, token, claims["sub"]), **claims}
    acr = claims.get(provider.acr_claim)
    if not provider.acr_is_enough(acr):
        raise SignInFailed("acr", f"{acr!r} is below {provider.min_acr!r}")
    return _identity(provider, claims, token["id_token"])


def _use_nonce(db: Session, issuer: str, nonce: str, now: datetime) -> None:
    digest = hashlib.sha256(f"{issuer} {nonce}".encode()).hexdigest()
    db.execute(delete(UsedNonce).where(UsedNonce.used_dt < now - NONCE_MEMORY))
    if db.scalar(select(UsedNonce.digest).where(UsedNonce.digest == digest)):
        raise SignInFailed("replay", "nonce already used")
    db.add(UsedNonce(digest=digest, used_dt=now))
    db.flush()  # the primary key refuses a replay racing this one in another worker


def _userinfo(remote, token: dict[str, Any], subject: str) -> dict[str, Any]:
    """The userinfo claims where the provider has the endpoint (oidc-provider and HelseID put
    profile claims there); a different subject there would be a provider's error."""
    if not remote.load_server_metadata().get("userinfo_endpoint"):
        return {}
    try:
        info = dict(remote.userinfo(token=token))
    except (requests.RequestException, OAuthError, ValueError) as error:
        raise SignInFailed("unavailable", f"userinfo: {error}") from error
    if info.get("sub") != subject:
        raise SignInFailed("token", "userinfo is about another subject")
    return info


def _identity(provider: Provider, claims: dict[str, Any], id_token: str) -> Identity:
    def text(name: str) -> str | None:
        value = claims.get(name)
        return str(value).strip() or None if isinstance(value, (str, int)) else None

    verified = claims.get(provider.email_verified_claim)
    return Identity(
        provider=provider.name,
        issuer=provider.issuer,
        subject=str(claims["sub"]),
        email=text("email"),
        email_verified=verified is True or verified in ("true", "1", 1),
        pid=text(provider.pid_claim),
        hpr_number=text(HPR_CLAIM),
        acr=text(provider.acr_claim),
        id_token=id_token,
        auth_time=_seconds(claims.get("auth_time")),
    )


def _seconds(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value)


def logout_url(remote, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address for this login, if it offers one."""
    try:
        if not metadata(remote).get("end_session_endpoint"):
            return None
    except SignInFailed:
        return None
    return remote.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri, id_token_hint=id_token
    )["url"]
