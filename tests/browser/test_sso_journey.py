"""Logging in through a real OpenID Connect provider (oidc-provider) in real Chromium."""

from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from tests.conftest import TEST_SECRET

WIDTHS = (390, 1366)


@pytest.fixture
def sso_database(demo_template, tmp_path) -> Path:
    path = tmp_path / "live.sqlite3"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def sso_server(sso_database, oidc_provider) -> Iterator[str]:
    """The portal on a copy of the demo database with the test provider configured."""
    path = sso_database
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": TEST_SECRET, **oidc_provider.settings()}
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = base_url  # known only once the port is chosen
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["portal.engine"].dispose()


@pytest.fixture
def sso_page(browser, sso_server):
    context = browser.new_context(base_url=sso_server, bypass_csp=True, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_at_every_width(page, check_a11y) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page)


def test_a_demo_person_logs_in_through_the_provider_and_lands_on_min_side(
    sso_page, sso_server, check_a11y
):
    page = sso_page
    page.goto("/login")
    check_at_every_width(page, check_a11y)
    page.get_by_role("link", name="Logg inn med Testleverandør").click()
    page.get_by_label("Testkonto").fill("sekretaer")
    page.get_by_role("button", name="Logg inn hos testleverandøren").click()
    page.wait_for_url(f"{sso_server}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hei, Siri Olsen"
    check_at_every_width(page, check_a11y)


def test_without_a_password_the_declaration_is_signed_with_a_new_login(
    sso_page, sso_server, sso_database, check_a11y
):
    """Siri Olsen has no password in the portal: the declaration of confidentiality offers a
    new login at the provider instead, and the confirmation says it was signed that way."""
    with sqlite3.connect(sso_database) as connection:
        connection.execute(
            "UPDATE persons SET password_hash = NULL WHERE email = 'sekretaer@leknes.example'"
        )
    page = sso_page
    page.goto("/login")
    page.get_by_role("link", name="Logg inn med Testleverandør").click()
    page.get_by_label("Testkonto").fill("sekretaer")
    page.get_by_role("button", name="Logg inn hos testleverandøren").click()
    page.wait_for_url(f"{sso_server}/")

    page.goto("/documents/taushetserklaering")
    assert page.get_by_label("Passordet ditt").count() == 0
    assert page.get_by_role("button", name="Jeg har lest og forstått").count() == 0
    check_at_every_width(page, check_a11y)
    page.get_by_role("link", name="Bekreft med innlogging hos Testleverandør").click()
    # The provider asks again, though its session is still there.
    page.get_by_label("Testkonto").fill("sekretaer")
    page.get_by_role("button", name="Logg inn hos testleverandøren").click()
    page.wait_for_url(f"{sso_server}/documents/taushetserklaering")
    assert page.get_by_text("Du logget inn på nytt hos Testleverandør klokken").is_visible()
    check_at_every_width(page, check_a11y)
    page.get_by_role("button", name="Jeg har lest og forstått").click()
    assert page.get_by_text("Du har bekreftet at du har lest og forstått").is_visible()
    row = page.get_by_role("row", name=re.compile("Taushetserklæring")).first
    assert "Bekreftet versjon 2" in row.inner_text()
    assert page.get_by_text("bekreftet med ny innlogging").is_visible()
    check_at_every_width(page, check_a11y)
