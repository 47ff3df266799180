"""Logging in through a real OpenID Connect provider (oidc-provider) in real Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from portal import create_app
from tests.conftest import TEST_SECRET

WIDTHS = (390, 1366)


@pytest.fixture
def sso_server(demo_template, tmp_path, oidc_provider) -> Iterator[str]:
    """The portal on a copy of the demo database with the test provider configured."""
    path = tmp_path / "live.sqlite3"
    shutil.copy(demo_template, path)
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
