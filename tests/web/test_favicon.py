"""Every page names an icon the browser needs not fetch, so no page asks for a missing
favicon."""

import re
from urllib.parse import unquote


def test_login_page_carries_its_icon(app):
    page = app.test_client().get("/login").get_data(as_text=True)
    [icon] = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert icon.startswith("data:image/svg+xml,")
    assert unquote(icon.removeprefix("data:image/svg+xml,")).startswith("<svg")
