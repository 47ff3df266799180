"""Browser tests: real Chromium (the system's /usr/bin/chromium) driven by Playwright against a
live server on a demo database, with axe-core (installed from npm by `make test`).

They skip with a reason where Chromium, Playwright or axe-core is missing, and fail instead
under ``PORTAL_REQUIRE_ALL_TESTS=1`` (CI).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from tests.conftest import TEST_SECRET, migrate, skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "kompetanse-demo"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A SQLite database with the demo organisation and the courses, built once."""
    from portal import demo
    from portal.db import new_session

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        with new_session() as session:
            demo.load(session)
            session.commit()
        if "content" in app.cli.commands:  # the courses, as `make run` loads them
            result = app.test_cli_runner().invoke(args=["content", "sync"])
            assert result.exit_code == 0, result.output
    app.extensions["portal.engine"].dispose()
    return path


@pytest.fixture
def live_server(demo_template, tmp_path) -> Iterator[str]:
    """The portal on a copy of the demo database, served on a free local port."""
    path = tmp_path / "live.sqlite3"
    shutil.copy(demo_template, path)
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": TEST_SECRET})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.extensions["portal.engine"].dispose()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} not found: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server):
    # The pages forbid inline scripts; bypass_csp lets the test inject axe-core all the same.
    context = browser.new_context(base_url=live_server, bypass_csp=True, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        skip_or_fail(f"{AXE} not found: run `npm ci` (make test does)")
    return AXE.read_text()


def axe_violations(page, axe_source: str | None) -> list[str]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page, one line each. Without
    ``axe_source`` the page has axe-core already (a context's init script)."""
    if axe_source is not None:
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.fixture
def check_a11y(axe_source):
    """Run axe-core on the page and fail on any WCAG 2.1 A/AA violation."""

    def check(page) -> None:
        problems = axe_violations(page, axe_source)
        assert not problems, f"{page.url}: " + "\n".join(problems)

    return check


def log_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def open_menu(page) -> None:
    """Open the main menu where a narrow screen folds it behind its «Meny» button; where the
    whole menu shows, nothing to do."""
    toggle = page.locator("summary", has_text="Meny")
    if toggle.is_visible() and not page.locator("details.menu").evaluate("menu => menu.open"):
        toggle.click()


def printed(page, path: Path) -> str:
    """Print the page to a PDF at ``path`` as Chromium prints it (on A4, or the page size its
    print sheet asks for) and return the PDF's text, whitespace folded, as pdftotext reads it: text
    cut off at the edge of the paper is not in it."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext not found: install Debian's poppler-utils package")
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True, print_background=True)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Width and height in points of each page of a PDF that Chromium printed."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", path.read_bytes())
    return [(float(width), float(height)) for width, height in boxes]


def words_at_the_edge(path: Path, margin_mm: float = 5) -> list[str]:
    """The words of a PDF that end within ``margin_mm`` of the right edge of their page, or
    beyond it: text that is cut off, or about to be on a printer that cannot print there."""
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    margin = margin_mm * 72 / 25.4
    found = []
    for page_width, body in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', layout, re.S):
        for x_max, word in re.findall(r'<word [^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', body):
            if float(x_max) > float(page_width) - margin:
                found.append(word)
    return found
