"""Single sign-on providers, read from the settings (pure: no Flask, no database).

``PORTAL_OIDC_<NAME>_<FIELD>`` arrives here as the config key ``OIDC_<NAME>_<FIELD>``. Each
provider needs an issuer, a client id and either a client secret or a private key (for
``private_key_jwt``); the rest have defaults that suit a plain OpenID Connect provider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Ordered levels of assurance, lowest first, for the providers whose ``acr`` values are known.
KNOWN_ACR_ORDERS: tuple[tuple[str, ...], ...] = (
    ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high"),
    ("low", "substantial", "high"),
    ("1", "2", "3", "4"),  # HelseID's security_level
)

# Longest first, so that CLIENT_SECRET is never read as a name ending in _CLIENT + SECRET.
FIELDS = (
    "EMAIL_VERIFIED_CLAIM",
    "CLIENT_SECRET",
    "PRIVATE_KEY",
    "ACR_LEVELS",
    "CLIENT_ID",
    "ACR_CLAIM",
    "PID_CLAIM",
    "MIN_ACR",
    "ISSUER",
    "SCOPES",
    "LABEL",
    "KEY_ID",
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")


class ProviderConfigError(ValueError):
    """The OIDC settings are incomplete or contradict each other."""


@dataclass(frozen=True)
class Provider:
    name: str  # lower case letters, digits and '_'; appears in URLs
    label: str
    issuer: str
    client_id: str
    client_secret: str | None
    private_key: str | None  # PEM or JWK text, for private_key_jwt
    key_id: str | None
    scopes: tuple[str, ...]
    min_acr: str | None
    acr_levels: tuple[str, ...]
    acr_claim: str
    pid_claim: str
    email_verified_claim: str

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    def acr_is_enough(self, acr: Any) -> bool:
        """Whether the level the provider reports meets the configured minimum."""
        return acr_meets(acr, self.min_acr, self.acr_levels)


def acr_meets(acr: Any, minimum: str | None, levels: tuple[str, ...]) -> bool:
    """``acr`` is at least ``minimum`` in ``levels`` (lowest first); no minimum: always.

    A level the order does not know, or none at all, never meets a minimum.
    """
    if minimum is None:
        return True
    acr = str(acr) if isinstance(acr, (str, int)) and not isinstance(acr, bool) else None
    return acr in levels and levels.index(acr) >= levels.index(minimum)


def parse(config: Mapping[str, Any]) -> list[Provider]:
    """The providers configured in ``config``, in the order of their names.

    :raise ProviderConfigError: naming the setting that is missing, unknown or wrong
    """
    grouped: dict[str, dict[str, str]] = {}
    for key, value in config.items():
        if not key.startswith("OIDC_"):
            continue
        name, field = _split(key)
        grouped.setdefault(name, {})[field] = str(value).strip()
    return [_provider(name, settings) for name, settings in sorted(grouped.items())]


def _split(key: str) -> tuple[str, str]:
    rest = key.removeprefix("OIDC_")
    for field in FIELDS:
        if rest.endswith("_" + field):
            name = rest.removesuffix("_" + field).lower()
            if not _NAME.match(name):
                raise ProviderConfigError(
                    f"PORTAL_{key}: the provider name must be letters A-Z, digits or '_'"
                )
            return name, field
    raise ProviderConfigError(
        f"PORTAL_{key}: unknown setting; known endings: " + ", ".join(sorted(FIELDS))
    )


def _provider(name: str, settings: dict[str, str]) -> Provider:
    prefix = f"PORTAL_OIDC_{name.upper()}_"
    for required in ("ISSUER", "CLIENT_ID"):
        if not settings.get(required):
            raise ProviderConfigError(f"{prefix}{required} is required")
    issuer = settings["ISSUER"]
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ProviderConfigError(f"{prefix}ISSUER must be an https:// address")
    secret, key = settings.get("CLIENT_SECRET") or None, settings.get("PRIVATE_KEY") or None
    if bool(secret) == bool(key):
        raise ProviderConfigError(
            f"set exactly one of {prefix}CLIENT_SECRET and {prefix}PRIVATE_KEY"
        )
    scopes = tuple(settings.get("SCOPES", "openid email").replace(",", " ").split())
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    min_acr = settings.get("MIN_ACR") or None
    levels = _acr_levels(prefix, settings, min_acr)
    return Provider(
        name=name,
        label=settings.get("LABEL") or name,
        issuer=issuer,
        client_id=settings["CLIENT_ID"],
        client_secret=secret,
        private_key=_read_key(prefix, key) if key else None,
        key_id=settings.get("KEY_ID") or None,
        scopes=scopes,
        min_acr=min_acr,
        acr_levels=levels,
        acr_claim=settings.get("ACR_CLAIM") or "acr",
        pid_claim=settings.get("PID_CLAIM") or "pid",
        email_verified_claim=settings.get("EMAIL_VERIFIED_CLAIM") or "email_verified",
    )


def _acr_levels(prefix: str, settings: dict[str, str], min_acr: str | None) -> tuple[str, ...]:
    if settings.get("ACR_LEVELS"):
        levels = tuple(settings["ACR_LEVELS"].replace(",", " ").split())
    elif min_acr is None:
        return ()
    else:
        levels = next((order for order in KNOWN_ACR_ORDERS if min_acr in order), ())
    if min_acr is not None and min_acr not in levels:
        raise ProviderConfigError(
            f"{prefix}MIN_ACR {min_acr!r} is not a known level: list the provider's levels, "
            f"lowest first, in {prefix}ACR_LEVELS"
        )
    return levels


def _read_key(prefix: str, value: str) -> str:
    """A key given inline (PEM or JWK) or as the path of a file holding one."""
    if value.startswith(("-----BEGIN", "{")):
        return value.replace("\\n", "\n")
    path = Path(value)
    if not path.is_file():
        raise ProviderConfigError(f"{prefix}PRIVATE_KEY is neither a key nor a readable file")
    return path.read_text()
