"""A real OpenID Connect provider for the tests: panva's oidc-provider, started with Node on a
loopback port (see provider.mjs), and a helper that logs in through it as a browser would.

Without Node or the npm package the tests skip with the reason (and fail under
``PORTAL_REQUIRE_ALL_TESTS=1``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from joserfc.jwk import RSAKey

from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
PACKAGE = ROOT / "node_modules" / "oidc-provider"
PORTAL = "http://portal.test"
CLIENT_ID, CLIENT_SECRET = "portal", "portal-client-secret"
KEYED_CLIENT_ID = "portal-keyed"  # authenticates with private_key_jwt
HPR_CLAIM = "helseid://claims/hpr/hpr_number"

# The provider's test accounts: the login name typed on its page, and the claims it releases.
ACCOUNTS = {
    "kari": {
        "email": "kari@sso.example",
        "email_verified": True,
        "pid": "01017012345",
        HPR_CLAIM: "9144900",
        "name": "Kari Nordmann",
    },
    "unverified": {"email": "ulla@sso.example", "email_verified": False},
    "pidonly": {"pid": "24048512345"},
    "stranger": {"email": "stranger@sso.example", "email_verified": True},
    "sekretaer": {"email": "sekretaer@leknes.example", "email_verified": True},
}


@dataclass(frozen=True)
class LocalProvider:
    issuer: str
    key: RSAKey  # the provider's own signing key, for crafting tokens it could have issued
    client_key: RSAKey  # the keyed client's private key

    def settings(self, base_url: str = PORTAL, name: str = "TEST") -> dict[str, str]:
        """The portal settings for this provider, as PORTAL_OIDC_TEST_* would give them."""
        prefix = f"OIDC_{name}_"
        return {
            "BASE_URL": base_url,
            prefix + "ISSUER": self.issuer,
            prefix + "CLIENT_ID": CLIENT_ID,
            prefix + "CLIENT_SECRET": CLIENT_SECRET,
            prefix + "LABEL": "Testleverandør",
            prefix + "SCOPES": "openid email pid helseid://scopes/hpr/hpr_number",
            prefix + "MIN_ACR": "idporten-loa-substantial",
        }

    def keyed_settings(self, name: str = "KEYED") -> dict[str, str]:
        """Settings for the client that authenticates with ``private_key_jwt``."""
        prefix = f"OIDC_{name}_"
        return {
            "BASE_URL": PORTAL,
            prefix + "ISSUER": self.issuer,
            prefix + "CLIENT_ID": KEYED_CLIENT_ID,
            prefix + "PRIVATE_KEY": json.dumps(self.client_key.as_dict(private=True)),
        }


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[LocalProvider]:
    node = shutil.which("node")
    if node is None:
        skip_or_fail("node not found: the single sign-on tests run against oidc-provider on Node")
    if not PACKAGE.exists():
        skip_or_fail(f"{PACKAGE} not found: run `npm ci` (make test does)")
    key = RSAKey.generate_key(
        2048, parameters={"kid": "test-signing-key", "use": "sig", "alg": "RS256"}
    )
    client_key = RSAKey.generate_key(
        2048, parameters={"kid": "client-key", "use": "sig", "alg": "RS256"}
    )
    settings = tmp_path_factory.mktemp("oidc") / "settings.json"
    settings.write_text(
        json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "keyed_client_id": KEYED_CLIENT_ID,
                "client_public_jwk": client_key.as_dict(private=False),
                "redirect_prefixes": [f"{PORTAL}/login/", "http://127.0.0.1:"],
                "jwk": key.as_dict(private=True),
                "accounts": ACCOUNTS,
            }
        )
    )
    log = settings.with_name("provider.log")
    with (
        log.open("w") as errors,
        subprocess.Popen(
            [node, str(SCRIPT), str(settings)],
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=errors,
        ) as process,
    ):
        try:
            yield LocalProvider(issuer=_first_line(process, log), key=key, client_key=client_key)
        finally:
            process.terminate()


def _first_line(process: subprocess.Popen, log: Path, timeout: float = 30) -> str:
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not lines or not lines[0].strip():
        raise RuntimeError("oidc-provider did not start: " + log.read_text())
    return json.loads(lines[0])["issuer"]


class ProviderBrowser:
    """The provider's side of a login, as a browser would do it (cookies kept)."""

    def __init__(self) -> None:
        self.http = requests.Session()

    def authorize(
        self, url: str, login: str = "kari", acr: str = "idporten-loa-substantial"
    ) -> str:
        """Follow ``url`` through the provider's login page; return the portal address the
        provider sends the browser back to (path and query)."""
        response = self._follow(url)
        if response.url.startswith(PORTAL):
            return _local(response.url)
        interaction = response.url
        response = self._follow(interaction, data={"login": login, "acr": acr})
        # Logging in as another account than the provider's session ends that session first,
        # on a page that posts its form as soon as it loads.
        while not response.url.startswith(PORTAL) and "forms[0].submit()" in response.text:
            action, fields = _form(response.text)
            response = self._follow(urljoin(response.url, action), data=fields)
        assert response.url.startswith(PORTAL), response.text
        return _local(response.url)

    def _follow(self, url: str, data: dict | None = None):
        """Go to ``url`` and follow redirects until the portal or a page of the provider."""
        method = "POST" if data else "GET"
        while True:
            response = self.http.request(method, url, data=data, allow_redirects=False, timeout=10)
            response.url = url
            location = response.headers.get("Location")
            if not location or url.startswith(PORTAL):
                return response
            url, method, data = urljoin(url, location), "GET", None
            if url.startswith(PORTAL):
                response.url = url
                return response


def _form(page: str) -> tuple[str, dict[str, str]]:
    """The first form's action and its hidden fields."""

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.action: str | None = None
            self.fields: dict[str, str] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = {name: value or "" for name, value in attrs}
            if tag == "form" and self.action is None:
                self.action = found.get("action", "")
            elif tag == "input" and found.get("type") == "hidden" and "name" in found:
                self.fields[found["name"]] = found.get("value", "")

    reader = Reader()
    reader.feed(page)
    assert reader.action is not None, page
    return reader.action, reader.fields


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture
def provider_browser() -> ProviderBrowser:
    return ProviderBrowser()
