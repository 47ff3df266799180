"""Reflow (WCAG 2.1 1.4.10): every page a demo user reaches by following links is usable at
320 and 390 CSS pixels without scrolling the page sideways, and axe finds nothing on it at
either width.

Each user's pages are found by following same-origin links from the start page at the
narrowest width (GET only: logging out and changing language are forms, and downloads are left
alone); the same pages are then checked at the other width, in a context of its own. Pages of
one shape (the same view, the same query keys) are visited once, and at most ``MAX_PAGES``
pages a user, so that the test stays quick as the demo grows. Lessons and documents differ by
their text, not by who reads them: the employee's crawl reads every one, the others one each.
"""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

from portal import create_app
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import TEST_SECRET

CONTENT = frozenset({"catalog.lesson", "documents.show", "documents.version"})
USERS = (
    ("sekretaer@leknes.example", CONTENT),  # an employee
    ("nyansatt@leknes.example", frozenset()),  # a new hire with a checklist under way
    ("leder@leknes.example", frozenset()),  # a lead
    ("admin@demo.example", frozenset()),  # the administrator
)
WIDTHS = (320, 390)
DOWNLOADS = re.compile(r"\.(csv|xlsx|pdf|ics|zip|json|md|svg|png|jpe?g)$", re.IGNORECASE)
LEAVE_ALONE = ("/logout", "/static/", "/verify/")
MAX_PAGES = 60

# What reaches past the right edge and is not clipped by a scrolling box around it (an
# absolutely positioned element escapes a box that is not its containing block), outermost
# first, so that the failure says where to look.
OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const clips = e => getComputedStyle(e).overflowX !== 'visible';
  const clipped = element => {
    const position = getComputedStyle(element).position;
    if (position === 'fixed') return false;
    const block = position === 'absolute' ? element.offsetParent : element.parentElement;
    for (let a = block; a && a !== document.body; a = a.parentElement) {
      if (clips(a)) return true;
    }
    return false;
  };
  const offenders = [...document.body.querySelectorAll('*')].filter(
    e => e.getBoundingClientRect().right > limit && !clipped(e));
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + [...e.classList].map(c => '.' + c).join('');
  const right = e => Math.round(e.getBoundingClientRect().right);
  return offenders.filter(e => !offenders.includes(e.parentElement)).slice(0, 3)
    .map(e => `${name(e)} in ${name(e.parentElement)} to ${right(e)} px`);
}"""


@pytest.fixture(scope="module")
def routes(demo_template) -> MapAdapter:
    """The portal's URL rules, to tell which view a link leads to."""
    app = create_app({"DATABASE_URL": f"sqlite:///{demo_template}", "SECRET_KEY": TEST_SECRET})
    adapter = app.url_map.bind("localhost")
    app.extensions["portal.engine"].dispose()
    return adapter


def shape(routes: MapAdapter, url: str) -> tuple[str, tuple[str, ...]]:
    """A page's shape: the view that answers it and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        endpoint, _ = routes.match(parts.path, method="GET")
    except HTTPException:  # no such page, or a redirect: the path itself is its shape
        endpoint = parts.path
    return str(endpoint), tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def worth_visiting(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}" == origin
        and not DOWNLOADS.search(parts.path)
        and not any(parts.path.startswith(prefix) for prefix in LEAVE_ALONE)
    )


def new_page(browser, live_server, email: str, width: int, axe_source: str):
    # The pages forbid inline scripts; bypass_csp lets the test inject axe-core all the same.
    context = browser.new_context(
        base_url=live_server,
        bypass_csp=True,
        locale="nb-NO",
        viewport={"width": width, "height": 800},
    )
    # Handed over once, not with every page: axe-core is half a megabyte.
    context.add_init_script(script=axe_source)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, email)
    page.wait_for_url(f"{live_server}/")
    return context, page


def look(page, url: str, width: int, problems: dict[str, list[str]]) -> bool:
    """Open ``url`` and note what is wrong with it; False when it is no HTML page."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:  # a download behind a link without a telling suffix
        if "Download is starting" in str(error):
            return False
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return False
    where = f"{url} at {width} px"
    if response.status >= 400:
        problems["status"].append(f"{where}: {response.status}")
        return True
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll > inner:
        problems["reflow"].append(
            f"{where}: {scroll} px wide: " + "; ".join(page.evaluate(OVERFLOWING))
        )
    problems["axe"].extend(f"{where}: {line}" for line in axe_violations(page, None))
    return True


def crawl(page, routes, origin: str, width: int, every: frozenset[str], problems) -> list[str]:
    """Follow links from the start page, checking each page on the way at ``width``: one page
    of each shape, but every page of the views in ``every``."""
    queue = deque([f"{origin}/"])
    seen = {queue[0]}
    shapes = set()
    visited = []
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        if not look(page, url, width, problems):
            continue
        visited.append(url)
        links = page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )
        for link in (urldefrag(href).url for href in links):
            if link in seen or not worth_visiting(link, origin):
                continue
            seen.add(link)
            key = shape(routes, link)
            if key in shapes and key[0] not in every:
                continue
            shapes.add(key)
            queue.append(link)
    return visited


@pytest.mark.parametrize(("email", "every"), USERS, ids=[email for email, _ in USERS])
def test_every_page_reflows_at_320_and_390_px_and_axe_finds_nothing(
    browser, live_server, routes, axe_source, email, every
):
    problems: dict[str, list[str]] = {"reflow": [], "status": [], "axe": []}
    first, *others = WIDTHS
    context, page = new_page(browser, live_server, email, first, axe_source)
    try:
        pages = crawl(page, routes, live_server, first, every, problems)
    finally:
        context.close()
    assert len(pages) > 5, f"{email} reached only {pages}"
    for width in others:
        context, page = new_page(browser, live_server, email, width, axe_source)
        try:
            for url in pages:
                look(page, url, width, problems)
        finally:
            context.close()
    report = [
        f"{title}:\n  " + "\n  ".join(lines)
        for title, lines in (
            ("Scrolls sideways (scrollWidth > innerWidth)", problems["reflow"]),
            ("Answers with an error", problems["status"]),
            ("axe (WCAG 2.1 A/AA)", problems["axe"]),
        )
        if lines
    ]
    assert not report, f"{email}, {len(pages)} pages:\n" + "\n".join(report)


def test_the_menu_folds_on_a_phone_and_opens_without_javascript(browser, live_server):
    for width, folded in ((320, True), (390, True), (1366, False)):
        context = browser.new_context(
            base_url=live_server,
            locale="nb-NO",
            java_script_enabled=False,
            viewport={"width": width, "height": 800},
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            log_in(page, "admin@demo.example")
            menu = page.get_by_role("navigation", name="Hovedmeny")
            toggle = page.locator("summary", has_text="Meny")
            logout = page.get_by_role("button", name="Logg ut")
            assert toggle.is_visible() is folded, width
            assert menu.get_by_role("link", name="Kurspott").is_visible() is not folded, width
            assert logout.is_visible() is not folded, width
            if folded:
                header = page.locator(".site-header").bounding_box()
                assert header is not None
                assert header["height"] < 80, f"{width}: the folded menu takes one row"
                toggle.click()
                assert menu.get_by_role("link", name="Kurspott").is_visible(), width
                assert logout.is_visible(), width
                menu.get_by_role("link", name="Kurspott").click()
                assert page.get_by_role("heading", level=1).is_visible()
                assert page.url.endswith("/funds/"), page.url
        finally:
            context.close()
