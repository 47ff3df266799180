"""Settings from the environment (see CONTRACT.md, "Configuration")."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


class ConfigError(RuntimeError):
    """The settings do not allow the portal to start."""


DEFAULTS: dict[str, Any] = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "BABEL_DEFAULT_LOCALE": "nb",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
    "LANGUAGES": {"nb": "Norsk bokmål", "en": "English"},
    "EXPIRING_WINDOW_DAYS": 60,
    # The largest share of active staff (percent) one HR sync may deactivate without
    # ``--allow-mass-leave``.
    "SYNC_MAX_LEAVE_PERCENT": 10,
    # Guessing limit: after this many failures on one account from one address, it must wait
    # there; the wait doubles with every further failure, up to the cap. The address limit
    # stops spraying many accounts; the account limit, far higher, stops guessing one account
    # from many addresses (see portal/accounts/throttle.py).
    "LOGIN_FREE_FAILURES": 5,
    "LOGIN_BASE_WAIT_SECONDS": 30,
    "LOGIN_MAX_WAIT_SECONDS": 15 * 60,
    "LOGIN_ADDRESS_FAILURES_PER_WINDOW": 50,
    "LOGIN_ADDRESS_WINDOW_SECONDS": 15 * 60,
    "LOGIN_ACCOUNT_FAILURES_PER_WINDOW": 100,
    "LOGIN_ACCOUNT_WINDOW_SECONDS": 15 * 60,
    # How many reverse proxies stand in front and set X-Forwarded-For/-Proto (0: none, the
    # address of the connection is the client's).
    "TRUSTED_PROXIES": 0,
    # The largest request: a people CSV at its limit (portal/org/importer.py) and the form.
    "MAX_CONTENT_LENGTH": 51 * 1024 * 1024,
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    "MAIL_FROM": "kompetanseportalen@localhost",
    # Who issues the certificates; unset, the name of the top unit (portal/org/queries.py).
    "ORGANISATION_NAME": None,
}

_ENV_KEYS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "PORTAL_ENV",
    "SMTP_HOST",
    "SMTP_PORT",
    "SMTP_USER",
    "SMTP_PASSWORD",
    "MAIL_FROM",
)


def load(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the configuration: defaults, then the environment, then ``overrides`` (tests).

    :raise ConfigError: in production without a ``SECRET_KEY``
    """
    config = dict(DEFAULTS)
    config.update({key: os.environ[key] for key in _ENV_KEYS if os.environ.get(key)})
    config.update(_prefixed_env())
    config.update(overrides or {})
    config["SMTP_PORT"] = int(config["SMTP_PORT"])
    is_production = config.get("PORTAL_ENV") == "production"
    config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = is_production
    config.setdefault("DATABASE_URL", f"sqlite:///{instance_path / 'portal.sqlite3'}")
    if not config.get("SECRET_KEY"):
        if is_production:
            raise ConfigError("SECRET_KEY must be set when PORTAL_ENV=production")
        config["SECRET_KEY"] = _development_secret(instance_path)
    config["BASE_URL"] = _base_url(config, is_production)
    return config


def _base_url(config: dict[str, Any], is_production: bool) -> str:
    """Where users reach the portal: every absolute link (mail, PDFs) starts with it, never
    with the Host a request claims.

    :raise ConfigError: in production without ``PORTAL_BASE_URL``, or when it is no http(s) URL
    """
    url = str(config.get("BASE_URL") or "").strip().rstrip("/")
    if not url:
        if is_production:
            raise ConfigError(
                "PORTAL_BASE_URL must be set when PORTAL_ENV=production "
                "(e.g. https://kompetanse.example.kommune.no)"
            )
        return f"http://127.0.0.1:{os.environ.get('PORT') or 5000}"
    if not url.startswith(("http://", "https://")) or "?" in url or "#" in url:
        raise ConfigError(f"PORTAL_BASE_URL must be an http:// or https:// address, not {url!r}")
    return url


def _prefixed_env() -> dict[str, Any]:
    """``PORTAL_EXPIRING_WINDOW_DAYS=30`` sets ``EXPIRING_WINDOW_DAYS``; numbers become ints."""
    settings: dict[str, Any] = {}
    for key, value in os.environ.items():
        if key.startswith("PORTAL_") and key != "PORTAL_ENV":
            number = value.isascii() and value.isdigit()
            settings[key.removeprefix("PORTAL_")] = int(value) if number else value
    return settings


def _development_secret(instance_path: Path) -> str:
    """A key generated once and kept in ``instance/``, so sessions survive a restart."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
